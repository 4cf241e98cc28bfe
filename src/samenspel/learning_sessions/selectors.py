"""Reads of learning sessions that span relations, each with its related rows fetched in
a fixed number of queries.

Two rooms share this file. The planning pages, the programme's list, the calendar and
the report (views.py, feeds.py, report.py, extensions.py) read through the functions
under "Planning and reading". The room and its live board (room.py, guests.py) read
through the functions named `room_…` and `board_…` under "The room": what the board
shows in each phase, what the facilitator works with, and the session a join code
opens. Contributions are always read in the order of their random sort key (per
question), never in the order they came in.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from samenspel.accounts.models import User
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import LearningCycle
from samenspel.learning_sessions.constants import ActionStatus, SessionPhase, phase_reached
from samenspel.learning_sessions.models import (
    Action,
    AgendaProposal,
    CalendarFeed,
    Contribution,
    Course,
    Insight,
    LearningSession,
    Participant,
    Theme,
)
from samenspel.programmes.constants import QuestionStatus, Role
from samenspel.programmes.models import Initiative, LearningQuestion, Membership, Programme

# Planning and reading ----------------------------------------------------------------------

# Members who may facilitate a session (services._check_facilitator says the same).
FACILITATOR_ROLES = [Role.FACILITATOR, Role.ADMINISTRATOR, Role.CIVIL_SERVANT]
# How long back a calendar feed reaches: calendars keep what they once showed.
CALENDAR_PAST = datetime.timedelta(days=366)


def start_of_today() -> datetime.datetime:
    """Midnight today in Europe/Amsterdam: a session that starts from then on is
    upcoming all day, as the cached pages (keyed by the date) show it."""
    today = timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


def session_list(*, programme: Programme) -> QuerySet[LearningSession]:
    """The programme's sessions: the upcoming ones first, the nearest first; then the
    past ones, the latest first. One ordered query, so it pages like any list."""
    today = start_of_today()
    upcoming = Q(starts_at__gte=today)
    return (
        LearningSession.objects.filter(programme=programme)
        .select_related("facilitator", "course")
        .annotate(
            is_past=Case(When(upcoming, then=Value(0)), default=Value(1)),
            upcoming_at=Case(When(upcoming, then=F("starts_at")), default=None),
            past_at=Case(When(upcoming, then=None), default=F("starts_at")),
        )
        .order_by(
            "is_past",
            F("upcoming_at").asc(nulls_last=True),
            F("past_at").desc(nulls_last=True),
            "id",
        )
    )


def sessions_upcoming(*, programme: Programme, limit: int = 3) -> list[LearningSession]:
    """The next sessions of a programme, for its overview."""
    return list(
        LearningSession.objects.filter(programme=programme, starts_at__gte=start_of_today())
        .exclude(phase=SessionPhase.CLOSED)
        .select_related("facilitator")
        .order_by("starts_at", "id")[:limit]
    )


def my_upcoming_sessions(
    *, user: User, programme_ids: list[int], limit: int = 5
) -> list[LearningSession]:
    """The next sessions a person facilitates or takes part in, in their programmes."""
    return list(
        LearningSession.objects.filter(
            programme_id__in=programme_ids, starts_at__gte=start_of_today()
        )
        .filter(Q(facilitator=user) | Q(participants__user=user))
        .exclude(phase=SessionPhase.CLOSED)
        .select_related("programme", "facilitator")
        .distinct()
        .order_by("starts_at", "id")[:limit]
    )


def session_participants(*, session: LearningSession) -> list[Participant]:
    """Members first, by name; then the guests, in the order they joined."""
    return list(
        session.participants.select_related("user")
        .annotate(guest=Case(When(user__isnull=True, then=Value(1)), default=Value(0)))
        .order_by("guest", "display_name", "joined_at", "id")
    )


def is_participant(*, session: LearningSession, user: User) -> bool:
    return Participant.objects.filter(session=session, user=user).exists()


def open_actions_before(*, session: LearningSession) -> QuerySet[Action]:
    """The open actions of the programme's earlier sessions: they come up in this
    session's first phase (and those carried over, again)."""
    return (
        Action.objects.filter(
            session__programme_id=session.programme_id,
            session__starts_at__lt=session.starts_at,
            status=ActionStatus.OPEN,
        )
        .exclude(session=session)
        .select_related("owner", "session")
        .order_by("due_on", "id")
    )


