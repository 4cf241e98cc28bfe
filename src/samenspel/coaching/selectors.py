"""Reads of coaching, each in a fixed number of queries. They are only called with a
coaching that coaching.access has handed out, or for the viewer's own coachings."""

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet

from samenspel.accounts.models import User
from samenspel.coaching.constants import COACHEE_ROLES, GoalStatus
from samenspel.coaching.models import Coaching, CoachingConversation, DevelopmentGoal, GoalStep
from samenspel.programmes.forms import members_with
from samenspel.programmes.models import Initiative, LearningQuestion, Programme


def coachings_for(*, programme: Programme, user: User) -> QuerySet[Coaching]:
    """The coachings `user` takes part in, as coach or coachee: the open ones first,
    each with its number of conversations, the date of the last one and its open goals."""
    return (
        Coaching.objects.filter(Q(coach=user) | Q(coachee=user), programme=programme)
        .select_related("coach", "coachee")
        .annotate(
            conversation_count=Count("conversations", distinct=True),
            last_conversation=Max("conversations__held_on"),
            open_goals=Count("goals", filter=Q(goals__status=GoalStatus.OPEN), distinct=True),
        )
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "id")
    )


def coachees_to_start(*, programme: Programme, coach: User) -> QuerySet[User]:
    """The civil servants of the programme whom `coach` does not coach yet."""
    coached = Coaching.objects.filter(programme=programme, coach=coach).values("coachee")
    return members_with(programme, COACHEE_ROLES).exclude(pk=coach.pk).exclude(pk__in=coached)


def conversations_of(*, coaching: Coaching) -> QuerySet[CoachingConversation]:
    """The newest first, each with its initiatives (by title) and who wrote it."""
    return (
        CoachingConversation.objects.filter(coaching=coaching)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("initiatives", queryset=Initiative.objects.order_by("sort_name", "id"))
        )
        .order_by("-held_on", "-id")
    )


def goals_of(*, coaching: Coaching) -> list[DevelopmentGoal]:
    """Every goal in the order they were set, each with its learning questions, the
    steps of its course (the oldest first) and the latest of them (`latest_step`, None
    before the first). A coaching has a handful of goals."""
    goals = list(
        DevelopmentGoal.objects.filter(coaching=coaching)
        .prefetch_related(
            Prefetch("learning_questions", queryset=LearningQuestion.objects.order_by("number")),
            Prefetch("steps", queryset=GoalStep.objects.select_related("recorded_by")),
        )
        .order_by("set_on", "id")
    )
    for goal in goals:
        steps = list(goal.steps.all())
        goal.latest_step = steps[-1] if steps else None  # type: ignore[attr-defined]
    return goals
