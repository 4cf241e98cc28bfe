"""The access matrix: every page and action, for every role → the expected answer.

Members see their programme; what they may change depends on their role. A member of
another programme gets 404 (the object does not exist for them), an anonymous visitor is
sent to the log-in page. The rules live in each app's access.py.
"""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from samenspel.coaching import services as coaching_services
from samenspel.common.models import AuditEvent
from samenspel.compass import round_services
from samenspel.compass import services as compass_services
from samenspel.compass.models import Compass
from samenspel.cycles.constants import CycleState
from samenspel.cycles.services import questions_fingerprint
from samenspel.insights.reminder_services import stop_token
from samenspel.learning_sessions import services as session_services
from samenspel.learning_sessions import services as sessions
from samenspel.learning_sessions.constants import SessionKind, SessionPhase, phase_reached
from samenspel.learning_sessions.models import LearningSession, Theme
from samenspel.programmes.constants import Role
from tests.compass import assess, make_compass
from tests.factories import (
    AreaFactory,
    ConversationFactory,
    CycleFactory,
    GoalFactory,
    InitiativeFactory,
    LearningQuestionFactory,
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.sessions import advance_to, plan_session

pytestmark = pytest.mark.django_db

F, C, G, IN, P, A = (
    Role.FACILITATOR,
    Role.CIVIL_SERVANT,
    Role.GOVERNANCE,
    Role.INITIATOR,
    Role.PARTNER,
    Role.ADMINISTRATOR,
)
STAFF, OTHER, ANONYMOUS = "staff", "other-programme", "anonymous"
VISITORS = [F, C, G, IN, P, A, STAFF, OTHER, ANONYMOUS]
MEMBERS = {F, C, G, IN, P, A, STAFF}


def allowed(*who, ok=200, refused=403):
    """Expected status per visitor: `ok` for those in `who`, `refused` for the other
    members, 404 for another programme's member and a log-in redirect for anonymous."""
    return {
        v: ok if v in who else refused if v in MEMBERS else 404 if v == OTHER else 302
        for v in VISITORS
    }


EVERY_MEMBER = allowed(*MEMBERS)
MANAGERS = allowed(F, A, STAFF)
EDITORS = allowed(F, C, A, STAFF)
CYCLE_WORKERS = allowed(F, C)
CYCLE_WORKERS_POST = allowed(F, C, ok=302)
# A coaching exists only for its coach (the facilitator of the world) and its coachee
# (the civil servant): every other member, a site administrator and another programme's
# member get 404. tests/test_coaching.py adds another facilitator and civil servant.
COACH_AND_COACHEE = {**allowed(F, C, refused=404), STAFF: 404}
COACH_AND_COACHEE_POST = {**allowed(F, C, ok=302, refused=404), STAFF: 404}


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The world is built once per module (per xdist worker) inside a transaction that
    is rolled back at the end; each case runs in a savepoint of it (the `db` fixture's
    own transaction nests there), so what a case changes is undone before the next one.
    Building the world for each of the 1,400 cases took a third of the suite's time."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(request, db, shared_world):
    # The travel report only where a case is about it (it is the dearest part to build).
    callspec = getattr(request.node, "callspec", None)
    about = str(callspec.params.get("name", "")) if callspec else ""
    journal = (
        journal_world(shared_world["programme"], shared_world["users"])
        if about.startswith("journal")
        else {}
    )
    return {**shared_world, **journal}


def build_world():
    programme = ProgrammeFactory(slug="samenspel")
    users = {role: MembershipFactory(programme=programme, role=role).user for role in Role}
    users[STAFF] = UserFactory(is_staff=True)
    users[OTHER] = MembershipFactory(role=Role.FACILITATOR).user
    users[ANONYMOUS] = None
    area = AreaFactory(programme=programme)
    initiative = InitiativeFactory(programme=programme, area=area)
    initiative.initiator_accounts.add(users[IN])
    question = LearningQuestionFactory(programme=programme, number=1)
    membership = programme.memberships.get(role=Role.PARTNER)
    today = datetime.date.today()
    cycles = {
        state: CycleFactory(initiative=initiative, state=state, starts_on=today)
        for state in (CycleState.DRAFT, CycleState.ACTING, CycleState.REVIEWED)
    }
    session, action = room_world(programme, users)
    # Learning sessions: one planned by the facilitator with the civil
    # servant taking part, one closed (its report is a PDF), and the facilitator's
    # calendar address.
    planned = plan_upcoming(programme, users[F], participants=[users[C]])
    closed = plan_upcoming(programme, users[F], title="Gesloten sessie")
    while closed.phase != SessionPhase.CLOSED:
        sessions.session_advance(session=closed, by=users[F], expected=closed.phase)
    feed = sessions.calendar_feed_create(user=users[F])
    coaching = coaching_services.coaching_start(
        programme=programme, coachee=users[C], by=users[F], started_on=today
    )
    compass = compass_world(programme, users)
    return {
        **compass,
        **themes_world(programme),
        "session": session.pk,  # the room: a named session, F leads, C and G take part
        "key": session.watch_key,
        "action": action.pk,
        "programme": programme,
        "users": users,
        "coaching": coaching.pk,
        "conversation": ConversationFactory(coaching=coaching, held_on=today).pk,
        "goal": GoalFactory(coaching=coaching, set_on=today).pk,
        "slug": programme.slug,
        "area": area.pk,
        "initiative": initiative.pk,
        "number": question.number,
        "question": question,
        "membership": membership.pk,
        "cycles": cycles,
        "sessions": {"planned": planned, "closed": closed},
        "participant": planned.participants.get(user=users[C]).pk,
        "token": feed.token,
        "token:stop": stop_token(users[C]),
    }


def themes_world(programme):
    """Planted texts (observations) in three initiatives and the themes found in them."""
    from samenspel.insights.theme_models import Theme
    from samenspel.insights.theme_services import themes_analyse
    from tests.insights_themes import planted_programme

    planted_programme(programme, 60)
    themes_analyse(programme=programme)
    return {"theme": Theme.objects.filter(analysis__programme=programme).first().pk}


def compass_world(programme, users):
    """The compass from the default template, answered by the civil servant about the
    first three facets (the fourth has no answers), and an open and a closed answer link."""
    compass = make_compass(programme, users[F])
    facets = list(compass.facets.order_by("position"))
    answer = assess(compass, [5, 6, 7], respondent=users[C])
    link = compass_services.link_create(
        programme=programme, title="Dorpsavond", subject="programme", by=users[F]
    )
    closed = compass_services.link_create(
        programme=programme, title="Voorbij", subject="programme", by=users[F]
    )
    compass_services.link_close(link=closed, by=users[F])
    return {
        "facet": facets[0].pk,
        "facet:unanswered": facets[3].pk,
        "assessment": answer.pk,
        "link": link.pk,
        "link:closed": closed.pk,
        "link_key": link.key,
    }


def journal_world(programme, users):
    """The travel report: its introduction written, a voice of the civil servant (who
    consents), version 1 published, a review round open with a comment, and a file of the
    draft. Version 1 and the file are stored as they are, not composed and made: access
    does not depend on what a book says (tests/test_journal_*.py make them for real)."""
    from samenspel.journal import services as journal_services
    from samenspel.journal import voice_services
    from samenspel.journal.book import Book
    from samenspel.journal.constants import ChapterKind, RenderFormat, RenderState
    from samenspel.journal.models import Publication, Rendering
    from samenspel.journal.text import markdown_blocks
    from tests.journal import make_journal

    report = make_journal(programme, users[F])
    introduction = report.chapters.get(kind=ChapterKind.WRITTEN, position=1)
    introduction = journal_services.chapter_update(
        chapter=introduction,
        title="Inleiding",
        body="Samen leren in de kernen.",
        included=True,
        expected_version=introduction.version,
        by=users[F],
    )
    voice = voice_services.voice_add_own(journal=report, by=users[C], text="Ik luister eerst.")
    book = Book(
        title=report.title,
        subtitle="",
        programme=programme.name,
        edition=1,
        date=datetime.date.today().isoformat(),
        period="",
        language="nl",
    )
    Publication.objects.create(
        journal=report,
        number=1,
        title=report.title,
        published_on=datetime.date.today(),
        book=book.to_json(),
    )
    journal_services.review_open(journal=report, by=users[F])
    paragraph = markdown_blocks(introduction.body, f"c{introduction.pk}")[0].key
    comment = journal_services.comment_add(
        journal=report, chapter=introduction, paragraph=paragraph, text="Mooi.", by=users[C]
    )
    rendering = Rendering.objects.create(
        journal=report,
        format=RenderFormat.HTML,
        state=RenderState.DONE,
        progress=100,
        content=b"<!doctype html><title>Reisverslag</title>",
        file_name="reisverslag-concept.html",
        size=40,
        finished_at=timezone.now(),
    )
    return {
        "chapter": introduction.pk,
        "chapter:generated": report.chapters.get(kind=ChapterKind.TIMELINE).pk,
        "paragraph": paragraph,
        "voice": voice.pk,
        "comment": comment.pk,
        "rendering": rendering.pk,
    }


def compass_sheet(world):
    facet = world["facet"]
    return {"subject": "programme", f"facet_{facet}_current": "6"}


def plan_upcoming(programme, facilitator, **extra):
    start = timezone.now() + datetime.timedelta(days=7)
    return sessions.session_plan(
        **{
            "programme": programme,
            "kind": SessionKind.TEAM,
            "title": "Leersessie",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
            "facilitator": facilitator,
            "by": facilitator,
            **extra,
        }
    )


def session_form(w):
    day = datetime.date.today() + datetime.timedelta(days=30)
    return {
        "kind": SessionKind.TEAM,
        "title": "Nieuwe leersessie",
        "date": f"{day.day}-{day.month}-{day.year}",
        "starts": "19:30",
        "ends": "21:30",
        "facilitator": w["users"][F].pk,
        "anonymity": "anonymous",
        "votes_per_person": "3",
        "participants": [w["users"][C].pk],
    }


# The room of a learning session (learning_sessions.room) --------------------------------
# Not by programme role but by place in the session: its facilitator (F) and the members on
# its list (C, G) are in the room; everyone else gets 404, and an anonymous visitor is asked
# for the code. Only the facilitator takes the facilitator's steps (others in the room: 403).
ROOM = {**{v: 404 for v in VISITORS}, F: 200, C: 200, G: 200, ANONYMOUS: 302}
ROOM_BOARD = {**ROOM, ANONYMOUS: 404}
FACILITATOR_STEP = {**{v: 404 for v in VISITORS}, F: 302, C: 403, G: 403}
PARTICIPANT_STEP = {**{v: 404 for v in VISITORS}, F: 403, C: 302, G: 302}
EVERYONE = {v: 200 for v in VISITORS}
# Where an anonymous visitor is sent instead of the log-in page (an address's start).
ANONYMOUS_TO = {"room": "/join/", "join": "/room/", "reminders-stop": "/reminders/stop/"}
# Writes that leave no audit event: a vote (anonymity), a join (a member already in the
# room only counts an attempt). tests/test_room.py checks what they store. The reminders'
# stop link is audited for every visitor, the anonymous one too (its token names the
# person): tests/test_insights_reminders.py checks that.
UNAUDITED = {("room-vote", "post"), ("join", "post"), ("reminders-stop", "post")}


def room_world(programme, users):
    """The session of the room (not yet started) and an open action of an earlier one."""
    team = [users[C], users[G]]
    earlier = advance_to(plan_session(programme, users[F], team, anonymous=False), "discussion")
    action = session_services.action_add(
        session=earlier, text="Doen", owner=users[C], due_on=datetime.date.today(), by=users[F]
    )
    return plan_session(programme, users[F], team, title="Nu", anonymous=False), action


def in_phase(phase, **data):
    """POST data for a room step, after moving the world's session on to `phase`."""

    def prepare(world):
        session = LearningSession.objects.get(pk=world["session"])
        if phase_reached(phase, "voting"):  # something to vote on and discuss
            session = advance_to(session, "grouping")
            session_services.theme_create(
                session=session, title="Thema", contributions=[], by=world["users"][F]
            )
        session = advance_to(session, phase)
        values = {key: value(session) if callable(value) else value for key, value in data.items()}
        return {
            key: world["action"] if value == "<action>" else value for key, value in values.items()
        }

    return prepare


def review_answers(world):
    questions = world["programme"].review_questions
    return {
        "fingerprint": questions_fingerprint(questions),
        **{f"answer_{i}": "Antwoord" for i in range(len(questions))},
    }


def later(days):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


# (name, url name, url kwargs from world, method, POST data from world, expected)
CASES = [
    ("my-work", "my-work", {}, "get", None, allowed(*MEMBERS, OTHER)),
    ("about", "about", {}, "get", None, allowed(*MEMBERS, OTHER)),
    ("programme-list", "programme-list", {}, "get", None, allowed(*MEMBERS, OTHER)),
    ("programme-create", "programme-create", {}, "get", None, {**allowed(STAFF), OTHER: 403}),
    ("programme-detail", "programme-detail", {"slug"}, "get", None, EVERY_MEMBER),
    ("programme-edit", "programme-edit", {"slug"}, "get", None, MANAGERS),
    ("area-list", "area-list", {"slug"}, "get", None, EVERY_MEMBER),
    ("area-create", "area-create", {"slug"}, "get", None, MANAGERS),
    ("area-edit", "area-edit", {"slug", "area_id"}, "get", None, MANAGERS),
    ("area-delete", "area-delete", {"slug", "area_id"}, "get", None, MANAGERS),
    ("initiative-list", "initiative-list", {"slug"}, "get", None, EVERY_MEMBER),
    (
        "initiative-detail",
        "initiative-detail",
        {"slug", "initiative_id"},
        "get",
        None,
        EVERY_MEMBER,
    ),
    ("initiative-create", "initiative-create", {"slug"}, "get", None, EDITORS),
    ("initiative-edit", "initiative-edit", {"slug", "initiative_id"}, "get", None, EDITORS),
    ("initiative-propose", "initiative-propose", {"slug"}, "get", None, allowed(IN)),
    (
        "initiative-propose POST",
        "initiative-propose",
        {"slug"},
        "post",
        lambda w: {"title": "Moestuin bij de school"},
        allowed(IN, ok=302),
    ),
    (
        "initiative-accept POST",
        "initiative-accept",
        {"slug", "initiative_id"},
        "post",
        lambda w: {},
        allowed(F, C, A, STAFF, ok=302),
    ),
    ("question-list", "question-list", {"slug"}, "get", None, EVERY_MEMBER),
    ("question-detail", "question-detail", {"slug", "number"}, "get", None, EVERY_MEMBER),
    ("question-create", "question-create", {"slug"}, "get", None, EDITORS),
    ("question-edit", "question-edit", {"slug", "number"}, "get", None, EDITORS),
    ("membership-list", "membership-list", {"slug"}, "get", None, MANAGERS),
    ("area-add-lines", "area-add-lines", {"slug"}, "get", None, MANAGERS),
    (
        "area-add-lines POST",
        "area-add-lines",
        {"slug"},
        "post",
        lambda w: {"lines": "Kern A\nKern B", "confirm": "True"},
        allowed(F, A, STAFF, ok=302),
    ),
    ("membership-add-lines", "membership-add-lines", {"slug"}, "get", None, MANAGERS),
    (
        "membership-add-lines POST",
        "membership-add-lines",
        {"slug"},
        "post",
        lambda w: {"lines": "nieuw@example.nl, partner, Nieuw Lid", "confirm": "True"},
        allowed(F, A, STAFF, ok=302),
    ),
    ("membership-add", "membership-add", {"slug"}, "get", None, MANAGERS),
    ("membership-edit", "membership-edit", {"slug", "membership_id"}, "get", None, MANAGERS),
    ("membership-remove", "membership-remove", {"slug", "membership_id"}, "get", None, MANAGERS),
    ("cycle-create", "cycle-create", {"slug", "initiative_id"}, "get", None, CYCLE_WORKERS),
    ("cycle-detail", "cycle-detail", {"slug", "cycle_id:draft"}, "get", None, EVERY_MEMBER),
    ("cycle-replan", "cycle-replan", {"slug", "cycle_id:acting"}, "get", None, CYCLE_WORKERS),
    ("cycle-hand-over", "cycle-hand-over", {"slug", "cycle_id:draft"}, "get", None, CYCLE_WORKERS),
    (
        "area-create POST",
        "area-create",
        {"slug"},
        "post",
        lambda w: {"name": "Nieuwe kern"},
        allowed(F, A, STAFF, ok=302),
    ),
    (
        "question-create POST",
        "question-create",
        {"slug"},
        "post",
        lambda w: {"text": "Nieuwe vraag?"},
        allowed(F, C, A, STAFF, ok=302),
    ),
    (
        "membership-edit POST",
        "membership-edit",
        {"slug", "membership_id"},
        "post",
        lambda w: {"role": Role.GOVERNANCE},
        allowed(F, A, STAFF, ok=302),
    ),
    (
        "cycle-expectation POST",
        "cycle-expectation",
        {"slug", "cycle_id:draft"},
        "post",
        lambda w: {"intention": "Doen.", "expected_outcome": "Iets."},
        CYCLE_WORKERS_POST,
    ),
    (
        "cycle-observation POST",
        "cycle-observation",
        {"slug", "cycle_id:acting"},
        "post",
        lambda w: {
            "occurred_on": datetime.date.today().isoformat(),
            "kind": "happened",
            "text": "Gezien.",
        },
        allowed(F, C, IN, ok=302),
    ),
    (
        "cycle-review POST",
        "cycle-review",
        {"slug", "cycle_id:acting"},
        "post",
        review_answers,
        CYCLE_WORKERS_POST,
    ),
    (
        "cycle-adjustment POST",
        "cycle-adjustment",
        {"slug", "cycle_id:reviewed"},
        "post",
        lambda w: {"decision": "continue", "text": "Door."},
        CYCLE_WORKERS_POST,
    ),
    (
        "cycle-abandon POST",
        "cycle-abandon",
        {"slug", "cycle_id:draft"},
        "post",
        lambda w: {"reason": "Geen tijd."},
        CYCLE_WORKERS_POST,
    ),
    (
        "cycle-replan POST",
        "cycle-replan",
        {"slug", "cycle_id:acting"},
        "post",
        lambda w: {
            "expectation_due": later(20),
            "review_due": later(120),
            "adjustment_due": later(140),
        },
        CYCLE_WORKERS_POST,
    ),
    (
        "cycle-hand-over POST",
        "cycle-hand-over",
        {"slug", "cycle_id:draft"},
        "post",
        lambda w: {"owner": w["users"][F].pk},
        CYCLE_WORKERS_POST,
    ),
    # The room of a learning session, and joining it with the code.
    ("room", "room", {"session_id"}, "get", None, ROOM),
    ("room-board", "room-board", {"session_id"}, "get", None, ROOM_BOARD),
    ("room-live", "room-live", {"key"}, "get", None, EVERYONE),
    ("join", "join", {}, "get", None, EVERYONE),
    (
        "join POST",
        "join",
        {},
        "post",
        lambda w: {"code": LearningSession.objects.get(pk=w["session"]).join_code},
        {v: 302 for v in VISITORS},
    ),
    (
        "room-advance POST",
        "room-advance",
        {"session_id"},
        "post",
        lambda w: {"expected": "planned"},
        FACILITATOR_STEP,
    ),
    (
        "room-actions POST",
        "room-actions",
        {"session_id"},
        "post",
        in_phase("actions", action="<action>", outcome="done"),
        FACILITATOR_STEP,
    ),
    (
        "room-contribute POST",
        "room-contribute",
        {"session_id"},
        "post",
        in_phase("input", question=0, text="Mijn bijdrage"),
        PARTICIPANT_STEP,
    ),
    (
        "room-themes POST",
        "room-themes",
        {"session_id"},
        "post",
        in_phase("grouping", what="create", title="Een thema"),
        FACILITATOR_STEP,
    ),
    (
        "room-vote POST",
        "room-vote",
        {"session_id"},
        "post",
        in_phase(
            "voting",
            theme=lambda session: Theme.objects.get(session=session).pk,
        ),
        PARTICIPANT_STEP,
    ),
    (
        "room-capture POST",
        "room-capture",
        {"session_id"},
        "post",
        in_phase("discussion", what="insight", text="Een inzicht", kind="fact"),
        FACILITATOR_STEP,
    ),
    # The helicopter view (insights): every member reads it.
    ("helicopter", "helicopter", {"slug"}, "get", None, EVERY_MEMBER),
    ("helicopter-question", "helicopter-question", {"slug", "number"}, "get", None, EVERY_MEMBER),
    (
        "helicopter-cell",
        "helicopter-cell",
        {"slug", "initiative_id", "number"},
        "get",
        None,
        EVERY_MEMBER,
    ),
    # Personal settings and the reminders' stop link (insights): the link's token stands for
    # its person, so it works without logging in.
    ("account-settings", "account-settings", set(), "get", None, allowed(*MEMBERS, OTHER)),
    (
        "account-settings-post",
        "account-settings",
        set(),
        "post",
        lambda w: {},
        allowed(*MEMBERS, OTHER, ok=302),
    ),
    ("reminders-stop", "reminders-stop", {"token:stop"}, "get", None, EVERYONE),
    (
        "reminders-stop-post",
        "reminders-stop",
        {"token:stop"},
        "post",
        lambda w: {},
        dict.fromkeys(VISITORS, 302),
    ),
    # The recurring themes (insights): every member reads them; facilitators and
    # administrators ask for a new analysis.
    ("themes", "themes", {"slug"}, "get", None, EVERY_MEMBER),
    ("theme-detail", "theme-detail", {"slug", "theme_id"}, "get", None, EVERY_MEMBER),
    (
        "themes-refresh",
        "themes-refresh",
        {"slug"},
        "post",
        lambda w: {},
        allowed(F, A, STAFF, ok=302),
    ),
    # Search (insights): every logged-in person searches what they may read.
    ("search", "search", {}, "get", None, allowed(*MEMBERS, OTHER)),
    # The dashboards (insights): the facilitator's for those who run the programme; the
    # governance overview, its PDF and CSV for every member.
    ("dashboard", "dashboard", {"slug"}, "get", None, allowed(F, A, STAFF)),
    ("governance", "governance", {"slug"}, "get", None, EVERY_MEMBER),
    ("governance-pdf", "governance-pdf", {"slug"}, "get", None, EVERY_MEMBER),
    ("governance-csv", "governance-csv", {"slug"}, "get", None, EVERY_MEMBER),
]


# Learning sessions: planning and reading. Every member reads; those
# who plan sessions (facilitators, administrators) and the session's own facilitator
# change the plan; the calendar is anyone's who is logged in, its feed anyone's with the
# address.
SESSION_PLANNERS = MANAGERS
SESSION_PLANNERS_POST = allowed(F, A, STAFF, ok=302)
LOGGED_IN = allowed(*MEMBERS, OTHER)
CASES += [
    ("session-list", "session-list", {"slug"}, "get", None, EVERY_MEMBER),
    ("session-create", "session-create", {"slug"}, "get", None, SESSION_PLANNERS),
    (
        "session-create POST",
        "session-create",
        {"slug"},
        "post",
        session_form,
        SESSION_PLANNERS_POST,
    ),
    ("course-create", "course-create", {"slug"}, "get", None, SESSION_PLANNERS),
    (
        "course-create POST",
        "course-create",
        {"slug"},
        "post",
        lambda w: {"name": "Cursus samenspel", "cohort": [w["users"][C].pk]},
        SESSION_PLANNERS_POST,
    ),
    ("session-detail", "session-detail", {"slug", "session_id:planned"}, "get", None, EVERY_MEMBER),
    ("session-edit", "session-edit", {"slug", "session_id:planned"}, "get", None, SESSION_PLANNERS),
    (
        "session-edit POST",
        "session-edit",
        {"slug", "session_id:planned"},
        "post",
        lambda w: {**session_form(w), "title": "Andere titel", "place": "Raadzaal"},
        SESSION_PLANNERS_POST,
    ),
    (
        "session-agenda",
        "session-agenda",
        {"slug", "session_id:planned"},
        "get",
        None,
        SESSION_PLANNERS,
    ),
    (
        "session-agenda POST",
        "session-agenda",
        {"slug", "session_id:planned"},
        "post",
        lambda w: {"questions": [w["question"].pk]},
        SESSION_PLANNERS_POST,
    ),
    (
        "session-participants",
        "session-participants",
        {"slug", "session_id:planned"},
        "get",
        None,
        SESSION_PLANNERS,
    ),
    (
        "session-participants POST add",
        "session-participants",
        {"slug", "session_id:planned"},
        "post",
        lambda w: {"action": "add", "users": [w["users"][G].pk]},
        SESSION_PLANNERS_POST,
    ),
    (
        "session-participants POST remove",
        "session-participants",
        {"slug", "session_id:planned"},
        "post",
        lambda w: {"action": "remove", "participant": w["participant"]},
        SESSION_PLANNERS_POST,
    ),
    (
        "session-hand-over",
        "session-hand-over",
        {"slug", "session_id:planned"},
        "get",
        None,
        SESSION_PLANNERS,
    ),
    (
        "session-hand-over POST",
        "session-hand-over",
        {"slug", "session_id:planned"},
        "post",
        lambda w: {"to": w["users"][C].pk, "confirm": "True"},
        SESSION_PLANNERS_POST,
    ),
    ("session-report", "session-report", {"slug", "session_id:closed"}, "get", None, EVERY_MEMBER),
    (
        "session-report-pdf",
        "session-report-pdf",
        {"slug", "session_id:closed"},
        "get",
        None,
        EVERY_MEMBER,
    ),
    ("calendar-settings", "calendar-settings", set(), "get", None, LOGGED_IN),
    (
        "calendar-settings POST",
        "calendar-settings",
        set(),
        "post",
        lambda w: {"feed": "personal", "action": "create"},
        allowed(*MEMBERS, OTHER, ok=302),
    ),
    # A calendar program reads the feed without logging in: the address is the key.
    ("calendar-feed", "calendar-feed", {"token"}, "get", None, dict.fromkeys(VISITORS, 200)),
]


TODAY = datetime.date.today().isoformat()
CASES += [
    ("coaching-list", "coaching-list", {"slug"}, "get", None, {**EVERY_MEMBER, STAFF: 404}),
    ("coaching-start", "coaching-start", {"slug"}, "get", None, {**allowed(F), STAFF: 404}),
    (
        "coaching-start POST",
        "coaching-start",
        {"slug"},
        "post",
        # A civil servant the facilitator does not coach yet.
        lambda w: {
            "coachee": MembershipFactory(programme=w["programme"], role=C).user.pk,
            "started_on": TODAY,
        },
        {**allowed(F, ok=302), STAFF: 404},
    ),
    ("coaching-detail", "coaching-detail", {"slug", "coaching_id"}, "get", None, COACH_AND_COACHEE),
    ("coaching-goals", "coaching-goals", {"slug", "coaching_id"}, "get", None, COACH_AND_COACHEE),
    ("coaching-end", "coaching-end", {"slug", "coaching_id"}, "get", None, COACH_AND_COACHEE),
    (
        "coaching-end POST",
        "coaching-end",
        {"slug", "coaching_id"},
        "post",
        lambda w: {},
        COACH_AND_COACHEE_POST,
    ),
    (
        "coaching-conversation-create",
        "coaching-conversation-create",
        {"slug", "coaching_id"},
        "get",
        None,
        COACH_AND_COACHEE,
    ),
    (
        "coaching-conversation-create POST",
        "coaching-conversation-create",
        {"slug", "coaching_id"},
        "post",
        lambda w: {"held_on": TODAY, "agreements": "Ik bel de dorpsraad."},
        COACH_AND_COACHEE_POST,
    ),
    (
        "coaching-conversation-edit",
        "coaching-conversation-edit",
        {"slug", "coaching_id", "conversation_id"},
        "get",
        None,
        COACH_AND_COACHEE,
    ),
    (
        "coaching-conversation-edit POST",
        "coaching-conversation-edit",
        {"slug", "coaching_id", "conversation_id"},
        "post",
        lambda w: {"held_on": TODAY, "reflection": "Anders.", "version": 1},
        COACH_AND_COACHEE_POST,
    ),
    (
        "coaching-goal-create",
        "coaching-goal-create",
        {"slug", "coaching_id"},
        "get",
        None,
        COACH_AND_COACHEE,
    ),
    (
        "coaching-goal-create POST",
        "coaching-goal-create",
        {"slug", "coaching_id"},
        "post",
        lambda w: {"text": "Ik vraag eerst door.", "set_on": TODAY},
        COACH_AND_COACHEE_POST,
    ),
    (
        "coaching-goal-step",
        "coaching-goal-step",
        {"slug", "coaching_id", "goal_id"},
        "get",
        None,
        COACH_AND_COACHEE,
    ),
    (
        "coaching-goal-step POST",
        "coaching-goal-step",
        {"slug", "coaching_id", "goal_id"},
        "post",
        lambda w: {"status": "achieved", "note": "Gelukt.", "on": TODAY},
        COACH_AND_COACHEE_POST,
    ),
]


# The compass: every member reads it and answers it (a site administrator who is not a
# member has no perspective: refused); managers set it up, edit its facets and make the
# answer links; a member takes back only their own answer (the civil servant's here);
# residents reach the answer link's form without logging in.
OWN_ANSWER = {**{v: 404 for v in VISITORS}, C: 200, ANONYMOUS: 302}
MANAGERS_POST = allowed(F, A, STAFF, ok=302)
CASES += [
    ("compass-setup", "compass-setup", {"slug"}, "get", None, EVERY_MEMBER),
    (
        "compass-setup POST",  # answered already: the template can no longer be replaced
        "compass-setup",
        {"slug"},
        "post",
        lambda w: {"template": "participation_ladder", "confirm": "True"},
        allowed(F, A, STAFF, ok=400),
    ),
    ("compass-facets", "compass-facets", {"slug"}, "get", None, EVERY_MEMBER),
    (
        "compass-facets POST",
        "compass-facets",
        {"slug"},
        "post",
        lambda w: {"action": "add", "facet-name": "Vertrouwen", "facet-colour": "teal"},
        MANAGERS_POST,
    ),
    ("compass-facet-edit", "compass-facet-edit", {"slug", "facet_id"}, "get", None, MANAGERS),
    (
        "compass-facet-edit POST",
        "compass-facet-edit",
        {"slug", "facet_id"},
        "post",
        lambda w: {"name": "Zorgvuldige overheid", "colour": "blue"},
        MANAGERS_POST,
    ),
    (
        "compass-facet-move POST",
        "compass-facet-move",
        {"slug", "facet_id"},
        "post",
        lambda w: {"direction": "down"},
        MANAGERS_POST,
    ),
    (
        "compass-facet-retire POST",
        "compass-facet-retire",
        {"slug", "facet_id"},
        "post",
        lambda w: {"action": "retire"},
        MANAGERS_POST,
    ),
    (
        "compass-facet-delete",
        "compass-facet-delete",
        {"slug", "facet_id:unanswered"},
        "get",
        None,
        MANAGERS,
    ),
    (
        "compass-facet-delete POST",
        "compass-facet-delete",
        {"slug", "facet_id:unanswered"},
        "post",
        lambda w: {},
        MANAGERS_POST,
    ),
    ("compass-answer", "compass-answer", {"slug"}, "get", None, EVERY_MEMBER),
    (
        "compass-answer POST",
        "compass-answer",
        {"slug"},
        "post",
        compass_sheet,
        allowed(F, C, G, IN, P, A, ok=302),
    ),
    ("compass-answers", "compass-answers", {"slug"}, "get", None, EVERY_MEMBER),
    (
        "compass-assessment-delete",
        "compass-assessment-delete",
        {"slug", "assessment_id"},
        "get",
        None,
        OWN_ANSWER,
    ),
    (
        "compass-assessment-delete POST",
        "compass-assessment-delete",
        {"slug", "assessment_id"},
        "post",
        lambda w: {},
        {**OWN_ANSWER, C: 302},
    ),
    ("compass-links", "compass-links", {"slug"}, "get", None, MANAGERS),
    (
        "compass-links POST",
        "compass-links",
        {"slug"},
        "post",
        lambda w: {"title": "Buurtavond", "subject": "programme"},
        MANAGERS_POST,
    ),
    ("compass-link-close", "compass-link-close", {"slug", "link_id"}, "get", None, MANAGERS),
    (
        "compass-link-close POST",
        "compass-link-close",
        {"slug", "link_id"},
        "post",
        lambda w: {},
        MANAGERS_POST,
    ),
    (
        "compass-link-reopen POST",
        "compass-link-reopen",
        {"slug", "link_id:closed"},
        "post",
        lambda w: {},
        MANAGERS_POST,
    ),
    # The residents' form: the key is the access (tests/test_compass_pages.py sends it).
    ("compass-link-answer", "compass-link-answer", {"link_key"}, "get", None, EVERYONE),
    ("compass-link-thanks", "compass-link-thanks", {"link_key"}, "get", None, EVERYONE),
]


# The compass round in the room and a goal's facets (compass/rounds.py, compass/goals.py):
# the room's rules (the facilitator's steps, the participants' answer) and the coaching's
# (only coach and coachee). The programme gets its compass first.
def with_compass(world):
    compass = Compass.objects.filter(programme=world["programme"]).first()
    return compass or make_compass(world["programme"], world["users"][F])


def compass_round(step):
    def prepare(world):
        compass = with_compass(world)
        session = advance_to(LearningSession.objects.get(pk=world["session"]), "actions")
        if step == "open":
            return {}
        round_services.round_open(session=session, by=world["users"][F])
        if step == "close":
            return {}
        facet = compass.facets.order_by("position").first()
        return {f"facet_{facet.pk}_current": 6, f"facet_{facet.pk}_desired": 8}

    return prepare


def goal_facets(world):
    return {"facets": [with_compass(world).facets.order_by("position").first().pk]}


CASES += [
    (
        "room-compass-open POST",
        "room-compass-open",
        {"session_id"},
        "post",
        compass_round("open"),
        FACILITATOR_STEP,
    ),
    (
        "room-compass-close POST",
        "room-compass-close",
        {"session_id"},
        "post",
        compass_round("close"),
        FACILITATOR_STEP,
    ),
    (
        "room-compass-answer POST",
        "room-compass-answer",
        {"session_id"},
        "post",
        compass_round("answer"),
        PARTICIPANT_STEP,
    ),
    (
        "coaching-goal-facets",
        "coaching-goal-facets",
        {"slug", "coaching_id", "goal_id"},
        "get",
        None,
        COACH_AND_COACHEE,
    ),
    (
        "coaching-goal-facets POST",
        "coaching-goal-facets",
        {"slug", "coaching_id", "goal_id"},
        "post",
        goal_facets,
        COACH_AND_COACHEE_POST,
    ),
]


# The compass's pictures: every member (and a site administrator) sees them, and
# downloads the charts and the answers; "my compass" shows each viewer their own.
def with_compass_answer(world):
    """The world's programme with a compass and one answer (the pictures need both)."""
    from samenspel.compass.models import Compass
    from tests.compass import assess, make_compass

    programme = world["programme"]
    compass = Compass.objects.filter(programme=programme).first()
    if compass is None:
        compass = make_compass(programme, world["users"][F])
    assess(compass, [5, 6, 7, 8], respondent=world["users"][C])


CASES += [
    ("compass", "compass", {"slug"}, "get", None, EVERY_MEMBER),
    ("compass-trend", "compass-trend", {"slug"}, "get", None, EVERY_MEMBER),
    ("compass-personal", "compass-personal", {"slug"}, "get", None, EVERY_MEMBER),
    (
        "compass-chart",
        "compass-chart",
        {"slug", "chart:radar", "fmt:svg"},
        "get",
        None,
        EVERY_MEMBER,
    ),
    ("compass-export", "compass-export", {"slug", "fmt:csv"}, "get", None, EVERY_MEMBER),
]
PREPARED = dict.fromkeys(
    ["compass", "compass-trend", "compass-personal", "compass-chart", "compass-export"],
    with_compass_answer,
)


# The travel report (journal/access.py): every member reads it and comments in the review
# round; co-authors (all roles but governance, and a site administrator) write chapters
# and pick voices; managers shape and publish it; only a voice's author answers for it. A
# public report is read without logging in.
CO_AUTHORS = allowed(F, C, IN, P, A, STAFF)
CO_AUTHORS_POST = allowed(F, C, IN, P, A, STAFF, ok=302)
MANAGERS_POST = allowed(F, A, STAFF, ok=302)
AUTHOR_ONLY_POST = {**{v: 404 for v in VISITORS}, C: 302, ANONYMOUS: 302}


def _voice_version(world):
    from samenspel.journal.models import Voice

    return Voice.objects.get(pk=world["voice"]).version


def _chapter_version(world):
    from samenspel.journal.models import Chapter

    return Chapter.objects.get(pk=world["chapter"]).version


def journal_gone(world):
    from samenspel.journal.models import Journal

    Journal.objects.filter(programme=world["programme"]).delete()


def journal_public(world):
    from samenspel.journal.models import Journal

    Journal.objects.filter(programme=world["programme"]).update(public=True)


J = {"slug"}
CASES += [
    ("journal", "journal", J, "get", None, EVERY_MEMBER),
    ("journal-start POST", "journal-start", J, "post", lambda w: {}, MANAGERS_POST),
    ("journal-settings", "journal-settings", J, "get", None, MANAGERS),
    ("journal-draft", "journal-draft", J, "get", None, EVERY_MEMBER),
    ("journal-chapter-add", "journal-chapter-add", J, "get", None, CO_AUTHORS),
    (
        "journal-chapter-edit",
        "journal-chapter-edit",
        {"slug", "chapter_id"},
        "get",
        None,
        CO_AUTHORS,
    ),
    (
        "journal-chapter-edit generated",
        "journal-chapter-edit",
        {"slug", "chapter_id:generated"},
        "get",
        None,
        CO_AUTHORS,
    ),
    (
        "journal-chapter-edit POST",
        "journal-chapter-edit",
        {"slug", "chapter_id"},
        "post",
        lambda w: {
            "title": "Inleiding",
            "body": "Samen leren in de kernen. En meer.",
            "included": "on",
            "version": _chapter_version(w),
        },
        CO_AUTHORS_POST,
    ),
    (
        "journal-chapter-move POST",
        "journal-chapter-move",
        {"slug", "chapter_id"},
        "post",
        lambda w: {"direction": "down"},
        MANAGERS_POST,
    ),
    (
        "journal-chapter-delete",
        "journal-chapter-delete",
        {"slug", "chapter_id"},
        "get",
        None,
        MANAGERS,
    ),
    ("journal-review", "journal-review", J, "get", None, EVERY_MEMBER),
    ("journal-review-open POST", "journal-review-open", J, "post", lambda w: {}, MANAGERS_POST),
    ("journal-review-close POST", "journal-review-close", J, "post", lambda w: {}, MANAGERS_POST),
    (
        "journal-comment-add POST",
        "journal-comment-add",
        J,
        "post",
        lambda w: {"chapter": w["chapter"], "paragraph": w["paragraph"], "text": "Eens."},
        allowed(F, C, G, IN, P, A, ok=302),
    ),
    (
        "journal-comment-resolve POST",
        "journal-comment-resolve",
        {"slug", "comment_id"},
        "post",
        lambda w: {},
        MANAGERS_POST,
    ),
    ("journal-publish", "journal-publish", J, "get", None, MANAGERS),
    (
        "journal-publish POST",
        "journal-publish",
        J,
        "post",
        lambda w: {"number": "2"},
        MANAGERS_POST,
    ),
    ("journal-publication", "journal-publication", {"slug", "number"}, "get", None, EVERY_MEMBER),
    ("journal-compare", "journal-compare", J, "get", None, EVERY_MEMBER),
    ("journal-public", "journal-public", J, "get", None, EVERYONE),
    ("journal-public-version", "journal-public-version", {"slug", "number"}, "get", None, EVERYONE),
    ("journal-voices", "journal-voices", J, "get", None, EVERY_MEMBER),
    ("journal-voice-pick", "journal-voice-pick", J, "get", None, CO_AUTHORS),
    ("journal-voice-add", "journal-voice-add", J, "get", None, allowed(F, C, G, IN, P, A)),
    ("journal-voice-edit", "journal-voice-edit", {"slug", "voice_id"}, "get", None, CO_AUTHORS),
    ("journal-voice-delete", "journal-voice-delete", {"slug", "voice_id"}, "get", None, CO_AUTHORS),
    ("journal-consent", "journal-consent", J, "get", None, EVERY_MEMBER),
    (
        "journal-consent-answer POST",
        "journal-consent-answer",
        {"slug", "voice_id"},
        "post",
        lambda w: {"answer": "withdraw", "version": _voice_version(w)},
        AUTHOR_ONLY_POST,
    ),
    (
        "journal-render POST",
        "journal-render",
        J,
        "post",
        lambda w: {"format": "md", "version": "draft"},
        allowed(*MEMBERS, ok=302),
    ),
    ("journal-rendering", "journal-rendering", {"slug", "rendering_id"}, "get", None, EVERY_MEMBER),
    (
        "journal-rendering-download",
        "journal-rendering-download",
        {"slug", "rendering_id"},
        "get",
        None,
        EVERY_MEMBER,
    ),
    (
        "journal-public-download",
        "journal-public-download",
        {"slug", "number", "fmt:html"},
        "get",
        None,
        EVERYONE,
    ),
]


def journal_review_closed(world):
    from samenspel.journal.models import Journal

    Journal.objects.filter(programme=world["programme"]).update(review_closed_at=timezone.now())


PREPARED["journal-start"] = journal_gone
PREPARED["journal-review-open"] = journal_review_closed  # opening an open round: no change
for name in ("journal-public", "journal-public-version", "journal-public-download"):
    PREPARED[name] = journal_public


def url_for(world, name, kwargs):
    values = {}
    for key in kwargs:
        if key.startswith("session_id:"):
            values["session_id"] = world["sessions"][key.split(":")[1]].pk
        elif key == "token":
            values["token"] = world["token"]
        elif key.startswith("cycle_id:"):
            values["cycle_id"] = world["cycles"][key.split(":")[1]].pk
        elif ":" in key:  # facet_id:unanswered → world["facet:unanswered"]; fmt:csv → "csv"
            argument, variant = key.split(":", 1)
            found = world.get(f"{argument.removesuffix('_id')}:{variant}")
            values[argument] = found if found is not None else variant
        else:
            values[key] = world[key.removesuffix("_id")]
    return reverse(name, kwargs=values)


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(
    ("name", "kwargs", "method", "data", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_access(world, client_for, visitor, name, kwargs, method, data, expected):
    client = client_for(world["users"][visitor])
    url = url_for(world, name, kwargs)
    payload = data(world) if method == "post" else None
    if name in PREPARED:
        PREPARED[name](world)
    events = AuditEvent.objects.count()
    response = client.get(url) if method == "get" else client.post(url, payload)
    assert response.status_code == expected[visitor], (visitor, url)
    if method == "post" and (name, method) not in UNAUDITED:
        # An allowed action is stored (and audited); a refused one changes nothing.
        changed = AuditEvent.objects.count() > events
        assert changed == (response.status_code == 302 and visitor != ANONYMOUS)
    if response.status_code == 302 and visitor == ANONYMOUS:
        assert response.url.startswith(ANONYMOUS_TO.get(name, reverse("login"))), url


# Django's own pages (log-in and password, the language switch) and POST-only actions
# tested on their own below.
NOT_IN_THE_MATRIX = {
    "home",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "cycle-start",
}


def test_every_url_is_in_the_matrix():
    """A new page must be added to the matrix. The names come from walking the whole URL
    resolver: samenspel/urls.py itself holds only includes, which have no name."""
    from tests.test_protections import named_patterns

    named = {name for name, _arguments in named_patterns()}
    covered = {case[1] for case in CASES} | NOT_IN_THE_MATRIX
    assert len(named) > 40
    assert named - covered == set()


def test_cycle_start_post(world, client_for):
    """Starting needs an expectation; the matrix for the roles is the expectation's."""
    cycle = world["cycles"][CycleState.DRAFT]
    url = reverse("cycle-start", kwargs={"slug": world["slug"], "cycle_id": cycle.pk})
    assert client_for(world["users"][G]).post(url).status_code == 403
    assert client_for(world["users"][OTHER]).post(url).status_code == 404
    response = client_for(world["users"][C]).post(url)
    assert response.status_code == 400  # refused: no expectation yet
    assert "Schrijf eerst de verwachting op" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.state == CycleState.DRAFT
