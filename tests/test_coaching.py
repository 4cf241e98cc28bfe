"""Coaching: the services and their refusals, the pages through HTTP, who may reach them
(only the coach and the coachee: everyone else gets 404), and that nothing of a coaching
shows anywhere else: not in the programme's history, its data version, its other pages,
the admin or the audit trail's details."""

import datetime
import json

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from samenspel.coaching import services
from samenspel.coaching.constants import GoalStatus
from samenspel.coaching.models import Coaching, CoachingConversation, DevelopmentGoal, GoalStep
from samenspel.common.models import AuditEvent
from samenspel.common.selectors import history_of
from samenspel.programmes import services as programme_services
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Programme
from tests.factories import (
    CoachingFactory,
    ConversationFactory,
    GoalFactory,
    InitiativeFactory,
    LearningQuestionFactory,
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
SECRET = "Ik vond het spannend om los te laten"


@pytest.fixture(autouse=True)
def english():
    """The services' refusals are checked in their English source form; pages are Dutch."""
    with translation.override("en"):
        yield


@pytest.fixture
def coach(facilitator):
    return facilitator


@pytest.fixture
def coachee(civil_servant):
    return civil_servant


@pytest.fixture
def coaching(programme, coach, coachee):
    return services.coaching_start(
        programme=programme, coachee=coachee, by=coach, started_on=TODAY - 60 * DAY
    )


def refusal(error: ValidationError, field: str | None = None) -> str:
    if field is None:
        return " ".join(error.messages)
    return " ".join(error.message_dict[field])


# Starting ---------------------------------------------------------------------------------


def test_a_facilitator_starts_coaching_a_civil_servant(programme, coach, coachee):
    coaching = services.coaching_start(programme=programme, coachee=coachee, by=coach)
    assert (coaching.coach, coaching.coachee, coaching.started_on) == (coach, coachee, TODAY)
    event = AuditEvent.objects.get(action="coaching.start")
    assert event.programme_id is None
    assert event.actor == coach
    assert event.data == {"coach": coach.pk, "coachee": coachee.pk}


@pytest.mark.parametrize("role", [r for r in Role if r != Role.FACILITATOR])
def test_only_a_facilitator_starts_coaching(programme, member, coachee, role):
    with pytest.raises(ValidationError):
        services.coaching_start(programme=programme, coachee=coachee, by=member(role))
    assert not Coaching.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.CIVIL_SERVANT])
def test_only_a_civil_servant_is_coached(programme, member, coach, role):
    with pytest.raises(ValidationError) as refused:
        services.coaching_start(programme=programme, coachee=member(role), by=coach)
    assert "civil servant" in refusal(refused.value, "coachee")
    assert not Coaching.objects.exists()


def test_nobody_coaches_themselves_or_someone_of_another_programme(programme, coach):
    with pytest.raises(ValidationError) as refused:
        services.coaching_start(programme=programme, coachee=coach, by=coach)
    assert "yourself" in refusal(refused.value, "coachee")
    elsewhere = MembershipFactory(role=Role.CIVIL_SERVANT).user
    with pytest.raises(ValidationError):
        services.coaching_start(programme=programme, coachee=elsewhere, by=coach)
    assert not Coaching.objects.exists()


def test_a_second_coaching_of_the_same_pair_is_refused(coaching, programme, coach, coachee):
    with pytest.raises(ValidationError) as refused:
        services.coaching_start(programme=programme, coachee=coachee, by=coach)
    assert "already coach" in refusal(refused.value, "coachee")
    # Another facilitator may coach the same civil servant: each coaching is its own.
    other = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    services.coaching_start(programme=programme, coachee=coachee, by=other)
    assert Coaching.objects.count() == 2


@pytest.mark.parametrize(
    ("started_on", "message"),
    [
        (TODAY + DAY, "future"),
        (datetime.date(9999, 12, 31), "future"),
        (TODAY.replace(year=TODAY.year - 11), "10 years"),
        (datetime.date(1, 1, 1), "10 years"),
    ],
)
def test_start_dates_far_away_are_refused(programme, coach, coachee, started_on, message):
    with pytest.raises(ValidationError) as refused:
        services.coaching_start(
            programme=programme, coachee=coachee, by=coach, started_on=started_on
        )
    assert message in refusal(refused.value, "started_on")
    assert not Coaching.objects.exists()


def test_dates_keep_to_the_programme_period(coach, coachee, programme):
    Programme.objects.filter(pk=programme.pk).update(starts_on=TODAY - 100 * DAY)
    programme.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.coaching_start(
            programme=programme, coachee=coachee, by=coach, started_on=TODAY - 101 * DAY
        )
    assert "period" in refusal(refused.value, "started_on") or "start of the programme" in (
        refusal(refused.value, "started_on")
    )


