"""Every page through HTTP, as a member would use it: it renders, shows the programme's
data, and the forms create and change what they say."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from samenspel.common.models import AuditEvent
from samenspel.cycles import services as cycle_services
from samenspel.cycles.constants import CycleState
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Area, Initiative, LearningQuestion
from tests.factories import CycleFactory, ExpectationFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_dutch_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()


def test_login_with_email_address(client, civil_servant, password):
    response = client.post(
        reverse("login"), {"username": civil_servant.email.upper(), "password": password}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_anonymous_visitor_is_sent_to_login(client, programme):
    response = client.get(reverse("programme-detail", args=[programme.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_programme_overview_shows_funding_and_yield(client_for, programme, area, civil_servant):
    initiative = InitiativeFactory(
        programme=programme,
        area=area,
        municipal_contribution=Decimal("1500"),
        resident_contribution=Decimal("700"),
        other_contribution=Decimal("0"),
    )
    today = datetime.date.today()
    past = today - datetime.timedelta(days=100)
    CycleFactory(
        initiative=initiative,
        state=CycleState.CLOSED,
        starts_on=past,
        expectation_due=past,
        review_due=past,
        adjustment_due=past,
    )
    CycleFactory(
        initiative=initiative,
        state=CycleState.ACTING,
        starts_on=past,
        expectation_due=past,
        review_due=past,
        adjustment_due=past,
    )
    response = client_for(civil_servant).get(reverse("programme-detail", args=[programme.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het nieuwe samenspel" in html
    assert "50%" in html  # one of the two cycles that are due is completed
    assert "€ 1.500" in html
    assert "Werkendam" in html


def test_initiative_list_search_and_filters(client_for, programme, area, civil_servant):
    other_area = Area.objects.create(programme=programme, name="Andel")
    InitiativeFactory(programme=programme, area=area, title="Speeltuin Het Eiland")
    InitiativeFactory(programme=programme, area=other_area, title="Dorpsbus", status="running")
    client = client_for(civil_servant)
    url = reverse("initiative-list", args=[programme.slug])
    assert "Speeltuin" in client.get(url, {"q": "speeltuin"}).content.decode()
    assert "Dorpsbus" not in client.get(url, {"q": "speeltuin"}).content.decode()
    by_area = client.get(url, {"area": other_area.pk}).content.decode()
    assert "Dorpsbus" in by_area and "Speeltuin" not in by_area
    by_status = client.get(url, {"status": "running"}).content.decode()
    assert "Dorpsbus" in by_status and "Speeltuin" not in by_status
    # Nonsense filter values never cause an error.
    assert client.get(url, {"area": "x", "status": "??", "page": "999"}).status_code == 200


def test_initiative_list_is_paginated(client_for, programme, area, civil_servant):
    for n in range(30):
        InitiativeFactory(programme=programme, area=area, title=f"Initiatief {n:02}")
    client = client_for(civil_servant)
    url = reverse("initiative-list", args=[programme.slug])
    first = client.get(url).content.decode()
    assert "Pagina 1 van 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Initiatief 29" in second


def test_create_and_edit_initiative(client_for, programme, area, civil_servant):
    client = client_for(civil_servant)
    response = client.post(
        reverse("initiative-create", args=[programme.slug]),
        {
            "title": "Jeu-de-boulesbaan Sleeuwijk",
            "summary": "Een baan bij het dorpshuis.",
            "area": area.pk,
            "status": "idea",
            "initiators": "Buurtvereniging",
            "municipal_contribution": "2500",
            "resident_contribution": "1250,50",
            "other_contribution": "0",
        },
    )
    initiative = Initiative.objects.get(title="Jeu-de-boulesbaan Sleeuwijk")
    assert response.status_code == 302
    assert initiative.resident_contribution == Decimal("1250.50")
    edit = reverse("initiative-edit", args=[programme.slug, initiative.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "title": "Jeu-de-boulesbaan",
            "area": area.pk,
            "status": "running",
            "municipal_contribution": "2500",
            "resident_contribution": "1250,50",
            "other_contribution": "0",
            "version": initiative.version,
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.status, initiative.version) == (
        "Jeu-de-boulesbaan",
        "running",
        2,
    )
    assert AuditEvent.objects.filter(action="initiative.update", data__to="running").exists()


def test_learning_question_reformulation_keeps_versions(client_for, programme, civil_servant):
    client = client_for(civil_servant)
    client.post(
        reverse("question-create", args=[programme.slug]),
        {"text": "Hoe ondersteunen we initiatieven?"},
    )
    question = LearningQuestion.objects.get(programme=programme)
    assert question.number == 1
    client.post(
        reverse("question-edit", args=[programme.slug, 1]),
        {"text": "Wat hebben initiatieven van ons nodig?", "status": "persistent", "version": 1},
    )
    detail = client.get(reverse("question-detail", args=[programme.slug, 1])).content.decode()
    assert "Hoe ondersteunen we initiatieven?" in detail
    assert "Wat hebben initiatieven van ons nodig?" in detail
    assert question.versions.count() == 2
    question.refresh_from_db()
    assert question.status == "persistent"


def test_facilitator_manages_areas_and_members(client_for, programme, facilitator):
    client = client_for(facilitator)
    client.post(reverse("area-create", args=[programme.slug]), {"name": "Giessen"})
    area = Area.objects.get(programme=programme, name="Giessen")
    client.post(
        reverse("area-edit", args=[programme.slug, area.pk]),
        {"name": "Giessen-Rijswijk", "version": area.version},
    )
    area.refresh_from_db()
    assert area.name == "Giessen-Rijswijk"
    assert client.get(reverse("area-delete", args=[programme.slug, area.pk])).status_code == 200
    client.post(reverse("area-delete", args=[programme.slug, area.pk]))
    assert not Area.objects.filter(pk=area.pk).exists()

    response = client.post(
        reverse("membership-add", args=[programme.slug]),
        {"email": "nieuw@example.nl", "name": "Nieuwe Collega", "role": Role.GOVERNANCE},
    )
    assert response.status_code == 302
    membership = programme.memberships.get(user__email="nieuw@example.nl")
    client.post(
        reverse("membership-edit", args=[programme.slug, membership.pk]), {"role": Role.PARTNER}
    )
    membership.refresh_from_db()
    assert membership.role == Role.PARTNER
    client.post(reverse("membership-remove", args=[programme.slug, membership.pk]))
    assert not programme.memberships.filter(pk=membership.pk).exists()


def test_administrator_creates_programme_with_default_review_questions(client_for, administrator):
    client = client_for(administrator)
    form = client.get(reverse("programme-create")).content.decode()
    assert "Wat was het plan" in form
    response = client.post(
        reverse("programme-create"),
        {
            "name": "Samen leren 2027",
            "learning_goal": "Leren loslaten.",
            "review_questions": "Wat verwachtten we?\nWat gebeurde er?",
        },
    )
    assert response.status_code == 302
    detail = client.get(response.url)
    assert detail.status_code == 200
    programme = detail.context["programme"]
    assert programme.review_questions == ["Wat verwachtten we?", "Wat gebeurde er?"]


def test_cycle_page_shows_expected_beside_happened(
    client_for, programme, initiative, civil_servant
):
    cycle = CycleFactory(initiative=initiative, owner=civil_servant)
    ExpectationFactory(cycle=cycle)
    cycle_services.cycle_start(cycle=cycle, by=civil_servant)
    cycle_services.observation_add(
        cycle=cycle,
        occurred_on=datetime.date.today(),
        text="Veertig bewoners kwamen.",
        by=civil_servant,
    )
    html = (
        client_for(civil_servant)
        .get(reverse("cycle-detail", args=[programme.slug, cycle.pk]))
        .content.decode()
    )
    assert "Verwacht" in html and "Gebeurd" in html
    assert "Dertig bewoners komen" in html and "Veertig bewoners kwamen." in html
    assert "Fase gewijzigd" in html  # the history


def test_my_work_lists_overdue_first(client_for, programme, initiative, civil_servant):
    past = datetime.date.today() - datetime.timedelta(days=30)
    CycleFactory(
        initiative=initiative,
        owner=civil_servant,
        title="Te laat",
        starts_on=past,
        expectation_due=past,
        review_due=past,
        adjustment_due=past,
    )
    CycleFactory(initiative=initiative, owner=civil_servant, title="Op tijd")
    response = client_for(civil_servant).get(reverse("my-work"))
    assert [c.title for c in response.context["page"]] == ["Te laat", "Op tijd"]
    assert response.context["work"].overdue_count == 1


def test_language_switch_to_english(client_for, civil_servant):
    client = client_for(civil_servant)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("my-work")})
    assert "My work" in client.get(reverse("my-work")).content.decode()


def test_about_page(client_for, civil_servant):
    assert client_for(civil_servant).get(reverse("about")).status_code == 200


def test_dutch_first_whatever_the_browser_says(client_for, civil_servant):
    client = client_for(civil_servant)
    response = client.get(reverse("my-work"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "nl"
    assert '<html lang="nl">' in response.content.decode()


def test_stylesheet_is_served(client):
    response = client.get("/static/samenspel/samenspel.css")
    assert response.status_code == 200
    assert b"--sp-color-primary" in b"".join(response.streaming_content)


def test_cycle_picture_marks_the_current_phase(client_for, programme, initiative, civil_servant):
    cycle = CycleFactory(initiative=initiative, state=CycleState.ACTING)
    html = (
        client_for(civil_servant)
        .get(reverse("cycle-detail", args=[programme.slug, cycle.pk]))
        .content.decode()
    )
    assert html.count('class="sp-wheel__done"') == 1
    assert html.count('class="sp-wheel__current"') == 1
    assert html.count('class="sp-wheel__todo"') == 2


def test_initiative_list_filters_overdue(client_for, programme, area, civil_servant):
    late = InitiativeFactory(programme=programme, area=area, title="Achter op schema")
    past = datetime.date.today() - datetime.timedelta(days=30)
    CycleFactory(
        initiative=late, starts_on=past, expectation_due=past, review_due=past, adjustment_due=past
    )
    InitiativeFactory(programme=programme, area=area, title="Op schema")
    html = (
        client_for(civil_servant)
        .get(reverse("initiative-list", args=[programme.slug]), {"overdue": "on"})
        .content.decode()
    )
    assert "Achter op schema" in html and "Op schema" not in html


def test_programme_figures_follow_every_change(client_for, programme, initiative, civil_servant):
    """The figures are cached; any audited change in the programme must show at once."""
    client = client_for(civil_servant)
    url = reverse("programme-detail", args=[programme.slug])
    past = datetime.date.today() - datetime.timedelta(days=20)
    cycle = CycleFactory(
        initiative=initiative,
        state=CycleState.REVIEWED,
        starts_on=past,
        expectation_due=past,
        review_due=past,
        adjustment_due=past,
    )
    assert "Afgerond: 0 van de 1 cycli" in client.get(url).content.decode()
    cycle_services.adjustment_record(
        cycle=cycle, decision="continue", text="Door.", by=civil_servant
    )
    assert "Afgerond: 1 van de 1 cycli" in client.get(url).content.decode()
    client.post(
        reverse("initiative-edit", args=[programme.slug, initiative.pk]),
        {
            "title": initiative.title,
            "area": initiative.area_id,
            "status": "running",
            "municipal_contribution": "99999",
            "resident_contribution": "0",
            "other_contribution": "0",
            "version": initiative.version,
        },
    )
    assert "€ 99.999" in client.get(url).content.decode()


def test_cached_pages_differ_by_role(client_for, programme, initiative, member):
    """The same address, first for a facilitator, then for a governance member: the
    cached rendering of the first must not reach the second."""
    url = reverse("programme-detail", args=[programme.slug])
    facilitator_html = client_for(member(Role.FACILITATOR)).get(url).content.decode()
    governance_html = client_for(member(Role.GOVERNANCE)).get(url).content.decode()
    assert "Nieuw initiatief" in facilitator_html
    assert "Nieuw initiatief" not in governance_html


def test_cached_pages_differ_by_language(client_for, programme, civil_servant):
    url = reverse("initiative-list", args=[programme.slug])
    client = client_for(civil_servant)
    # The heading is inside the cached part; the navigation around it is not.
    assert "<h1>Initiatieven</h1>" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "<h1>Initiatives</h1>" in client.get(url).content.decode()


def test_programme_slug_keeps_the_dash_between_years(administrator):
    from samenspel.programmes.services import programme_create

    programme = programme_create(name="Samen leren 2026\u20132029", by=administrator)
    assert programme.slug == "samen-leren-2026-2029"
