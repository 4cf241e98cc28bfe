"""Cross-cutting protections, checked on every address at once (walking the URL
resolver), so that a new page cannot forget them: CSRF on every POST, escaped user text
on every page, and the forms, buttons and links each role is offered."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from samenspel.coaching import services as coaching_services
from samenspel.coaching.models import Coaching, CoachingConversation, DevelopmentGoal
from samenspel.common.models import AuditEvent
from samenspel.compass import services as compass_services
from samenspel.cycles import services as cycle_services
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import LearningCycle
from samenspel.learning_sessions import services as session_services
from samenspel.learning_sessions.models import Contribution, LearningSession
from samenspel.programmes import services
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Area, Initiative, LearningQuestion, Membership, Programme
from tests.compass import assess, make_compass
from tests.factories import CycleFactory, ExpectationFactory, MembershipFactory, UserFactory
from tests.sessions import advance_to, plan_session

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT}{IMAGE}"


def named_patterns(resolver: URLResolver | None = None, prefix: str = ""):
    """Every named address outside Django's own admin, as (name, parameter names)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "app_name", None) == "admin":
                continue
            yield from named_patterns(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, sorted(pattern.pattern.converters)


def urls_for(values: dict[str, object]) -> dict[str, str]:
    return {
        name: reverse(name, kwargs={key: values[key] for key in keys})
        for name, keys in named_patterns()
    }


def test_every_address_is_walked():
    names = {name for name, _ in named_patterns()}
    assert {"programme-edit", "cycle-abandon", "membership-remove", "set_language"} <= names
    assert len(names) >= 40


def _snapshot() -> tuple[object, ...]:
    return (
        AuditEvent.objects.count(),
        list(Programme.objects.values_list("pk", "data_version", "version", "name")),
        list(Area.objects.values_list("pk", "version", "name")),
        list(Initiative.objects.values_list("pk", "version", "title")),
        list(LearningQuestion.objects.values_list("pk", "version")),
        list(Membership.objects.values_list("pk", "role")),
        list(LearningCycle.objects.values_list("pk", "state")),
        list(get_user_model().objects.values_list("pk", "name", "password", "is_active")),
        list(LearningSession.objects.values_list("pk", "phase", "version")),
        Contribution.objects.count(),
        list(Coaching.objects.values_list("pk", "ended_on")),
        list(CoachingConversation.objects.values_list("pk", "version")),
        list(DevelopmentGoal.objects.values_list("pk", "status")),
    )


@pytest.fixture
def post_world(programme, area, initiative):
    boss = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    boss.is_staff = boss.is_superuser = True
    boss.save()
    other = MembershipFactory(programme=programme, role=Role.CIVIL_SERVANT)
    cycle = CycleFactory(initiative=initiative, owner=boss, state=CycleState.ACTING)
    question = services.question_create(programme=programme, text="Vraag", by=boss)
    coaching = coaching_services.coaching_start(programme=programme, coachee=other.user, by=boss)
    conversation = coaching_services.conversation_add(coaching=coaching, by=boss, reflection="Iets")
    goal = coaching_services.goal_add(coaching=coaching, by=boss, text="Doel")
    values = {
        "slug": programme.slug,
        "area_id": area.pk,
        "initiative_id": initiative.pk,
        "number": question.number,
        "membership_id": other.pk,
        "cycle_id": cycle.pk,
        "coaching_id": coaching.pk,
        "conversation_id": conversation.pk,
        "goal_id": goal.pk,
        "uidb64": "MQ",
        "token": "set-password",
        **_session_values(_room_session(programme, boss, title="Sessie")),  # the room
        **_compass_values(programme, boss, "Windrichting"),
        **CHART_VALUES,
        **_journal_values(programme, boss, other.user, "Hoofdstuk"),
        **_theme_values(programme, "Thema"),
    }
    return boss, urls_for(values)


def _compass_values(programme, boss, text):
    """The compass with a facet, the boss's own answer with a note, and an answer link,
    each holding `text`."""
    compass = make_compass(programme, boss)
    compass_services.compass_update(compass=compass, core=text, expected_version=1, by=boss)
    facet = compass_services.facet_add(
        compass=compass, name=text[:80], description=text, colour="red", by=boss
    )
    answer = assess(
        compass,
        {facet.name: 5},
        notes={facet.name: text},
        respondent=boss,
        perspective="facilitator",
    )
    link = compass_services.link_create(
        programme=programme, title=text, subject="programme", by=boss
    )
    return {
        "facet_id": facet.pk,
        "assessment_id": answer.pk,
        "link_id": link.pk,
        "link_key": link.key,
    }


def _theme_values(programme, text):
    """Planted texts (observations), each ending in `text`, and the themes found in them."""
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    from samenspel.cycles.models import Observation
    from samenspel.insights.theme_models import Theme
    from samenspel.insights.theme_services import themes_analyse
    from tests.insights_themes import planted_programme

    planted_programme(programme, 40)
    Observation.objects.filter(cycle__initiative__programme=programme).update(
        text=Concat(F("text"), Value(f" {text}"))
    )
    themes_analyse(programme=programme)
    return {"theme_id": Theme.objects.filter(analysis__programme=programme).first().pk}


def _journal_values(programme, boss, writer, text):
    """The travel report with `text` in its title, subtitle, a chapter's title and
    Markdown, a voice of `writer` and its commentary, and a review comment; version 1
    published and public; the draft made into an HTML file."""
    from samenspel.journal import rendering_services, voice_services
    from samenspel.journal import services as journal_services
    from samenspel.journal.constants import ChapterKind
    from samenspel.journal.text import markdown_blocks
    from tests.journal import make_journal

    report = make_journal(programme, boss)
    report = journal_services.journal_update(
        journal=report,
        title=f"Reisverslag {text}"[:200],
        subtitle=text,
        public=True,
        expected_version=report.version,
        by=boss,
    )
    chapter = report.chapters.get(kind=ChapterKind.WRITTEN, position=1)
    chapter = journal_services.chapter_update(
        chapter=chapter,
        title=f"Hoofdstuk {text}"[:200],
        body=f"Alinea {text}\n\n[link](javascript:alert(1)) *{text}*",
        included=True,
        expected_version=chapter.version,
        by=boss,
    )
    voice = voice_services.voice_add_own(
        journal=report, by=writer, text=f"Woorden {text}", role_label=f"Inwoner {text}"[:120]
    )
    voice = voice_services.voice_update(
        voice=voice,
        by=boss,
        expected_version=voice.version,
        text=voice.text,
        commentary=f"Commentaar {text}",
        kind=voice.kind,
        nature=voice.nature,
        chapter=None,
        role_label=voice.role_label,
        position=voice.position,
    )
    journal_services.publication_publish(journal=report, number=1, by=boss)
    report.refresh_from_db()
    journal_services.review_open(journal=report, by=boss)
    key = markdown_blocks(chapter.body, f"c{chapter.pk}")[0].key
    comment = journal_services.comment_add(
        journal=report, chapter=chapter, paragraph=key, text=f"Reactie {text}", by=writer
    )
    rendering = rendering_services.rendering_request(journal=report, fmt="html", by=boss)
    rendering_services.rendering_run(rendering_id=rendering.pk)
    return {
        "chapter_id": chapter.pk,
        "voice_id": voice.pk,
        "comment_id": comment.pk,
        "rendering_id": rendering.pk,
    }


# The room of a learning session (learning_sessions.room) --------------------------------


def _room_session(programme, facilitator, *, title, participants=()):
    return plan_session(programme, facilitator, list(participants), title=title)


def _session_values(session):
    return {"session_id": session.pk, "key": session.watch_key}


def _hostile_session(programme, boss, initiator, question, cycle):
    """A named session in discussion with markup in everything people write there."""
    session = _room_session(programme, boss, title=f"Sessie {PAYLOAD}", participants=[initiator])
    session_services.session_update(
        session=session,
        by=boss,
        title=session.title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        place=PAYLOAD,
        anonymous=False,
        votes_per_person=3,
    )
    guest = session_services.guest_join(code=session.join_code, display_name=f"Gast {PAYLOAD}")
    session = advance_to(session, "input")
    contribution = session_services.contribution_add(
        session=session, participant=guest, question=0, text=f"Bijdrage {PAYLOAD}"
    )
    session = advance_to(session, "grouping")
    theme = session_services.theme_create(
        session=session, title=f"Thema {PAYLOAD}", contributions=[contribution], by=boss
    )
    session = advance_to(session, "discussion")
    session_services.theme_note(session=session, theme=theme, text=PAYLOAD, by=boss)
    session_services.insight_add(
        session=session, text=f"Inzicht {PAYLOAD}", kind="fact", theme=theme, by=boss
    )
    session_services.action_add(
        session=session,
        text=f"Actie {PAYLOAD}",
        owner=initiator,
        due_on=timezone.localdate(),
        by=boss,
    )
    session_services.proposal_add(
        session=session, question=question, kind="reformulate", text=PAYLOAD, by=boss
    )
    return session


def plan_ahead(programme, facilitator, **extra):
    """A learning session a week ahead."""
    start = timezone.now() + datetime.timedelta(days=7)
    return session_services.session_plan(
        **{
            "programme": programme,
            "kind": "team",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
            "facilitator": facilitator,
            "by": facilitator,
            **extra,
        }
    )


def held_hostile_session(programme, boss, initiator, question, initiative):
    """A named session with markup in every text people write in it, closed; and one
    still planned, with a guest. The planning pages show both."""
    closed = plan_ahead(
        programme,
        boss,
        title=f"Sessie {PAYLOAD}",
        place=PAYLOAD,
        anonymous=False,
        participants=[initiator],
    )
    session_services.guest_join(code=closed.join_code, display_name=f"Gast {PAYLOAD}")

    def advance(to):
        while closed.phase != to:
            session_services.session_advance(session=closed, by=boss, expected=closed.phase)

    advance("input")
    writer = closed.participants.get(user=initiator)
    contribution = session_services.contribution_add(
        session=closed, participant=writer, question=0, text=PAYLOAD
    )
    advance("grouping")
    theme = session_services.theme_create(
        session=closed, title=f"Thema {PAYLOAD}", contributions=[contribution], by=boss
    )
    advance("discussion")
    session_services.theme_note(session=closed, theme=theme, text=PAYLOAD, by=boss)
    advance("capture")
    session_services.insight_add(
        session=closed,
        text=PAYLOAD,
        kind="fact",
        questions=[question],
        initiatives=[initiative],
        by=boss,
    )
    session_services.action_add(
        session=closed,
        text=PAYLOAD,
        owner=boss,
        due_on=datetime.date.today() + datetime.timedelta(days=14),
        by=boss,
    )
    session_services.proposal_add(
        session=closed, question=question, kind="answer", text=PAYLOAD, by=boss
    )
    advance("closed")
    planned = plan_ahead(programme, boss, title=f"Gepland {PAYLOAD}", place=PAYLOAD)
    session_services.guest_join(code=planned.join_code, display_name=f"Gast {PAYLOAD}")
    session_services.agenda_set(session=planned, cycles=[], questions=[question], by=boss)
    return closed, planned


def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(post_world):
    boss, urls = post_world
    client = Client(enforce_csrf_checks=True)
    client.force_login(boss, backend="django.contrib.auth.backends.ModelBackend")
    before = _snapshot()
    data = {
        "name": "Gewijzigd",
        "title": "Gewijzigd",
        "text": "Gewijzigd",
        "reason": "Gewijzigd",
        "role": Role.PARTNER,
        "email": "nieuw@example.nl",
        "decision": "continue",
        "status": "running",
        "version": 1,
        "language": "en",
    }
    for name, url in urls.items():
        response = client.post(url, data)
        assert response.status_code == 403, name
    assert _snapshot() == before


# Escaping ---------------------------------------------------------------------------------


@pytest.fixture
def hostile_world(administrator):
    """Every text field that people fill in, holding markup."""
    boss = UserFactory(name=f"Naam {PAYLOAD}", email="boss@example.nl")
    programme = services.programme_create(
        name=f"Programma {PAYLOAD}",
        by=administrator,
        learning_goal=PAYLOAD,
        description=PAYLOAD,
        review_questions=[f"Vraag {PAYLOAD}", "Tweede vraag"],
    )
    services.membership_add(programme=programme, user=boss, role=Role.FACILITATOR, by=boss)
    initiator = UserFactory(name=f"Initiatiefnemer {PAYLOAD}")
    membership = services.membership_add(
        programme=programme, user=initiator, role=Role.INITIATOR, by=boss
    )
    area = services.area_create(
        programme=programme, name=f"Kern {PAYLOAD}", description=PAYLOAD, by=boss
    )
    initiative = services.initiative_create(
        programme=programme,
        title=f"Initiatief {PAYLOAD}",
        summary=PAYLOAD,
        initiators=PAYLOAD,
        area=area,
        contact=boss,
        initiator_accounts=[initiator],
        by=boss,
    )
    question = services.question_create(programme=programme, text=f"Leervraag {PAYLOAD}", by=boss)
    services.question_update(
        question=question,
        text=f"Herschreven {PAYLOAD}",
        status="open",
        by=boss,
        expected_version=question.version,
    )
    cycle = cycle_services.cycle_create(
        initiative=initiative,
        title=f"Cyclus {PAYLOAD}",
        owner=boss,
        by=boss,
        learning_questions=[question],
    )
    cycle_services.expectation_record(
        cycle=cycle,
        intention=PAYLOAD,
        expected_outcome=PAYLOAD,
        success_signs=PAYLOAD,
        by=boss,
    )
    cycle_services.cycle_start(cycle=cycle, by=boss)
    cycle_services.observation_add(
        cycle=cycle, occurred_on=datetime.date.today(), text=PAYLOAD, by=boss
    )
    cycle_services.review_record(cycle=cycle, answers=[PAYLOAD, PAYLOAD], by=boss)
    cycle_services.adjustment_record(
        cycle=cycle,
        decision="continue",
        text=PAYLOAD,
        next_cycle_title=f"Vervolg {PAYLOAD}",
        by=boss,
    )
    abandoned = cycle_services.cycle_create(
        initiative=initiative, title=f"Gestopt {PAYLOAD}", owner=boss, by=boss
    )
    cycle_services.cycle_abandon(cycle=abandoned, reason=PAYLOAD, by=boss)
    coachee = UserFactory(name=f"Ambtenaar {PAYLOAD}")
    services.membership_add(programme=programme, user=coachee, role=Role.CIVIL_SERVANT, by=boss)
    coaching = coaching_services.coaching_start(programme=programme, coachee=coachee, by=boss)
    conversation = coaching_services.conversation_add(
        coaching=coaching,
        by=boss,
        initiatives=[initiative],
        what_happened=PAYLOAD,
        reflection=PAYLOAD,
        agreements=PAYLOAD,
    )
    goal = coaching_services.goal_add(
        coaching=coaching, by=coachee, text=f"Doel {PAYLOAD}", learning_questions=[question]
    )
    coaching_services.goal_step_record(goal=goal, by=coachee, status="achieved", note=PAYLOAD)
    values = {
        "slug": programme.slug,
        "area_id": area.pk,
        "initiative_id": initiative.pk,
        "number": question.number,
        "membership_id": membership.pk,
        "cycle_id": cycle.pk,
        "coaching_id": coaching.pk,
        "conversation_id": conversation.pk,
        "goal_id": goal.pk,
        "uidb64": "MQ",
        "token": "set-password",
        **_session_values(_hostile_session(programme, boss, initiator, question, cycle)),
        **_compass_values(programme, boss, f"Windrichting {PAYLOAD}"),
        **CHART_VALUES,
        **_journal_values(programme, boss, initiator, PAYLOAD),
        **_theme_values(programme, PAYLOAD),
    }
    _hostile_compass(programme, boss, initiator, initiative)
    cycle_urls = [
        reverse("cycle-detail", args=[programme.slug, c.pk])
        for c in LearningCycle.objects.filter(initiative=initiative)
    ]
    closed, planned = held_hostile_session(programme, boss, initiator, question, initiative)
    session_urls = [
        reverse(name, args=[programme.slug, planned.pk])
        for name in ("session-detail", "session-edit", "session-agenda", "session-participants")
    ] + [
        reverse(name, args=[programme.slug, closed.pk])
        for name in ("session-detail", "session-report")
    ]
    return (
        boss,
        initiator,
        administrator,
        [*urls_for(values).values(), *cycle_urls, *session_urls],
    )


# The compass's files: a chart and the answers (compass.pictures).
CHART_VALUES = {"chart": "radar", "fmt": "svg"}


def _hostile_compass(programme, boss, initiator, initiative):
    """A facet named with markup, and notes with markup on both sides of a gap, about an
    initiative whose title holds markup: the radar, its table and the gap list show them
    (the radar inline, as SVG)."""
    from samenspel.compass import services as compass_services
    from samenspel.compass.constants import Perspective, Subject
    from samenspel.compass.models import Compass
    from tests.compass import assess, make_compass

    # The world's compass (_compass_values) when there is one.
    compass = Compass.objects.filter(programme=programme).first() or make_compass(programme, boss)
    facet = compass.facets.get(position=1)
    compass_services.facet_update(facet=facet, name=f"Kant {PAYLOAD}"[:80], colour="blue", by=boss)
    notes = {facet.name: PAYLOAD}
    for subject in ({}, {"subject": Subject.INITIATIVE, "initiative": initiative}):
        assess(compass, [1, 5, 5, 5], perspective=Perspective.RESIDENTS, notes=notes, **subject)
        assess(compass, [9, 5, 5, 5], respondent=boss, notes=notes, **subject)
    assess(compass, [5, 5, 5, 5], subject=Subject.PERSON, respondent=initiator, notes=notes)


def assert_escaped(html: str, url: str) -> None:
    assert "<script>alert(1)" not in html, url
    assert "<img src=x onerror" not in html, url
    assert "&lt;script&gt;alert(1)" in html or "alert(1)" not in html, url


def test_user_text_is_escaped_on_every_page(hostile_world, client_for):
    boss, initiator, administrator, urls = hostile_world
    seen = 0
    for user in (boss, initiator, administrator):
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            if response.status_code == 200 and "text/html" in response["Content-Type"]:
                html = response.content.decode()
                assert_escaped(html, url)
                seen += "alert(1)" in html
    assert seen > 20  # the payload really was on the pages


def test_user_text_is_escaped_in_english_too(hostile_world, client_for):
    boss, _, _, urls = hostile_world
    client = client_for(boss)
    client.cookies["django_language"] = "en"
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            assert_escaped(response.content.decode(), url)


# What each role is offered ----------------------------------------------------------------

OWN_INITIATOR = "own-initiator"
ROLES = [*Role, OWN_INITIATOR]
WORKERS = {Role.FACILITATOR, Role.CIVIL_SERVANT}
ENDING = {
    CycleState.DRAFT: {"cycle-expectation", "cycle-start"},
    CycleState.ACTING: {"cycle-review"},
    CycleState.REVIEWED: {"cycle-adjustment"},
}
CYCLE_FORMS = [
    "cycle-expectation",
    "cycle-start",
    "cycle-observation",
    "cycle-review",
    "cycle-adjustment",
    "cycle-abandon",
]


def offered_forms(role, state) -> set[str]:
    forms: set[str] = set()
    if role in WORKERS and state in ENDING:
        forms |= ENDING[state] | {"cycle-abandon"}
    if state == CycleState.ACTING and (role in WORKERS or role == OWN_INITIATOR):
        forms.add("cycle-observation")
    return forms


@pytest.fixture
def person(programme, initiative, member):
    def make(role):
        if role == OWN_INITIATOR:
            user = member(Role.INITIATOR)
            initiative.initiator_accounts.add(user)
            return user
        return member(role)

    return make


@pytest.mark.parametrize("state", list(CycleState))
def test_forms_each_role_is_offered_on_the_cycle_page(
    client_for, programme, initiative, person, state
):
    cycle = CycleFactory(initiative=initiative, state=state)
    ExpectationFactory(cycle=cycle)  # so that a draft offers "start"
    for role in ROLES:
        html = (
            client_for(person(role))
            .get(reverse("cycle-detail", args=[programme.slug, cycle.pk]))
            .content.decode()
        )
        shown = {
            name for name in CYCLE_FORMS if reverse(name, args=[programme.slug, cycle.pk]) in html
        }
        assert shown == offered_forms(role, state), role


def test_buttons_and_links_each_role_is_offered(client_for, programme, initiative, person):
    edit = reverse("initiative-edit", args=[programme.slug, initiative.pk])
    new_cycle = reverse("cycle-create", args=[programme.slug, initiative.pk])
    members = reverse("membership-list", args=[programme.slug])
    new_initiative = reverse("initiative-create", args=[programme.slug])
    edit_programme = reverse("programme-edit", args=[programme.slug])
    editors = {Role.FACILITATOR, Role.CIVIL_SERVANT, Role.ADMINISTRATOR}
    managers = {Role.FACILITATOR, Role.ADMINISTRATOR}
    for role in ROLES:
        client = client_for(person(role))
        page = client.get(reverse("initiative-detail", args=[programme.slug, initiative.pk]))
        html = page.content.decode()
        assert (edit in html) == (role in editors), role
        assert (new_cycle in html) == (role in WORKERS), role
        assert (members in html) == (role in managers), role
        overview = client.get(reverse("programme-detail", args=[programme.slug])).content.decode()
        assert (new_initiative in overview) == (role in editors), role
        assert (edit_programme in overview) == (role in managers), role