# Conversations ----------------------------------------------------------------------------


def test_a_conversation_is_stored_with_its_initiatives(coaching, programme, coachee):
    initiatives = [InitiativeFactory(programme=programme) for _ in range(2)]
    conversation = services.conversation_add(
        coaching=coaching,
        by=coachee,
        held_on=TODAY - 3 * DAY,
        initiatives=initiatives,
        what_happened="  Ze wilden meteen beginnen.  ",
        reflection=SECRET,
    )
    assert conversation.what_happened == "Ze wilden meteen beginnen."
    assert conversation.agreements == ""
    assert set(conversation.initiatives.all()) == set(initiatives)
    assert conversation.recorded_by == coachee
    event = AuditEvent.objects.get(action="coaching.conversation_add")
    assert (event.programme_id, event.data) == (None, {"coaching": coaching.pk})


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "\n\t"])
def test_an_empty_conversation_is_refused(coaching, coach, text):
    with pytest.raises(ValidationError) as refused:
        services.conversation_add(
            coaching=coaching, by=coach, what_happened=text, reflection=text, agreements=text
        )
    assert "cannot be empty" in refusal(refused.value, "what_happened")
    assert not CoachingConversation.objects.exists()


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (TODAY + DAY, "future"),
        (datetime.date(9999, 12, 31), "future"),
        (TODAY - 61 * DAY, "start of the coaching"),
        (datetime.date(1, 1, 1), "start of the coaching"),
    ],
)
def test_conversation_dates_outside_the_coaching_are_refused(coaching, coach, held_on, message):
    with pytest.raises(ValidationError) as refused:
        services.conversation_add(coaching=coaching, by=coach, held_on=held_on, reflection="Iets.")
    assert message in refusal(refused.value, "held_on")
    assert not CoachingConversation.objects.exists()


def test_an_initiative_of_another_programme_is_refused(coaching, coach):
    elsewhere = InitiativeFactory(programme=ProgrammeFactory())
    with pytest.raises(ValidationError) as refused:
        services.conversation_add(
            coaching=coaching, by=coach, initiatives=[elsewhere], reflection="Iets."
        )
    assert "this programme" in refusal(refused.value, "initiatives")
    assert not CoachingConversation.objects.exists()


def test_a_too_long_text_is_refused(coaching, coach):
    with pytest.raises(ValidationError) as refused:
        services.conversation_add(coaching=coaching, by=coach, agreements="a" * 10_001)
    assert "10,000" in refusal(refused.value, "agreements") or "10.000" in refusal(
        refused.value, "agreements"
    )


def test_a_conversation_is_rewritten_unless_someone_saved_it_since(coaching, programme, coach):
    conversation = ConversationFactory(coaching=coaching)
    initiative = InitiativeFactory(programme=programme)
    services.conversation_update(
        conversation=conversation,
        by=coach,
        expected_version=1,
        held_on=conversation.held_on,
        initiatives=[initiative],
        what_happened=conversation.what_happened,
        reflection="Anders bekeken.",
        agreements=conversation.agreements,
    )
    conversation.refresh_from_db()
    assert (conversation.version, conversation.reflection) == (2, "Anders bekeken.")
    assert list(conversation.initiatives.all()) == [initiative]
    event = AuditEvent.objects.get(action="coaching.conversation_update")
    assert event.data == {"coaching": coaching.pk, "fields": ["reflection", "initiatives"]}
    with pytest.raises(ValidationError) as refused:
        services.conversation_update(
            conversation=conversation,
            by=coach,
            expected_version=1,
            held_on=conversation.held_on,
            initiatives=[],
            what_happened="Overschreven.",
            reflection="",
            agreements="",
        )
    assert "Someone else saved this" in refusal(refused.value)
    conversation.refresh_from_db()
    assert conversation.what_happened != "Overschreven."
    assert list(conversation.initiatives.all()) == [initiative]


# Goals ------------------------------------------------------------------------------------


def test_a_goal_is_set_with_its_learning_questions(coaching, programme, coachee):
    question = LearningQuestionFactory(programme=programme, number=1)
    goal = services.goal_add(
        coaching=coaching, by=coachee, text="Ik vraag eerst door.", learning_questions=[question]
    )
    assert (goal.status, goal.set_on, goal.closed_on) == (GoalStatus.OPEN, TODAY, None)
    assert list(goal.learning_questions.all()) == [question]
    event = AuditEvent.objects.get(action="coaching.goal_add")
    assert (event.programme_id, event.data) == (None, {"coaching": coaching.pk, "status": "open"})


