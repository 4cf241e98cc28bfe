"""A learning cycle and its four records. The state machine lives in services.py; the
models only hold data and the due date of the phase the cycle is in."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.common.models import Record
from samenspel.cycles.constants import (
    OPEN_PHASES,
    PHASE_OF,
    CycleState,
    Decision,
    ObservationKind,
)


class LearningCycle(models.Model):
    programme_path = "initiative.programme_id"

    initiative = models.ForeignKey(
        "programmes.Initiative", on_delete=models.CASCADE, related_name="cycles"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_cycles",
    )
    state = models.CharField(
        _("phase"), max_length=16, choices=CycleState.choices, default=CycleState.DRAFT
    )
    starts_on = models.DateField(_("starts on"))
    expectation_due = models.DateField(_("expectation due"))
    review_due = models.DateField(_("review due"))
    adjustment_due = models.DateField(_("adjustment due"))
    learning_questions = models.ManyToManyField(
        "programmes.LearningQuestion",
        verbose_name=_("learning questions"),
        blank=True,
        related_name="cycles",
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous cycle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next",
    )
    abandon_reason = models.TextField(_("reason for abandoning"), blank=True)
    # When each step happened, which may lie long before it was recorded (a journey
    # written down afterwards); empty for cycles recorded before these dates existed.
    acting_on = models.DateField(_("acting since"), null=True, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    closed_on = models.DateField(_("completed on"), null=True, blank=True)
    abandoned_on = models.DateField(_("abandoned on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    state_changed_at = models.DateTimeField(_("phase changed"), default=timezone.now)
    # The due date of the phase the cycle is in (empty once it has ended), kept by the
    # database itself on every write, so "my work" reads its most urgent cycles from an
    # index instead of sorting them all.
    due_on = models.GeneratedField(
        expression=models.Case(
            *(
                models.When(state=phase.state, then=models.F(phase.due_field))
                for phase in OPEN_PHASES
            ),
            default=None,
            output_field=models.DateField(),
        ),
        output_field=models.DateField(null=True),
        db_persist=True,
        verbose_name=_("due on"),
    )

    class Meta:
        verbose_name = _("learning cycle")
        verbose_name_plural = _("learning cycles")
        ordering = ["initiative", "number"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "number"], name="cycle_number_unique"),
            models.CheckConstraint(
                condition=models.Q(expectation_due__gte=models.F("starts_on"))
                & models.Q(review_due__gte=models.F("expectation_due"))
                & models.Q(adjustment_due__gte=models.F("review_due")),
                name="cycle_due_dates_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "adjustment_due"]),
            models.Index(fields=["owner", "state"]),
            # "My work": a person's open cycles, and those of their initiatives, by due date.
            models.Index(fields=["owner", "due_on", "id"]),
            models.Index(fields=["initiative", "due_on", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} · {self.number}. {self.title}"

    @property
    def current_due(self) -> datetime.date | None:
        """The due date of the phase the cycle is in; None once it has ended."""
        phase = PHASE_OF.get(CycleState(self.state))
        return getattr(self, phase.due_field) if phase else None

    @property
    def is_overdue(self) -> bool:
        due = self.current_due
        return due is not None and due < timezone.localdate()

    @property
    def is_open(self) -> bool:
        return self.state in PHASE_OF


class Expectation(Record):
    """What we intend and expect, written before acting. Frozen once the cycle acts."""

    programme_path = "cycle.initiative.programme_id"

    cycle = models.OneToOneField(
        LearningCycle, on_delete=models.CASCADE, related_name="expectation"
    )
    intention = models.TextField(_("what we intend to do"))
    expected_outcome = models.TextField(_("what we expect to happen"))
    success_signs = models.TextField(_("how we will know"), blank=True)
    written_on = models.DateField(_("written on"), null=True, blank=True)

    class Meta:
        verbose_name = _("expectation")
        verbose_name_plural = _("expectations")

    def __str__(self) -> str:
        return str(self.cycle)


class Observation(Record):
    programme_path = "cycle.initiative.programme_id"

    cycle = models.ForeignKey(LearningCycle, on_delete=models.CASCADE, related_name="observations")
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=ObservationKind.choices, default=ObservationKind.HAPPENED
    )
    text = models.TextField(_("what you saw"))

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.text[:40]}"


class Review(Record):
    """The after action review. `answers` is a list of {"question", "answer"} pairs: the
    questions are copied from the programme at the moment of the review, so a later change
    of the programme's questions never changes what was answered."""

    programme_path = "cycle.initiative.programme_id"

    cycle = models.OneToOneField(LearningCycle, on_delete=models.CASCADE, related_name="review")
    answers = models.JSONField(_("answers"), default=list)
    # A review held together in a learning session: the session's title and who took
    # part (by name, or by role when the session was anonymous). Empty otherwise.
    held_in = models.CharField(_("held in"), max_length=200, blank=True)
    taken_part = models.JSONField(_("who took part"), default=list, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return str(self.cycle)


class Adjustment(Record):
    programme_path = "cycle.initiative.programme_id"

    cycle = models.OneToOneField(LearningCycle, on_delete=models.CASCADE, related_name="adjustment")
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    text = models.TextField(_("what changes"))

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")

    def __str__(self) -> str:
        return str(self.cycle)


class CycleCounts(models.Model):
    """Cycles counted: how many are in each phase, how many are overdue, and how many
    open ones are past the due date of their adjustment (they count as due for the
    learning yield, docs/decisions/0005)."""

    # The counted fields, in this order: what readers add up (cycles.selectors).
    COUNTS = (*CycleState, "overdue", "open_past_adjustment")

    draft = models.PositiveIntegerField(default=0)
    acting = models.PositiveIntegerField(default=0)
    reviewed = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    abandoned = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    open_past_adjustment = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class CycleTally(CycleCounts):
    """An initiative's cycles, counted: derived data that cycles.tallies keeps up to date
    whenever a cycle changes, so that the figures of a programme or an area add up a row
    per initiative instead of grouping every cycle (docs/decisions/0008).

    The counts by phase hold until a cycle changes. `overdue` and `open_past_adjustment`
    also change as days pass; they hold until `changes_on` (None: until a cycle changes),
    after which cycles.tallies counts them again before they are read."""

    # No database constraint: the row of a deleted initiative is removed by a signal,
    # after its cycles (whose own signals would otherwise race a cascade).
    initiative = models.OneToOneField(
        "programmes.Initiative",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="cycle_tally",
    )
    changes_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("cycle tally")
        verbose_name_plural = _("cycle tallies")
        indexes = [models.Index(fields=["changes_on"])]

    def __str__(self) -> str:
        return f"{self.initiative_id}"


class AreaCycleTally(CycleCounts):
    """An area's cycles, counted: the sum of the CycleTally rows of its initiatives,
    kept up to date with them (cycles.tallies), so that the figures of a programme add up
    a row per area, and an area's a single row, whatever the number of initiatives."""

    area = models.OneToOneField(
        "programmes.Area",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="cycle_tally",
    )

    class Meta:
        verbose_name = _("area cycle tally")
        verbose_name_plural = _("area cycle tallies")

    def __str__(self) -> str:
        return f"{self.area_id}"


# The sort key of a linked cycle that has no review yet: before every real date, so
# those cycles come last on the question's page (newest review first).
NOT_REVIEWED = datetime.date(1, 1, 1)


class QuestionCycle(models.Model):
    """A cycle linked to a learning question, with the date of its review: derived data
    that cycles.tallies keeps beside the link, so the question's page reads its ten
    newest lessons from an index instead of sorting every linked cycle."""

    question = models.ForeignKey(
        "programmes.LearningQuestion", on_delete=models.CASCADE, related_name="+"
    )
    cycle = models.ForeignKey(LearningCycle, on_delete=models.CASCADE, related_name="+")
    # The day the review happened (or was recorded); NOT_REVIEWED without a review.
    reviewed_on = models.DateField(default=NOT_REVIEWED)

    class Meta:
        verbose_name = _("cycle of a learning question")
        verbose_name_plural = _("cycles of learning questions")
        constraints = [
            models.UniqueConstraint(fields=["question", "cycle"], name="question_cycle_unique")
        ]
        indexes = [models.Index(fields=["question", "-reviewed_on", "-cycle"])]

    def __str__(self) -> str:
        return f"{self.question_id}/{self.cycle_id}"


class QuestionTally(models.Model):
    """How many cycles are linked to a learning question: derived data that
    cycles.tallies keeps with the links (QuestionCycle), so the learning agenda reads a
    number per question instead of counting its links."""

    # No database constraint: cycles.tallies may count a question again while it is being
    # deleted with its programme, and removes the row after it (as CycleTally's).
    question = models.OneToOneField(
        "programmes.LearningQuestion",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="cycle_tally",
    )
    cycles = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("question tally")
        verbose_name_plural = _("question tallies")

    def __str__(self) -> str:
        return f"{self.question_id}"


class OwnerCycleTally(models.Model):
    """A person's open cycles in one programme, counted: derived data that
    cycles.tallies keeps up to date whenever one of their cycles changes, so that "my
    work" reads how many cycles someone has and how many are overdue from a row per
    programme instead of counting them. `overdue` also changes as days pass; it holds
    until `changes_on` (None: until a cycle changes)."""

    # No database constraints: cycles.tallies writes these rows while a programme is
    # being deleted with its cycles, and removes them after it (as CycleTally's).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    open = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    changes_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("owner's cycle tally")
        verbose_name_plural = _("owners' cycle tallies")
        constraints = [
            models.UniqueConstraint(fields=["owner", "programme"], name="owner_tally_unique")
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}/{self.programme_id}"
