"""Programme features for residents, funding and many villages: through the pages as a
member uses them, and the services and selectors on their own. Pages are read in English
(the language cookie), so the assertions hold before and after the Dutch translation."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from samenspel.accounts.models import User
from samenspel.common.models import AuditEvent
from samenspel.common.text import normalise
from samenspel.cycles import selectors as cycle_selectors
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import LearningCycle, Review
from samenspel.programmes import selectors, services
from samenspel.programmes.constants import InitiativeStatus, Role
from samenspel.programmes.models import Area, Initiative, Programme
from samenspel.programmes.services import default_review_questions
from tests.factories import (
    AreaFactory,
    CycleFactory,
    InitiativeFactory,
    LearningQuestionFactory,
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client_for):
    def make(user):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        return client

    return make


# 1a. Residents see the cycles of their own initiatives -----------------------------------


def test_initiator_sees_open_cycles_of_own_initiatives(english, programme, area, member):
    initiator = member(Role.INITIATOR)
    own = InitiativeFactory(programme=programme, area=area, title="Speeltuin Sleeuwijk")
    own.initiator_accounts.add(initiator, member(Role.INITIATOR))
    other = InitiativeFactory(programme=programme, area=area, title="Jeu de boules")
    open_cycle = CycleFactory(initiative=own, state=CycleState.ACTING, title="Bouwdag")
    CycleFactory(initiative=own, state=CycleState.CLOSED, title="Afgesloten ronde")
    CycleFactory(initiative=other, state=CycleState.ACTING, title="Andermans ronde")

    mine = list(cycle_selectors.my_open_cycles(user=initiator))
    assert mine == [open_cycle]  # once, though the initiative has two initiators

    page = english(initiator).get(reverse("my-work")).content.decode()
    assert "Bouwdag" in page
    assert "Afgesloten ronde" not in page
    assert "Andermans ronde" not in page


def test_owned_and_own_initiative_cycles_are_listed_once(programme, area, member):
    initiator = member(Role.INITIATOR)
    own = InitiativeFactory(programme=programme, area=area)
    own.initiator_accounts.add(initiator)
    cycle = CycleFactory(initiative=own, state=CycleState.ACTING, owner=initiator)
    assert list(cycle_selectors.my_open_cycles(user=initiator)) == [cycle]


def test_former_member_no_longer_sees_own_initiative_cycles(programme, area):
    initiator = UserFactory()
    own = InitiativeFactory(programme=programme, area=area)
    own.initiator_accounts.add(initiator)
    CycleFactory(initiative=own, state=CycleState.ACTING)
    assert list(cycle_selectors.my_open_cycles(user=initiator)) == []


# 4. Who starts a programme --------------------------------------------------------------


def test_site_administrator_without_programmes_may_start_one(english, administrator):
    client = english(administrator)
    for name in ("my-work", "programme-list"):
        page = client.get(reverse(name)).content.decode()
        assert reverse("programme-create") in page, name
        assert "Ask a facilitator" not in page, name


def test_site_administrator_sees_programmes_without_membership(english, administrator, programme):
    page = english(administrator).get(reverse("programme-list")).content.decode()
    assert programme.name in page
    assert reverse("programme-create") in page


def test_member_without_programmes_is_told_to_ask_a_facilitator(english):
    page = english(UserFactory()).get(reverse("programme-list")).content.decode()
    assert "Ask a facilitator" in page
    assert reverse("programme-create") not in page


# 2. Funding as Altena ran it ------------------------------------------------------------


def _edit_data(programme, **changes):
    data = {
        "name": programme.name,
        "learning_goal": programme.learning_goal,
        "description": "",
        "starts_on": "",
        "ends_on": "",
        "review_questions": "\n".join(programme.review_questions),
        "budget": "",
        "co_investment_percentage": "",
        "version": programme.version,
    }
    return {**data, **changes}


def test_facilitator_sets_budget_and_rule(english, programme, facilitator):
    response = english(facilitator).post(
        reverse("programme-edit", args=[programme.slug]),
        _edit_data(programme, budget="10000", co_investment_percentage="25"),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.budget == Decimal("10000")
    assert programme.co_investment_percentage == Decimal("25")
    assert AuditEvent.objects.filter(action="programme.update", programme_id=programme.pk).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("budget", "-1"),
        ("co_investment_percentage", "-0.01"),
        ("co_investment_percentage", "100.01"),
        ("co_investment_percentage", "veel"),
        ("budget", "1e99"),
    ],
)
def test_bad_funding_rules_are_refused_and_change_nothing(
    english, programme, facilitator, field, value
):
    response = english(facilitator).post(
        reverse("programme-edit", args=[programme.slug]), _edit_data(programme, **{field: value})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    programme.refresh_from_db()
    assert programme.budget is None
    assert programme.co_investment_percentage is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget", Decimal("-1"), "An amount cannot be below zero."),
        ("co_investment_percentage", Decimal("-1"), "Choose a percentage from 0 to 100."),
        ("co_investment_percentage", Decimal("100.01"), "Choose a percentage from 0 to 100."),
    ],
)
def test_services_refuse_bad_funding_rules(facilitator, field, value, message):
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        services.programme_create(name="Altena", by=facilitator, **{field: value})
    assert refusal.value.message_dict[field] == [message]
    assert not Programme.objects.filter(name="Altena").exists()


def test_overview_shows_budget_committed_and_remaining(english, programme, area, civil_servant):
    programme.budget = Decimal("10000")
    programme.save()
    InitiativeFactory(programme=programme, area=area, municipal_contribution=Decimal("4000"))
    InitiativeFactory(programme=programme, area=area, municipal_contribution=Decimal("2500"))
    page = english(civil_servant).get(reverse("programme-detail", args=[programme.slug]))
    text = page.content.decode()
    assert "€ 10,000" in text and "€ 6,500" in text and "€ 3,500" in text
    assert "Over budget" not in text


def test_overview_says_over_budget_in_words(english, programme, area, civil_servant):
    programme.budget = Decimal("5000")
    programme.save()
    InitiativeFactory(programme=programme, area=area, municipal_contribution=Decimal("6200"))
    text = english(civil_servant).get(reverse("programme-detail", args=[programme.slug]))
    assert "Over budget by € 1,200" in text.content.decode()
    budget = selectors.programme_budget(programme=programme)
    assert budget.remaining == Decimal("-1200")
    assert budget.over_budget == Decimal("1200")


def test_no_budget_no_budget_lines(english, programme, civil_servant):
    assert selectors.programme_budget(programme=programme) is None
    text = english(civil_servant).get(reverse("programme-detail", args=[programme.slug]))
    assert 'id="budget"' not in text.content.decode()


@pytest.fixture
def two_programmes():
    """Altena asks 25%; the other asks 33.33%, where the amounts do not divide evenly.
    Every funding source is non-zero somewhere."""
    altena = ProgrammeFactory(co_investment_percentage=Decimal("25"))
    other = ProgrammeFactory(co_investment_percentage=Decimal("33.33"))

    def make(programme, municipal, residents, other_funding="0"):
        return InitiativeFactory(
            programme=programme,
            municipal_contribution=Decimal(municipal),
            resident_contribution=Decimal(residents),
            other_contribution=Decimal(other_funding),
        )

    return {
        "exactly": make(altena, "4000", "1000", "250"),  # 25.00%: passes
        "just_below": make(altena, "4000", "999.60"),  # 24.99%: breaks
        "far_below": make(altena, "4000", "500", "1200"),
        "no_municipal": make(altena, "0", "0", "800"),  # nothing to co-invest against
        "other_exactly": make(other, "300", "99.99", "10"),  # 33.33% of 300 = 99.99
        "other_below": make(other, "300", "99.98"),
        "other_above": make(other, "300", "100"),
    }


def test_co_investment_rule_at_exact_boundaries(two_programmes):
    broken = {
        name
        for name, initiative in two_programmes.items()
        if selectors.co_investment_shortfall(programme=initiative.programme, initiative=initiative)
    }
    assert broken == {"just_below", "far_below", "other_below"}


def test_no_rule_flags_nothing(programme, area):
    initiative = InitiativeFactory(
        programme=programme,
        area=area,
        municipal_contribution=Decimal("4000"),
        resident_contribution=Decimal("0"),
    )
    assert selectors.co_investment_shortfall(programme=programme, initiative=initiative) is None


def test_shortfall_reason_in_words(two_programmes):
    initiative = two_programmes["far_below"]
    shortfall = selectors.co_investment_shortfall(
        programme=initiative.programme, initiative=initiative
    )
    with translation.override("en"):
        assert str(shortfall) == (
            "Residents co-invest € 500, less than the 25% of € 4,000 (€ 1,000) "
            "that the programme asks."
        )


def test_broken_rule_is_flagged_on_initiative_page_and_list(english, two_programmes):
    initiative = two_programmes["far_below"]
    programme = initiative.programme
    viewer = MembershipFactory(programme=programme, role=Role.GOVERNANCE).user
    client = english(viewer)
    reason = "Residents co-invest € 500, less than the 25% of € 4,000 (€ 1,000)"
    page = client.get(reverse("initiative-detail", args=[programme.slug, initiative.pk]))
    assert reason in page.content.decode()
    ok = two_programmes["exactly"]
    page = client.get(reverse("initiative-detail", args=[programme.slug, ok.pk]))
    assert 'id="co-investment"' not in page.content.decode()
    listing = client.get(reverse("initiative-list", args=[programme.slug])).content.decode()
    assert listing.count("below co-investment rule") == 2  # far_below and just_below
    assert reason in listing


# 6. Case-insensitive uniqueness of area names in the database ---------------------------


def test_database_refuses_an_area_name_in_another_case(programme):
    AreaFactory(programme=programme, name="Almkerk")
    AreaFactory(name="ALMKERK")  # another programme may have it
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(programme=programme, name="ALMKERK")


def test_lost_race_becomes_a_form_error(english, programme, facilitator, monkeypatch):
    """The check before the insert saw nothing (the other post was not committed yet):
    the database's refusal becomes the form's message, and nothing is stored."""
    AreaFactory(programme=programme, name="Almkerk")
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    response = english(facilitator).post(
        reverse("area-create", args=[programme.slug]), {"name": "almkerk"}
    )
    monkeypatch.undo()
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "This programme already has an area with this name."
    ]
    assert Area.objects.filter(programme=programme).count() == 1


def test_lost_race_on_rename_becomes_a_validation_error(programme, facilitator, monkeypatch):
    AreaFactory(programme=programme, name="Almkerk")
    area = AreaFactory(programme=programme, name="Sleeuwijk")
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        services.area_update(
            area=area, name="ALMKERK", description="", by=facilitator, expected_version=1
        )
    monkeypatch.undo()
    assert refusal.value.message_dict["name"] == [
        "This programme already has an area with this name."
    ]
    area.refresh_from_db()
    assert area.name == "Sleeuwijk"


@pytest.mark.django_db(transaction=True)
def test_parallel_new_area_posts_store_one_name(client_for):
    """20 posts of the same name in different case at the same moment: one is stored,
    the others get the form's message; no server error."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writes; the race needs PostgreSQL")
    programme = ProgrammeFactory()
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    clients = [client_for(facilitator) for _ in range(20)]
    url = reverse("area-create", args=[programme.slug])
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def post(client, name):
        try:
            start.wait()
            statuses.append(client.post(url, {"name": name}).status_code)
        finally:
            connection.close()

    names = ["Almkerk", "almkerk", "ALMKERK", "AlmKerk"] * 5
    pairs = zip(clients, names, strict=True)
    threads = [threading.Thread(target=post, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 19 + [302]
    assert Area.objects.filter(programme=programme, name__iexact="almkerk").count() == 1


# 1b. An initiator proposes an initiative; a facilitator or civil servant accepts it -------


def test_initiator_proposes_an_initiative(english, programme, area, member):
    initiator = member(Role.INITIATOR)
    client = english(initiator)
    propose = reverse("initiative-propose", args=[programme.slug])
    for page in ("programme-detail", "initiative-list"):
        assert propose in client.get(reverse(page, args=[programme.slug])).content.decode()
    response = client.post(
        propose,
        {
            "title": " Moestuin bij de school ",
            "summary": "Samen groenten kweken.",
            "area": area.pk,
            "initiators": "Ouders van De Wegwijzer",
        },
    )
    initiative = Initiative.objects.get(programme=programme, title="Moestuin bij de school")
    assert response.status_code == 302
    assert response.url == reverse("initiative-detail", args=[programme.slug, initiative.pk])
    assert initiative.status == InitiativeStatus.IDEA
    assert initiative.area == area
    assert list(initiative.initiator_accounts.all()) == [initiator]
    event = AuditEvent.objects.get(action="initiative.propose")
    assert event.actor == initiator and event.target_id == initiative.pk


def test_other_roles_see_no_propose_action(english, programme, civil_servant):
    page = english(civil_servant).get(reverse("initiative-list", args=[programme.slug]))
    assert reverse("initiative-propose", args=[programme.slug]) not in page.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "A", "area": "x"}, "area"),
    ],
)
def test_bad_proposal_is_refused_and_stores_nothing(english, programme, member, data, field):
    response = english(member(Role.INITIATOR)).post(
        reverse("initiative-propose", args=[programme.slug]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Initiative.objects.filter(programme=programme).exists()
    assert not AuditEvent.objects.filter(action="initiative.propose").exists()


def test_proposal_with_another_programmes_area_is_refused(programme, member):
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        services.initiative_propose(
            programme=programme, by=member(Role.INITIATOR), title="Speeltuin", area=AreaFactory()
        )
    assert refusal.value.message_dict["area"] == ["Choose an area of this programme."]
    assert not Initiative.objects.exists()


def test_civil_servant_accepts_a_proposed_idea(english, programme, area, member, civil_servant):
    idea = services.initiative_propose(
        programme=programme, by=member(Role.INITIATOR), title="Speeltuin", area=area
    )
    client = english(civil_servant)
    detail = reverse("initiative-detail", args=[programme.slug, idea.pk])
    accept = reverse("initiative-accept", args=[programme.slug, idea.pk])
    assert accept in client.get(detail).content.decode()
    response = client.post(accept)
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == InitiativeStatus.RUNNING
    assert idea.version == 2
    event = AuditEvent.objects.get(action="initiative.accept")
    assert event.actor == civil_servant
    assert event.data == {"from": "idea", "to": "running"}
    assert accept not in client.get(detail).content.decode()


def test_accepting_twice_changes_nothing(english, programme, initiative, facilitator):
    initiative.status = InitiativeStatus.STOPPED
    initiative.save()
    response = english(facilitator).post(
        reverse("initiative-accept", args=[programme.slug, initiative.pk]), follow=True
    )
    assert "Only an initiative with the status idea can be accepted." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.STOPPED
    assert not AuditEvent.objects.filter(action="initiative.accept").exists()


def test_accept_is_post_only(english, programme, initiative, facilitator):
    url = reverse("initiative-accept", args=[programme.slug, initiative.pk])
    assert english(facilitator).get(url).status_code == 405


# 3. Lessons on the learning question's page; an answered question has its answer --------


def _review(cycle, when, answers):
    questions = default_review_questions("en")
    return Review.objects.create(
        cycle=cycle,
        recorded_at=when,
        answers=[{"question": q, "answer": a} for q, a in zip(questions, answers, strict=True)],
    )


def test_question_page_shows_lessons_newest_review_first(english, programme, initiative, member):
    question = LearningQuestionFactory(programme=programme, number=1)
    now = timezone.now()
    older = CycleFactory(initiative=initiative, state=CycleState.REVIEWED, title="Oud")
    newer = CycleFactory(initiative=initiative, state=CycleState.REVIEWED, title="Nieuw")
    draft = CycleFactory(initiative=initiative, title="Nog bezig")
    for cycle in (older, newer, draft):
        cycle.learning_questions.add(question)
    _review(
        older,
        now - datetime.timedelta(days=30),
        ["Plan oud", "Gebeurd oud", "Waarom oud", "Les oud", "Deel oud"],
    )
    _review(
        newer,
        now - datetime.timedelta(days=1),
        ["Plan nieuw", "Gebeurd nieuw", "Waarom nieuw", "Les nieuw", "Deel nieuw"],
    )

    page = english(member(Role.PARTNER)).get(reverse("question-detail", args=[programme.slug, 1]))
    text = page.content.decode()
    assert text.index("Les nieuw") < text.index("Deel nieuw") < text.index("Les oud")
    assert text.index("Les oud") < text.index("Nog bezig")
    for answer in ("Plan oud", "Gebeurd nieuw", "Waarom oud", "Waarom nieuw"):
        assert answer not in text
    assert "this cycle has not been reviewed" in text


def test_lessons_are_paginated(english, programme, initiative, civil_servant):
    question = LearningQuestionFactory(programme=programme, number=1)
    start = timezone.now() - datetime.timedelta(days=100)
    for day in range(12):
        cycle = CycleFactory(initiative=initiative, state=CycleState.REVIEWED)
        cycle.learning_questions.add(question)
        _review(cycle, start + datetime.timedelta(days=day), ["", "", "", f"Les {day:02}", ""])
    url = reverse("question-detail", args=[programme.slug, 1])
    client = english(civil_servant)
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert "Les 11" in first and "Les 02" in first and "Les 01" not in first
    assert "Les 01" in second and "Les 00" in second and "Les 11" not in second


def test_lessons_are_the_last_two_non_empty_answers(initiative):
    cycle = CycleFactory(initiative=initiative)
    assert cycle_selectors.lessons_of(cycle) == []
    Review.objects.create(
        cycle=cycle,
        answers=[
            {"question": "Plan?", "answer": "Plan"},
            {"question": "Leren?", "answer": "  "},
            {"question": "Delen?", "answer": "Delen"},
        ],
    )
    cycle = LearningCycle.objects.get(pk=cycle.pk)
    assert cycle_selectors.lessons_of(cycle) == [{"question": "Delen?", "answer": "Delen"}]


def _question_edit(client, programme, question, **changes):
    data = {"text": question.text, "status": question.status, "answer": "", "version": 1}
    return client.post(
        reverse("question-edit", args=[programme.slug, question.number]), {**data, **changes}
    )


def test_answering_a_question_stores_who_and_when(english, programme, civil_servant):
    question = services.question_create(programme=programme, text="Hoe?", by=civil_servant)
    client = english(civil_servant)
    response = _question_edit(
        client, programme, question, status="answered", answer="Door samen te doen."
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == "Door samen te doen."
    assert question.answered_by == civil_servant
    assert question.answered_at is not None
    assert AuditEvent.objects.filter(action="question.answer", target_id=question.pk).exists()
    page = client.get(reverse("question-detail", args=[programme.slug, question.number]))
    text = page.content.decode()
    assert "Door samen te doen." in text
    assert f"Written by {civil_servant.name} on" in text


def test_answered_without_answer_is_refused(english, programme, civil_servant):
    question = services.question_create(programme=programme, text="Hoe?", by=civil_servant)
    response = _question_edit(
        english(civil_servant), programme, question, status="answered", answer="   "
    )
    assert response.status_code == 200
    assert response.context["form"].errors["answer"] == ["An answered question needs its answer."]
    question.refresh_from_db()
    assert question.status == "open" and question.answer == "" and question.version == 1
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        services.question_update(
            question=question,
            text="Hoe?",
            status="answered",
            by=civil_servant,
            expected_version=1,
        )
    assert refusal.value.message_dict["answer"] == ["An answered question needs its answer."]


# 7. Search and sorting in Dutch, the same on SQLite and PostgreSQL -----------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u0132sselmonde", "ijsselmonde"),
        ("\u0133zer", "ijzer"),
        ("IJsselmonde", "ijsselmonde"),
        ("Café", "cafe"),
        ("ZUIDERZEE", "zuiderzee"),
        ("Émile", "emile"),
        ("  Sint-Michiels\u00a0gestel ", "sint-michiels gestel"),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def _search(client, programme, query):
    response = client.get(reverse("initiative-list", args=[programme.slug]), {"q": query})
    return [initiative.title for initiative in response.context["page"].object_list]


def test_initiative_search_ignores_case_accents_and_the_ij_ligature(
    english, programme, area, civil_servant
):
    for title, summary, initiators in [
        ("Dijk bij \u0132sselmonde", "", ""),
        ("Buurtcafé", "", ""),
        ("Zeilschool", "Aan de Zuiderzee", ""),
        ("Moestuin", "", "Stichting Ĳverig"),
    ]:
        services.initiative_create(
            programme=programme,
            title=title,
            summary=summary,
            initiators=initiators,
            area=area,
            by=civil_servant,
        )
    client = english(civil_servant)
    assert _search(client, programme, "IJsselmonde") == ["Dijk bij \u0132sselmonde"]
    assert _search(client, programme, "ijsselmonde") == ["Dijk bij \u0132sselmonde"]
    assert _search(client, programme, "cafe") == ["Buurtcafé"]
    assert _search(client, programme, "ZUIDERZEE") == ["Zeilschool"]
    assert _search(client, programme, "ijverig") == ["Moestuin"]
    assert _search(client, programme, "   ") == [
        "Buurtcafé",
        "Dijk bij \u0132sselmonde",
        "Moestuin",
        "Zeilschool",
    ]


def test_search_follows_an_edit(programme, area, civil_servant):
    initiative = services.initiative_create(
        programme=programme, title="Speeltuin", area=area, by=civil_servant
    )
    services.initiative_update(
        initiative=initiative, by=civil_servant, expected_version=1, title="Speeltuin Émile"
    )
    found = selectors.initiative_list(programme=programme, query="EMILE")
    assert list(found) == [initiative]
    event = AuditEvent.objects.filter(action="initiative.update").get()
    assert event.data["fields"] == ["title"]  # the derived columns are not changes


DUTCH_ORDER = ["Almkerk", "Els", "Émile", "Erik", "IJsselmonde", "\u0132zendoorn", "Zuiderzee"]


def test_areas_sort_the_dutch_way(english, programme, facilitator):
    for name in reversed(DUTCH_ORDER):
        services.area_create(programme=programme, name=name, by=facilitator)
    text = english(facilitator).get(reverse("area-list", args=[programme.slug]))
    page = text.content.decode()
    positions = [page.index(f">{name}<") for name in DUTCH_ORDER]
    assert positions == sorted(positions)
    assert [a.name for a in Area.objects.filter(programme=programme)] == DUTCH_ORDER


def test_initiatives_sort_the_dutch_way(english, programme, area, civil_servant):
    for title in reversed(DUTCH_ORDER):
        services.initiative_create(programme=programme, title=title, area=area, by=civil_servant)
    assert _search(english(civil_servant), programme, "") == DUTCH_ORDER
    proposed = services.initiative_propose(programme=programme, by=civil_servant, title="Ĳssalon")
    titles = [i.title for i in selectors.initiative_list(programme=programme)]
    assert titles.index(proposed.title) == titles.index("IJsselmonde") - 1  # ijssa < ijsse


# 5. Several at once: areas and members from a list, previewed ---------------------------


def _lines(client, programme, name, text, confirm=False):
    data = {"lines": text, **({"confirm": "True"} if confirm else {})}
    return client.post(reverse(name, args=[programme.slug]), data)


def _errors(response):
    return {line.number: line.error for line in response.context["lines"] if line.error}


def test_areas_from_a_list_preview_then_confirm(english, programme, facilitator):
    client = english(facilitator)
    text = "\nAlmkerk\n  Sleeuwijk \nĲsselmonde\n\n"
    preview = _lines(client, programme, "area-add-lines", text)
    assert preview.status_code == 200
    assert _errors(preview) == {}
    assert preview.context["can_confirm"]
    assert not Area.objects.filter(programme=programme).exists()  # a preview stores nothing
    done = _lines(client, programme, "area-add-lines", text, confirm=True)
    assert done.status_code == 302
    names = [a.name for a in Area.objects.filter(programme=programme)]
    assert names == ["Almkerk", "Ĳsselmonde", "Sleeuwijk"]
    assert AuditEvent.objects.filter(action="area.create").count() == 3


def test_area_list_shows_every_lines_error_and_stores_nothing(english, programme, facilitator):
    AreaFactory(programme=programme, name="Werkendam")
    text = "Almkerk\nALMKERK\n\nwerkendam\n" + "x" * 121 + "\nNieuwendijk"
    client = english(facilitator)
    for confirm in (False, True):
        response = _lines(client, programme, "area-add-lines", text, confirm=confirm)
        assert response.status_code == 200
        assert _errors(response) == {
            2: "This name is already higher up in the list.",
            3: "This line is empty.",
            4: "This programme already has an area with this name.",
            5: "The name is longer than 120 characters.",
        }
        assert not response.context["can_confirm"]
    assert [a.name for a in Area.objects.filter(programme=programme)] == ["Werkendam"]


def test_confirm_checks_the_list_again(english, programme, facilitator):
    client = english(facilitator)
    preview = _lines(client, programme, "area-add-lines", "Almkerk\nNieuwendijk")
    assert preview.context["can_confirm"]
    services.area_create(programme=programme, name="almkerk", by=facilitator)  # meanwhile
    response = _lines(client, programme, "area-add-lines", "Almkerk\nNieuwendijk", confirm=True)
    assert response.status_code == 200
    assert _errors(response) == {1: "This programme already has an area with this name."}
    assert [a.name for a in Area.objects.filter(programme=programme)] == ["almkerk"]


def test_empty_list_is_refused(english, programme, facilitator):
    response = _lines(english(facilitator), programme, "area-add-lines", " \n \n")
    assert response.status_code == 200
    assert response.context["form"].errors["lines"]
    with pytest.raises(ValidationError):
        services.areas_add_lines(programme=programme, text="", by=facilitator)


def test_members_from_a_list_with_dutch_and_english_roles(
    english, programme, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    known = UserFactory(email="anna@example.nl")
    text = (
        "ANNA@example.nl, ambtenaar\n"
        "bert@example.nl, Civil servant\n"
        "carla@example.nl, initiatiefnemer, Carla de Wit\n"
        "dirk@example.nl, procesbegeleider, Dirk Bos"
    )
    UserFactory(email="bert@example.nl")
    client = english(facilitator)
    assert _errors(_lines(client, programme, "membership-add-lines", text)) == {}
    assert not programme.memberships.filter(user=known).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = _lines(client, programme, "membership-add-lines", text, confirm=True)
    assert response.status_code == 302
    roles = dict(programme.memberships.values_list("user__email", "role"))
    assert roles["anna@example.nl"] == Role.CIVIL_SERVANT
    assert roles["bert@example.nl"] == Role.CIVIL_SERVANT
    assert roles["carla@example.nl"] == Role.INITIATOR
    assert roles["dirk@example.nl"] == Role.FACILITATOR
    assert {m.to[0] for m in mailoutbox} == {"carla@example.nl", "dirk@example.nl"}


def test_member_list_shows_every_lines_error_and_stores_nothing(
    english, programme, facilitator, civil_servant, mailoutbox, django_capture_on_commit_callbacks
):
    text = "\n".join(
        [
            "nieuw@example.nl, partner, Nieuw Lid",  # fine, but the list has errors
            "geen-adres, ambtenaar",
            "anna@example.nl, burgemeester",
            "anna@example.nl",
            f"{civil_servant.email.upper()}, partner",
            "",
            "nieuw@example.nl, partner, Nieuw Lid",
            "onbekend@example.nl, partner",
            "x" * 460,
        ]
    )
    client = english(facilitator)
    members = programme.memberships.count()
    for confirm in (False, True):
        with django_capture_on_commit_callbacks(execute=True):
            response = _lines(client, programme, "membership-add-lines", text, confirm=confirm)
        assert response.status_code == 200
        errors = _errors(response)
        assert sorted(errors) == [2, 3, 4, 5, 6, 7, 8, 9]
        assert errors[2] == "The line does not start with a valid e-mail address."
        assert errors[3].startswith("burgemeester is not a role.")
        assert errors[4] == "Write the role after the e-mail address, after a comma."
        assert errors[5] == "This person is already a member of the programme."
        assert errors[6] == "This line is empty."
        assert errors[7] == "This e-mail address is already higher up in the list."
        assert errors[8].startswith("This person has no account yet")
        assert errors[9] == "This line is longer than 454 characters."
    assert programme.memberships.count() == members
    assert not User.objects.filter(email="nieuw@example.nl").exists()
    assert mailoutbox == []