def test_goal_refusals(coaching, coach):
    other = LearningQuestionFactory(programme=ProgrammeFactory(), number=1)
    cases = [
        ({"text": " "}, "text"),
        ({"text": "x" * 301}, "text"),
        ({"text": "Doel", "learning_questions": [other]}, "learning_questions"),
        ({"text": "Doel", "set_on": TODAY + DAY}, "set_on"),
        ({"text": "Doel", "set_on": TODAY - 365 * DAY}, "set_on"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.goal_add(coaching=coaching, by=coach, **kwargs)
        assert field in refused.value.message_dict, kwargs
    assert not DevelopmentGoal.objects.exists()


def test_a_goals_course_is_kept_step_by_step(coaching, coach, coachee):
    goal = GoalFactory(coaching=coaching, set_on=TODAY - 30 * DAY)
    services.goal_step_record(
        goal=goal,
        by=coachee,
        status=GoalStatus.OPEN,
        note="Eerste keer gelukt.",
        on=TODAY - 20 * DAY,
    )
    services.goal_step_record(
        goal=goal,
        by=coach,
        status=GoalStatus.ACHIEVED,
        note="Het gaat vanzelf.",
        on=TODAY - 10 * DAY,
    )
    goal.refresh_from_db()
    assert (goal.status, goal.closed_on) == (GoalStatus.ACHIEVED, TODAY - 10 * DAY)
    services.goal_step_record(
        goal=goal, by=coachee, status=GoalStatus.OPEN, note="Toch weer lastig."
    )
    goal.refresh_from_db()
    assert (goal.status, goal.closed_on) == (GoalStatus.OPEN, None)
    steps = list(goal.steps.values_list("status", "note"))
    assert steps == [
        ("open", "Eerste keer gelukt."),
        ("achieved", "Het gaat vanzelf."),
        ("open", "Toch weer lastig."),
    ]
    events = AuditEvent.objects.filter(action="coaching.goal_step").order_by("id")
    assert [(e.data["from"], e.data["to"]) for e in events] == [
        ("open", "open"),
        ("open", "achieved"),
        ("achieved", "open"),
    ]
    assert all(e.programme_id is None for e in events)


def test_step_refusals(coaching, coach):
    goal = GoalFactory(coaching=coaching, set_on=TODAY - 30 * DAY)
    services.goal_step_record(goal=goal, by=coach, status="open", note="Stap.", on=TODAY - 5 * DAY)
    cases = [
        ({"status": "gehaald", "note": "Iets."}, "status"),
        ({"status": "achieved", "note": "  "}, "note"),
        ({"status": "achieved", "note": "Iets.", "on": TODAY + DAY}, "on"),
        ({"status": "achieved", "note": "Iets.", "on": TODAY - 6 * DAY}, "on"),
        ({"status": "achieved", "note": "Iets.", "on": datetime.date(1, 1, 1)}, "on"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.goal_step_record(goal=goal, by=coach, **kwargs)
        assert field in refused.value.message_dict, kwargs
    assert GoalStep.objects.count() == 1
    goal.refresh_from_db()
    assert goal.status == GoalStatus.OPEN


# Ending -----------------------------------------------------------------------------------


def test_an_ended_coaching_can_be_read_not_changed(coaching, coachee):
    goal = GoalFactory(coaching=coaching)
    conversation = ConversationFactory(coaching=coaching)
    services.coaching_end(coaching=coaching, by=coachee)
    coaching.refresh_from_db()
    assert coaching.ended_on == TODAY
    writes = [
        lambda: services.conversation_add(coaching=coaching, by=coachee, reflection="Nog iets."),
        lambda: services.conversation_update(
            conversation=conversation,
            by=coachee,
            expected_version=conversation.version,
            held_on=conversation.held_on,
            initiatives=[],
            what_happened="Later.",
            reflection="",
            agreements="",
        ),
        lambda: services.goal_add(coaching=coaching, by=coachee, text="Nog een doel."),
        lambda: services.goal_step_record(goal=goal, by=coachee, status="achieved", note="Klaar."),
        lambda: services.coaching_end(coaching=coaching, by=coachee),
    ]
    for write in writes:
        with pytest.raises(ValidationError) as refused:
            write()
        assert "has ended" in refusal(refused.value)
    assert CoachingConversation.objects.count() == 1
    assert not GoalStep.objects.exists()


def test_a_member_who_leaves_ends_their_coaching(coaching, programme, coachee, member):
    manager = member(Role.ADMINISTRATOR)
    membership = programme.memberships.get(user=coachee)
    page = reverse("membership-remove", args=[programme.slug, membership.pk])
    # The removal page says nothing about coaching: the manager may not learn of it.
    from django.test import Client

    client = Client()
    client.force_login(manager)
    html = client.get(page).content.decode()
    assert "coach" not in html.lower()
    programme_services.membership_remove(membership=membership, by=manager)
    coaching.refresh_from_db()
    assert coaching.ended_on == TODAY


# Nothing of a coaching shows elsewhere ----------------------------------------------------


def test_coaching_writes_leave_the_programme_untouched(programme, coach, coachee):
    initiative = InitiativeFactory(programme=programme)
    question = LearningQuestionFactory(programme=programme, number=1)
    programme.refresh_from_db()
    version = programme.data_version
    programme_events = AuditEvent.objects.filter(programme_id=programme.pk).count()
    initiative_history = len(history_of(target=initiative))

    coaching = services.coaching_start(programme=programme, coachee=coachee, by=coach)
    conversation = services.conversation_add(
        coaching=coaching, by=coach, initiatives=[initiative], what_happened=SECRET
    )
    services.conversation_update(
        conversation=conversation,
        by=coachee,
        expected_version=1,
        held_on=TODAY,
        initiatives=[],
        what_happened=SECRET,
        reflection=SECRET,
        agreements=SECRET,
    )
    goal = services.goal_add(
        coaching=coaching, by=coachee, text=SECRET, learning_questions=[question]
    )
    services.goal_step_record(goal=goal, by=coach, status="achieved", note=SECRET)
    services.coaching_end(coaching=coaching, by=coach)

    programme.refresh_from_db()
    assert programme.data_version == version
    assert AuditEvent.objects.filter(programme_id=programme.pk).count() == programme_events
    assert len(history_of(target=initiative)) == initiative_history
    coaching_events = AuditEvent.objects.filter(action__startswith="coaching.")
    assert coaching_events.count() == 6
    assert not coaching_events.exclude(programme_id=None).exists()
    assert SECRET not in json.dumps(list(coaching_events.values_list("data", flat=True)))


def test_coaching_is_not_in_the_admin(client_for, administrator, coaching):
    from samenspel.coaching import models

    registered = set(admin.site._registry)
    for model in (models.Coaching, models.CoachingConversation, models.DevelopmentGoal):
        assert model not in registered
    assert not [m for m in registered if m._meta.app_label == "coaching"]
    html = client_for(administrator).get(reverse("admin:index")).content.decode()
    assert "/admin/coaching/" not in html
    assert client_for(administrator).get("/admin/coaching/coaching/").status_code == 404


def test_no_other_page_shows_coaching_content(client_for, programme, coaching, coach, coachee):
    initiative = InitiativeFactory(programme=programme)
    question = LearningQuestionFactory(programme=programme, number=1)
    services.conversation_add(
        coaching=coaching, by=coach, initiatives=[initiative], what_happened=SECRET
    )
    services.goal_add(coaching=coaching, by=coachee, text=SECRET, learning_questions=[question])
    pages = [
        reverse("my-work"),
        reverse("programme-detail", args=[programme.slug]),
        reverse("initiative-list", args=[programme.slug]),
        reverse("initiative-detail", args=[programme.slug, initiative.pk]),
        reverse("question-list", args=[programme.slug]),
        reverse("question-detail", args=[programme.slug, question.number]),
        reverse("membership-list", args=[programme.slug]),
    ]
    for user in (coach, coachee):
        client = client_for(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code in (200, 403), url
            assert SECRET not in response.content.decode(), url
    coaching_page = client_for(coachee).get(
        reverse("coaching-detail", args=[programme.slug, coaching.pk])
    )
    assert SECRET in coaching_page.content.decode()


# Pages ------------------------------------------------------------------------------------


def test_my_coaching_lists_mine_and_offers_a_facilitator_to_start(
    client_for, programme, coaching, coach, coachee, member
):
    url = reverse("coaching-list", args=[programme.slug])
    html = client_for(coach).get(url).content.decode()
    assert reverse("coaching-detail", args=[programme.slug, coaching.pk]) in html
    # The one civil servant is coached already: nobody is left to start with.
    assert reverse("coaching-start", args=[programme.slug]) not in html
    newcomer = member(Role.CIVIL_SERVANT)
    form = client_for(coach).get(url).context["form"]
    assert list(form.fields["coachee"].queryset) == [newcomer]
    assert (
        reverse("coaching-start", args=[programme.slug])
        in client_for(coach).get(url).content.decode()
    )
    html = client_for(coachee).get(url).content.decode()
    assert reverse("coaching-detail", args=[programme.slug, coaching.pk]) in html
    assert reverse("coaching-start", args=[programme.slug]) not in html
    other = client_for(member(Role.CIVIL_SERVANT)).get(url)
    assert other.status_code == 200
    assert reverse("coaching-detail", args=[programme.slug, coaching.pk]) not in (
        other.content.decode()
    )
    assert "A facilitator can start coaching with you" in other.content.decode() or (
        "Een procesbegeleider" in other.content.decode()
    )


def test_the_menu_links_to_coaching_for_those_who_take_part(client_for, programme, member):
    link = reverse("coaching-list", args=[programme.slug])
    overview = reverse("programme-detail", args=[programme.slug])
    for role in Role:
        html = client_for(member(role)).get(overview).content.decode()
        assert (link in html) == (role in (Role.FACILITATOR, Role.CIVIL_SERVANT)), role
    staff = client_for(UserFactory(is_staff=True)).get(overview).content.decode()
    assert link not in staff
    current = client_for(member(Role.FACILITATOR)).get(link).content.decode()
    assert f'<a href="{link}" aria-current="page">' in current


def test_starting_through_the_form(client_for, programme, coach, coachee):
    response = client_for(coach).post(
        reverse("coaching-start", args=[programme.slug]),
        {"coachee": coachee.pk, "started_on": (TODAY - 7 * DAY).isoformat()},
    )
    coaching = Coaching.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("coaching-detail", args=[programme.slug, coaching.pk])
    assert coaching.started_on == TODAY - 7 * DAY


@pytest.mark.parametrize(
    "data",
    [
        {"coachee": "", "started_on": ""},
        {"coachee": "999999", "started_on": TODAY.isoformat()},
        {"coachee": "niet-een-getal", "started_on": "gisteren"},
        {"coachee": "self", "started_on": TODAY.isoformat()},
        {"coachee": "facilitator", "started_on": TODAY.isoformat()},
        {"coachee": "coachee", "started_on": "9999-12-31"},
        {"coachee": "coachee", "started_on": "0001-01-01"},
    ],
)
def test_starting_with_bad_input_is_refused_on_the_form(
    client_for, programme, coach, coachee, member, data
):
    people = {"self": coach, "coachee": coachee, "facilitator": member(Role.FACILITATOR)}
    if data["coachee"] in people:
        data = {**data, "coachee": people[data["coachee"]].pk}
    response = client_for(coach).post(reverse("coaching-start", args=[programme.slug]), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert 'class="sp-alert sp-alert--error"' in response.content.decode()
    assert not Coaching.objects.exists()
    assert not AuditEvent.objects.filter(action="coaching.start").exists()


def test_a_duplicate_through_the_form_is_refused(client_for, programme, coaching, coach, coachee):
    response = client_for(coach).post(
        reverse("coaching-start", args=[programme.slug]),
        {"coachee": coachee.pk, "started_on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["coachee"]
    assert Coaching.objects.count() == 1


def test_the_coaching_page_shows_conversations_newest_first_ten_a_page(
    client_for, programme, coaching, coachee
):
    for days in range(12):
        ConversationFactory(
            coaching=coaching, held_on=TODAY - (days + 1) * DAY, reflection=f"Gesprek {days:02}"
        )
    url = reverse("coaching-detail", args=[programme.slug, coaching.pk])
    first = client_for(coachee).get(url).content.decode()
    assert first.index("Gesprek 00") < first.index("Gesprek 01") < first.index("Gesprek 09")
    assert "Gesprek 10" not in first
    second = client_for(coachee).get(url + "?page=2").content.decode()
    assert "Gesprek 10" in second and "Gesprek 11" in second and "Gesprek 00" not in second
    assert client_for(coachee).get(url + "?page=nonsense").status_code == 200


def test_writing_a_conversation_through_the_form(client_for, programme, coaching, coachee):
    initiative = InitiativeFactory(programme=programme)
    url = reverse("coaching-conversation-create", args=[programme.slug, coaching.pk])
    assert client_for(coachee).get(url).status_code == 200
    response = client_for(coachee).post(
        url,
        {
            "held_on": (TODAY - DAY).isoformat(),
            "initiatives": [initiative.pk],
            "what_happened": "De dorpsraad nam het over.",
            "reflection": "",
            "agreements": "Ik bel de voorzitter.",
        },
    )
    assert response.status_code == 302
    conversation = CoachingConversation.objects.get()
    assert list(conversation.initiatives.all()) == [initiative]
    page = client_for(coachee).get(response.url).content.decode()
    assert "De dorpsraad nam het over." in page and initiative.title in page


@pytest.mark.parametrize(
    "data",
    [
        {"held_on": TODAY.isoformat()},  # empty
        {"held_on": TODAY.isoformat(), "reflection": "\u200b \u00a0"},
        {"held_on": "9999-12-31", "reflection": "Iets."},
        {"held_on": "1900-01-01", "reflection": "Iets."},
        {"held_on": "31-02-2026", "reflection": "Iets."},
        {"held_on": TODAY.isoformat(), "reflection": "Iets.", "initiatives": ["other"]},
        {"held_on": TODAY.isoformat(), "reflection": "Iets.", "initiatives": ["x"]},
    ],
)
def test_a_conversation_with_bad_input_is_refused_on_the_form(
    client_for, programme, coaching, coach, data
):
    if data.get("initiatives") == ["other"]:
        data = {**data, "initiatives": [InitiativeFactory(programme=ProgrammeFactory()).pk]}
    url = reverse("coaching-conversation-create", args=[programme.slug, coaching.pk])
    response = client_for(coach).post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not CoachingConversation.objects.exists()


def test_a_stale_edit_is_refused_with_a_clear_message(
    client_for, programme, coaching, coach, coachee
):
    conversation = ConversationFactory(coaching=coaching)
    url = reverse("coaching-conversation-edit", args=[programme.slug, coaching.pk, conversation.pk])
    form = client_for(coach).get(url).context["form"]
    assert form.initial["version"] == 1
    data = {"held_on": conversation.held_on.isoformat(), "version": 1}
    first = client_for(coachee).post(url, {**data, "reflection": "Eerst opgeslagen."})
    assert first.status_code == 302
    second = client_for(coach).post(url, {**data, "reflection": "Later opgeslagen."})
    assert second.status_code == 400
    html = second.content.decode()
    assert "Someone else saved this" in html or "Iemand anders heeft" in html
    conversation.refresh_from_db()
    assert conversation.reflection == "Eerst opgeslagen."


def test_goals_through_the_forms_and_over_time(client_for, programme, coaching, coachee):
    question = LearningQuestionFactory(programme=programme, number=1)
    response = client_for(coachee).post(
        reverse("coaching-goal-create", args=[programme.slug, coaching.pk]),
        {
            "text": "Ik laat de regie bij de bewoners.",
            "learning_questions": [question.pk],
            "set_on": (TODAY - 20 * DAY).isoformat(),
        },
    )
    assert response.status_code == 302
    goal = DevelopmentGoal.objects.get()
    step = reverse("coaching-goal-step", args=[programme.slug, coaching.pk, goal.pk])
    response = client_for(coachee).post(
        step, {"status": "achieved", "note": "Bij de speeltuin lukte het.", "on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    bad = client_for(coachee).post(step, {"status": "gehaald", "note": "", "on": "morgen"})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"status", "note", "on"}
    assert GoalStep.objects.count() == 1
    html = (
        client_for(coachee)
        .get(reverse("coaching-goals", args=[programme.slug, coaching.pk]))
        .content.decode()
    )
    assert "<svg" in html and 'role="img"' in html and "aria-label=" in html
    assert "sp-course__mark--achieved" in html
    assert "Bij de speeltuin lukte het." in html


def test_a_tampered_learning_question_is_refused(client_for, programme, coaching, coach):
    other = LearningQuestionFactory(programme=ProgrammeFactory(), number=1)
    response = client_for(coach).post(
        reverse("coaching-goal-create", args=[programme.slug, coaching.pk]),
        {"text": "Doel", "learning_questions": [other.pk], "set_on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["learning_questions"]
    assert not DevelopmentGoal.objects.exists()


def test_ending_asks_first_then_leaves_it_readable(client_for, programme, coaching, coachee):
    ConversationFactory(coaching=coaching, reflection=SECRET)
    url = reverse("coaching-end", args=[programme.slug, coaching.pk])
    confirm = client_for(coachee).get(url)
    assert confirm.status_code == 200
    coaching.refresh_from_db()
    assert coaching.ended_on is None  # asking changed nothing
    response = client_for(coachee).post(url)
    assert response.status_code == 302
    coaching.refresh_from_db()
    assert coaching.ended_on == TODAY
    page = client_for(coachee).get(response.url).content.decode()
    assert SECRET in page
    assert reverse("coaching-conversation-create", args=[programme.slug, coaching.pk]) not in page
    form = client_for(coachee).get(
        reverse("coaching-conversation-create", args=[programme.slug, coaching.pk])
    )
    assert form.status_code == 302
    refused = client_for(coachee).post(
        reverse("coaching-conversation-create", args=[programme.slug, coaching.pk]),
        {"held_on": TODAY.isoformat(), "reflection": "Nog iets."},
    )
    assert refused.status_code == 400
    assert CoachingConversation.objects.count() == 1


# Who reaches a coaching: only its coach and its coachee -----------------------------------

COACH, COACHEE, OTHER_FACILITATOR, ADMINISTRATOR, SITE_ADMINISTRATOR = (
    "coach",
    "coachee",
    "other facilitator",
    "administrator (role)",
    "site administrator",
)
OTHER_CIVIL_SERVANT, OTHER_PROGRAMME, ANONYMOUS = (
    "other civil servant",
    "other programme",
    "anonymous",
)
VISITORS = [
    COACH,
    COACHEE,
    OTHER_FACILITATOR,
    ADMINISTRATOR,
    SITE_ADMINISTRATOR,
    OTHER_CIVIL_SERVANT,
    OTHER_PROGRAMME,
    ANONYMOUS,
]


@pytest.fixture
def world(programme, coaching, coach, coachee):
    users = {
        COACH: coach,
        COACHEE: coachee,
        OTHER_FACILITATOR: MembershipFactory(programme=programme, role=Role.FACILITATOR).user,
        ADMINISTRATOR: MembershipFactory(programme=programme, role=Role.ADMINISTRATOR).user,
        SITE_ADMINISTRATOR: UserFactory(is_staff=True, is_superuser=True),
        OTHER_CIVIL_SERVANT: MembershipFactory(programme=programme, role=Role.CIVIL_SERVANT).user,
        OTHER_PROGRAMME: MembershipFactory(role=Role.FACILITATOR).user,
        ANONYMOUS: None,
    }
    return {
        "users": users,
        "slug": programme.slug,
        "coaching_id": coaching.pk,
        "conversation_id": ConversationFactory(coaching=coaching).pk,
        "goal_id": GoalFactory(coaching=coaching).pk,
    }


ONLY_THE_TWO = {COACH: 200, COACHEE: 200}
PAGES = [
    ("coaching-detail", ["slug", "coaching_id"]),
    ("coaching-goals", ["slug", "coaching_id"]),
    ("coaching-end", ["slug", "coaching_id"]),
    ("coaching-conversation-create", ["slug", "coaching_id"]),
    ("coaching-conversation-edit", ["slug", "coaching_id", "conversation_id"]),
    ("coaching-goal-create", ["slug", "coaching_id"]),
    ("coaching-goal-step", ["slug", "coaching_id", "goal_id"]),
]
ACTIONS = [
    (
        "coaching-conversation-create",
        ["slug", "coaching_id"],
        {"held_on": TODAY.isoformat(), "reflection": "Iets."},
    ),
    (
        "coaching-conversation-edit",
        ["slug", "coaching_id", "conversation_id"],
        {"held_on": TODAY.isoformat(), "reflection": "Iets.", "version": "1"},
    ),
    (
        "coaching-goal-create",
        ["slug", "coaching_id"],
        {"text": "Doel", "set_on": TODAY.isoformat()},
    ),
    (
        "coaching-goal-step",
        ["slug", "coaching_id", "goal_id"],
        {"status": "achieved", "note": "Gelukt.", "on": TODAY.isoformat()},
    ),
    ("coaching-end", ["slug", "coaching_id"], {}),
]


def expected(visitor: str, ok: int) -> int:
    if visitor == ANONYMOUS:
        return 302
    return ok if visitor in (COACH, COACHEE) else 404


@pytest.mark.parametrize("visitor", VISITORS)
def test_only_coach_and_coachee_see_a_coaching(world, client_for, visitor):
    client = client_for(world["users"][visitor])
    for name, keys in PAGES:
        url = reverse(name, kwargs={key: world[key] for key in keys})
        response = client.get(url)
        assert response.status_code == expected(visitor, 200), (visitor, name)
        if visitor == ANONYMOUS:
            assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("name", "keys", "data"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_only_coach_and_coachee_write_a_coaching(world, client_for, visitor, name, keys, data):
    url = reverse(name, kwargs={key: world[key] for key in keys})
    events = AuditEvent.objects.count()
    response = client_for(world["users"][visitor]).post(url, data)
    assert response.status_code == expected(visitor, 302), (visitor, name)
    assert (AuditEvent.objects.count() > events) == (visitor in (COACH, COACHEE))


@pytest.mark.parametrize("visitor", VISITORS)
def test_my_coaching_and_starting_per_visitor(world, client_for, visitor):
    client = client_for(world["users"][visitor])
    listing = client.get(reverse("coaching-list", args=[world["slug"]]))
    expected_list = {SITE_ADMINISTRATOR: 404, OTHER_PROGRAMME: 404, ANONYMOUS: 302}
    assert listing.status_code == expected_list.get(visitor, 200), visitor
    detail = reverse("coaching-detail", args=[world["slug"], world["coaching_id"]])
    if listing.status_code == 200:
        assert (detail in listing.content.decode()) == (visitor in (COACH, COACHEE))
    start = client.get(reverse("coaching-start", args=[world["slug"]]))
    expected_start = {COACH: 200, OTHER_FACILITATOR: 200, **expected_list}
    assert start.status_code == expected_start.get(visitor, 403), visitor


def test_ids_of_another_coaching_give_404(world, client_for, programme):
    """A conversation or goal id of another coaching (even of the same coach) is not
    found through this coaching's address."""
    coach = world["users"][COACH]
    other = CoachingFactory(programme=programme, coach=coach)
    conversation = ConversationFactory(coaching=other)
    goal = GoalFactory(coaching=other)
    client = client_for(coach)
    for name, kwargs in (
        ("coaching-conversation-edit", {"conversation_id": conversation.pk}),
        ("coaching-goal-step", {"goal_id": goal.pk}),
    ):
        url = reverse(
            name, kwargs={"slug": world["slug"], "coaching_id": world["coaching_id"], **kwargs}
        )
        assert client.get(url).status_code == 404
    elsewhere = CoachingFactory()
    url = reverse("coaching-detail", args=[world["slug"], elsewhere.pk])
    assert client.get(url).status_code == 404


def test_coaching_pages_cost_the_same_queries_with_more_records(
    client_for, programme, coaching, coachee
):
    """No N+1: the coaching page, the goals over time and "My coaching" read a fixed
    number of queries, whatever the number of conversations, goals and steps."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = [
        reverse("coaching-list", args=[programme.slug]),
        reverse("coaching-detail", args=[programme.slug, coaching.pk]),
        reverse("coaching-goals", args=[programme.slug, coaching.pk]),
    ]

    def add(n: int) -> None:
        for i in range(n):
            conversation = ConversationFactory(coaching=coaching)
            conversation.initiatives.set([InitiativeFactory(programme=programme)])
            goal = GoalFactory(coaching=coaching, text=f"Doel {i}")
            goal.learning_questions.set(
                [LearningQuestionFactory(programme=programme, number=100 + 10 * n + i)]
            )
            services.goal_step_record(goal=goal, by=coachee, status="open", note="Verder.")

    client = client_for(coachee)
    counts = []
    for n in (1, 4):
        add(n)
        measured = []
        for url in pages:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            measured.append(len(captured))
        counts.append(measured)
    assert counts[0] == counts[1]


def _at_once(posts):
    """Run the posts on their own connections, all released at the same moment; return
    their status codes."""
    import threading

    from django.db import connection

    start = threading.Barrier(len(posts))
    statuses: list[int] = []

    def run(post):
        try:
            start.wait()
            statuses.append(post().status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(post,)) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


@pytest.mark.django_db(transaction=True)
def test_parallel_starts_and_edits_store_one(client_for):
    """Ten posts at the same moment: one coaching of the pair, one edit of a version;
    the others get the form's message, never a server error."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writes; the race needs PostgreSQL")
    programme = ProgrammeFactory()
    coach = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    coachee = MembershipFactory(programme=programme, role=Role.CIVIL_SERVANT).user
    url = reverse("coaching-start", args=[programme.slug])
    data = {"coachee": coachee.pk, "started_on": TODAY.isoformat()}
    clients = [client_for(coach) for _ in range(10)]
    posts = [lambda c=c: c.post(url, data) for c in clients]
    assert _at_once(posts) == [302] + [400] * 9
    coaching = Coaching.objects.get()
    conversation = ConversationFactory(coaching=coaching, held_on=TODAY)
    url = reverse("coaching-conversation-edit", args=[programme.slug, coaching.pk, conversation.pk])
    posts = [
        lambda c=c, n=n: c.post(
            url, {"held_on": TODAY.isoformat(), "reflection": f"Versie {n}", "version": 1}
        )
        for n, c in enumerate(clients)
    ]
    assert _at_once(posts) == [302] + [400] * 9
    conversation.refresh_from_db()
    assert conversation.version == 2
