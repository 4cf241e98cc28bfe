"""Reads of learning sessions that span relations, each in a fixed number of queries.

The room and its live board (room.py, guests.py) read through the functions named
`room_…` and `board_…` below: what the board shows in each phase, what the facilitator
works with, and the session a join code opens. Contributions are always read in the
order of their random sort key (per question), never in the order they came in.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from samenspel.accounts.models import User
from samenspel.cycles.models import LearningCycle
from samenspel.learning_sessions.constants import (
    ActionStatus,
    SessionPhase,
    phase_reached,
)
from samenspel.learning_sessions.models import (
    Action,
    AgendaProposal,
    Contribution,
    Insight,
    LearningSession,
    Theme,
)
from samenspel.programmes.models import Initiative, LearningQuestion

# The room and the board ----------------------------------------------------------------


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
