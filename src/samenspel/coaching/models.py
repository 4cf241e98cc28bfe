"""A coaching: a coach and a coachee in one programme, their conversations and the
coachee's development goals, each goal with the steps of its course.

Private between the two. These models deliberately have no `programme_path` (see
common.models): a coaching write must not make the programme's cached pages stale, and
nothing of it belongs to what the programme's pages show. Their audit events carry no
programme and no content (coaching.services). They are not in the Django admin.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenspel.coaching.constants import CLOSED_STATUSES, GOAL_MAX, GoalStatus
from samenspel.common.models import Record


class Coaching(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    coachee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coachee"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("coaching")
        verbose_name_plural = _("coachings")
        ordering = ["programme", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "coach", "coachee"], name="coaching_unique_per_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(coach=models.F("coachee")), name="coaching_not_oneself"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="coaching_ends_after_start",
            ),
        ]
        indexes = [
            # "My coaching": a person's coachings in one programme, as coach or coachee.
            models.Index(fields=["programme", "coachee"]),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.pk}"

    @property
    def has_ended(self) -> bool:
        return self.ended_on is not None


class CoachingConversation(Record):
    """A coachgesprek: when it was held, the initiatives it was about, and three texts.
    Editable by coach and coachee, guarded by `version` (docs/decisions/0002)."""

    coaching = models.ForeignKey(Coaching, on_delete=models.CASCADE, related_name="conversations")
    held_on = models.DateField(_("held on"))
    initiatives = models.ManyToManyField(
        "programmes.Initiative",
        verbose_name=_("initiatives"),
        blank=True,
        related_name="+",
    )
    what_happened = models.TextField(_("what happened in the work with the initiative"), blank=True)
    reflection = models.TextField(_("reflection"), blank=True)
    agreements = models.TextField(_("agreements"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("coaching conversation")
        verbose_name_plural = _("coaching conversations")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["coaching", "held_on", "id"])]

    def __str__(self) -> str:
        return f"{self.coaching_id}/{self.pk}"


class DevelopmentGoal(Record):
    """What the coachee wants to develop, linked to learning questions. Its text is
    never rewritten; its course is kept as steps (GoalStep), one per change or note."""

    coaching = models.ForeignKey(Coaching, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=GOAL_MAX)
    learning_questions = models.ManyToManyField(
        "programmes.LearningQuestion",
        verbose_name=_("learning questions"),
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    set_on = models.DateField(_("set on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("development goal")
        verbose_name_plural = _("development goals")
        ordering = ["set_on", "id"]
        constraints = [
            # Achieved or dropped on a day; an open goal has no such day.
            models.CheckConstraint(
                condition=(
                    models.Q(status__in=CLOSED_STATUSES, closed_on__isnull=False)
                    | (models.Q(status=GoalStatus.OPEN) & models.Q(closed_on__isnull=True))
                ),
                name="goal_closed_on_with_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coaching_id}/{self.pk}"


class GoalStep(Record):
    """One step of a goal's course: on a day, the goal's status from then on, and a
    note on what happened. Appended, never changed."""

    goal = models.ForeignKey(DevelopmentGoal, on_delete=models.CASCADE, related_name="steps")
    on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=16, choices=GoalStatus.choices)
    note = models.TextField(_("note"))

    class Meta:
        verbose_name = _("step of a goal")
        verbose_name_plural = _("steps of goals")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.goal_id}/{self.pk}"