def actions_reviewed_in(*, session: LearningSession) -> QuerySet[Action]:
    return (
        Action.objects.filter(reviewed_in=session)
        .select_related("owner", "session")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class Agenda:
    cycles: list[LearningCycle]
    questions: list[LearningQuestion]
    # Before the session reviews them: the open actions that will come up; after: the
    # actions it reviewed, with their outcome.
    actions: list[Action]
    actions_reviewed: bool


def session_agenda(*, session: LearningSession) -> Agenda:
    reviewed = session.phase not in (SessionPhase.PLANNED, SessionPhase.ACTIONS)
    actions = (
        actions_reviewed_in(session=session) if reviewed else open_actions_before(session=session)
    )
    return Agenda(
        cycles=list(
            session.agenda_cycles.select_related("initiative", "owner", "review").order_by(
                "initiative__sort_name", "number"
            )
        ),
        questions=list(session.agenda_questions.order_by("number")),
        actions=list(actions),
        actions_reviewed=reviewed,
    )


# The order in which cycles are offered for the agenda: acting first (they are the ones
# a session reviews), then the others still open.
CYCLE_ORDER = [CycleState.ACTING, CycleState.REVIEWED, CycleState.DRAFT]


def agenda_cycle_choices(*, programme: Programme, chosen: list[int]) -> QuerySet[LearningCycle]:
    """The cycles a session's agenda may hold: the programme's open cycles (acting first),
    and those already on the agenda whatever their phase now."""
    order = Case(
        *(When(state=state, then=Value(index)) for index, state in enumerate(CYCLE_ORDER)),
        default=Value(len(CYCLE_ORDER)),
    )
    return (
        LearningCycle.objects.filter(initiative__programme=programme)
        .filter(Q(state__in=CYCLE_ORDER) | Q(pk__in=chosen))
        .select_related("initiative")
        .annotate(state_order=order)
        .order_by("state_order", "initiative__sort_name", "number", "id")
    )


def agenda_question_choices(
    *, programme: Programme, chosen: list[int]
) -> QuerySet[LearningQuestion]:
    """The learning questions still being worked on (open or persistent), and those
    already on the agenda."""
    return (
        LearningQuestion.objects.filter(programme=programme)
        .filter(Q(status__in=[QuestionStatus.OPEN, QuestionStatus.PERSISTENT]) | Q(pk__in=chosen))
        .order_by("number")
    )


def members_by_role(*, programme: Programme, roles: list[str] | None = None) -> list[Membership]:
    """The programme's active members (with their user), by role and then by name."""
    memberships = Membership.objects.filter(programme=programme, user__is_active=True)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return list(
        memberships.select_related("user").order_by("role", "user__sort_name", "user__email")
    )


def courses_of(*, programme: Programme) -> QuerySet[Course]:
    return Course.objects.filter(programme=programme).order_by("name", "id")


# The calendar ------------------------------------------------------------------------------


def calendar_feeds_of(*, user: User) -> dict[int | None, CalendarFeed]:
    """A person's feeds, by programme id (None: the personal feed)."""
    return {feed.programme_id: feed for feed in CalendarFeed.objects.filter(user=user)}


def calendar_feed_by_token(*, token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(token=token, user__is_active=True)
        .select_related("user", "programme")
        .first()
    )


def calendar_sessions(*, feed: CalendarFeed) -> list[LearningSession]:
    """The sessions a feed shows, read at request time: of the programmes its owner is a
    member of *now* (a person who left a programme no longer gets its sessions). A
    personal feed: the sessions they facilitate or take part in; a programme's feed:
    all of that programme's sessions."""
    member_of = Membership.objects.filter(user=feed.user).values("programme_id")
    sessions = LearningSession.objects.filter(
        programme_id__in=member_of, starts_at__gte=timezone.now() - CALENDAR_PAST
    )
    if feed.programme_id is None:
        sessions = sessions.filter(Q(facilitator=feed.user) | Q(participants__user=feed.user))
    else:
        sessions = sessions.filter(programme_id=feed.programme_id)
    found: list[Any] = list(
        sessions.select_related("programme", "facilitator").distinct().order_by("starts_at", "id")
    )
    return found


# The room ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionCount:
    """How many contributions one question received: all the board shows during input."""

    index: int
    text: str
    count: int


@dataclass
class ThemeOnBoard:
    theme: Theme
    contributions: list[Contribution] = field(default_factory=list)


@dataclass
class QuestionOnBoard:
    """The contributions to one question that are in no theme."""

    index: int
    text: str
    contributions: list[Contribution] = field(default_factory=list)


@dataclass
class Board:
    """What the board of a session shows in its phase. The same for everyone who looks:
    nothing in it depends on the viewer."""

    session: LearningSession
    counts: list[QuestionCount] = field(default_factory=list)
    themes: list[ThemeOnBoard] = field(default_factory=list)
    loose: list[QuestionOnBoard] = field(default_factory=list)
    review: list[Action] = field(default_factory=list)
    insights: list[Insight] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def revealed(self) -> bool:
        """Contributions are shown from the themes phase on (moving on reveals them)."""
        return phase_reached(self.session.phase, SessionPhase.GROUPING)

    @property
    def votes_shown(self) -> bool:
        """Vote totals stay hidden until voting has closed."""
        return phase_reached(self.session.phase, SessionPhase.DISCUSSION)

    @property
    def total(self) -> int:
        return sum(count.count for count in self.counts)


def board_counts(*, session: LearningSession) -> list[QuestionCount]:
    counted = dict(
        Contribution.objects.filter(session=session)
        .order_by()
        .values_list("question")
        .annotate(n=Count("id"))
        .values_list("question", "n")
    )
    return [
        QuestionCount(index=index, text=text, count=counted.get(index, 0))
        for index, text in enumerate(session.questions)
    ]


def board_themes(*, session: LearningSession) -> list[Theme]:
    """The session's themes: in the order they were made, or by votes (most first) once
    voting has closed, as the discussion takes them."""
    themes = Theme.objects.filter(session=session)
    if phase_reached(session.phase, SessionPhase.DISCUSSION):
        return list(themes.order_by("-votes", "position", "id"))
    return list(themes.order_by("position", "id"))


def room_contributions(*, session: LearningSession) -> list[Contribution]:
    """Every contribution of the session, per question in sort-key order, with its writer
    (named sessions only: an anonymous one stores none)."""
    return list(
        Contribution.objects.filter(session=session)
        .select_related("author")
        .order_by("question", "sort_key", "id")
    )


def room_actions_to_review(*, session: LearningSession) -> list[Action]:
    """The open actions of the programme's other sessions, and those this session already
    reviewed (with what it decided), by due date."""
    return list(
        Action.objects.filter(session__programme_id=session.programme_id)
        .exclude(session=session)
        .filter(Q(status=ActionStatus.OPEN) | Q(reviewed_in=session))
        .select_related("owner", "session")
        .order_by("due_on", "id")
    )


def room_insights(*, session: LearningSession) -> list[Insight]:
    return list(
        Insight.objects.filter(session=session)
        .select_related("theme")
        .prefetch_related(
            Prefetch("learning_questions", queryset=LearningQuestion.objects.order_by("number")),
            Prefetch("initiatives", queryset=Initiative.objects.order_by("sort_name")),
        )
        .order_by("id")
    )


def room_actions(*, session: LearningSession) -> list[Action]:
    """The actions captured in this session."""
    return list(
        Action.objects.filter(session=session).select_related("owner").order_by("due_on", "id")
    )


def room_proposals(*, session: LearningSession) -> list[AgendaProposal]:
    return list(
        AgendaProposal.objects.filter(session=session).select_related("question").order_by("id")
    )


def board_of(*, session: LearningSession) -> Board:
    """The board in the session's phase, read in a fixed number of queries (at most six)."""
    phase = session.phase
    board = Board(session=session)
    if phase == SessionPhase.ACTIONS:
        board.review = room_actions_to_review(session=session)
    if phase == SessionPhase.INPUT:
        board.counts = board_counts(session=session)
    if board.revealed:
        themes = {theme.pk: ThemeOnBoard(theme) for theme in board_themes(session=session)}
        loose = {
            index: QuestionOnBoard(index=index, text=text)
            for index, text in enumerate(session.questions)
        }
        for contribution in room_contributions(session=session):
            if contribution.theme_id in themes:
                themes[contribution.theme_id].contributions.append(contribution)
            elif contribution.question in loose:
                loose[contribution.question].contributions.append(contribution)
        board.themes = list(themes.values())
        board.loose = [question for question in loose.values() if question.contributions]
    if phase_reached(phase, SessionPhase.DISCUSSION):
        board.insights = room_insights(session=session)
        board.actions = room_actions(session=session)
    return board


# What the facilitator captures with --------------------------------------------------------


def room_agenda_cycles(*, session: LearningSession) -> QuerySet[LearningCycle]:
    """The cycles on the session's agenda, which a contribution may be about."""
    return (
        LearningCycle.objects.filter(pk__in=session.agenda_cycles.values("pk"))
        .select_related("initiative")
        .order_by("initiative__sort_name", "number")
    )


def room_learning_questions(*, session: LearningSession) -> QuerySet[LearningQuestion]:
    """The learning questions an insight or a proposal can be about: the programme's
    learning agenda (a short, numbered list)."""
    return LearningQuestion.objects.filter(programme_id=session.programme_id).order_by("number")


def room_initiatives(*, session: LearningSession) -> QuerySet[Initiative]:
    """The initiatives an insight can be about: those whose cycles are on the agenda, or,
    when the agenda has no cycles, every initiative of the programme."""
    initiatives = Initiative.objects.filter(programme_id=session.programme_id)
    on_agenda = session.agenda_cycles.values("initiative_id")
    if session.agenda_cycles.exists():
        initiatives = initiatives.filter(pk__in=on_agenda)
    return initiatives.order_by("sort_name", "id")


def room_action_owners(*, session: LearningSession) -> QuerySet[User]:
    """Who can own an action: the programme's active members."""
    return User.objects.filter(
        memberships__programme_id=session.programme_id, is_active=True
    ).order_by("sort_name", "email")


# Joining ---------------------------------------------------------------------------------


def room_open_session_by_code(*, code: str) -> LearningSession | None:
    """The session that this (normalised) join code opens: not closed."""
    if not code:
        return None
    return (
        LearningSession.objects.filter(join_code=code)
        .exclude(phase=SessionPhase.CLOSED)
        .order_by()
        .first()
    )
