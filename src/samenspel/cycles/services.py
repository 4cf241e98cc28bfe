"""The learning-cycle state machine (DESIGN.md §3), enforced here and nowhere else.

    draft ──(expectation)──▶ acting ──(review)──▶ reviewed ──(adjustment)──▶ closed
      └────────────────────── abandoned (with a reason) ◀──────────────────────┘

Each service checks the state it needs with the row locked, so two people pressing a
button at once cannot both move the cycle. Every transition writes an audit event with
from → to; that trail is the cycle's history.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.common.services import audit_record
from samenspel.common.text import is_blank
from samenspel.cycles.constants import CycleState, Decision, ObservationKind
from samenspel.cycles.models import Adjustment, Expectation, LearningCycle, Observation, Review
from samenspel.programmes.models import Initiative, LearningQuestion
from samenspel.programmes.services import STALE

# A new cycle gets these phase lengths unless the owner sets its own due dates.
DEFAULT_PHASE_DAYS = {"expectation": 14, "acting": 90, "review": 14}


def default_due_dates(starts_on: date) -> tuple[date, date, date]:
    try:
        expectation_due = starts_on + timedelta(days=DEFAULT_PHASE_DAYS["expectation"])
        review_due = expectation_due + timedelta(days=DEFAULT_PHASE_DAYS["acting"])
        adjustment_due = review_due + timedelta(days=DEFAULT_PHASE_DAYS["review"])
    except OverflowError as exc:  # a start at the end of the calendar
        raise ValidationError({"starts_on": _("Choose an earlier start date.")}) from exc
    return expectation_due, review_due, adjustment_due


def check_due_dates(
    *, starts_on: date, expectation_due: date, review_due: date, adjustment_due: date
) -> None:
    errors = {}
    if expectation_due < starts_on:
        errors["expectation_due"] = _("This due date lies before the start of the cycle.")
    if review_due < expectation_due:
        errors["review_due"] = _("The review cannot be due before the expectation.")
    if adjustment_due < review_due:
        errors["adjustment_due"] = _("The adjustment cannot be due before the review.")
    if errors:
        raise ValidationError(errors)


def _locked(cycle: LearningCycle, *allowed: CycleState) -> LearningCycle:
    """Re-read the cycle with its row locked and check that it is in an allowed state.

    Locks are always taken in the same order (initiative, cycle, then the programme when
    the audit event is written), so two services cannot deadlock each other."""
    Initiative.objects.select_for_update().filter(pk=cycle.initiative_id).first()
    fresh = LearningCycle.objects.select_for_update().get(pk=cycle.pk)
    if fresh.state not in allowed:
        raise ValidationError(
            _("This cannot be done now: the cycle is in the phase “%(phase)s”.")
            % {"phase": CycleState(fresh.state).label},
            code="wrong_state",
        )
    return fresh


def _transition(
    cycle: LearningCycle, fresh: LearningCycle, to: CycleState, *, by: User, **data: object
) -> None:
    """Move the locked row `fresh` to `to`, audit it, and bring the caller's `cycle` up to
    date."""
    frm = fresh.state
    fresh.state = to
    fresh.state_changed_at = timezone.now()
    fresh.save(update_fields=["state", "state_changed_at", "abandon_reason"])
    audit_record(
        actor=by,
        action="cycle.transition",
        target=fresh,
        programme=cycle.initiative.programme,
        data={"from": frm, "to": to, **data},
    )
    cycle.refresh_from_db()


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if is_blank(value):
        raise ValidationError({field: message})
    return value


@transaction.atomic
def cycle_create(
    *,
    initiative: Initiative,
    title: str,
    owner: User,
    by: User,
    starts_on: date | None = None,
    expectation_due: date | None = None,
    review_due: date | None = None,
    adjustment_due: date | None = None,
    learning_questions: list[LearningQuestion] | None = None,
    previous: LearningCycle | None = None,
) -> LearningCycle:
    title = _required(title, "title", _("Give the cycle a title."))
    starts_on = starts_on or timezone.localdate()
    defaults = default_due_dates(starts_on)
    expectation_due = expectation_due or defaults[0]
    review_due = review_due or max(defaults[1], expectation_due)
    adjustment_due = adjustment_due or max(defaults[2], review_due)
    check_due_dates(
        starts_on=starts_on,
        expectation_due=expectation_due,
        review_due=review_due,
        adjustment_due=adjustment_due,
    )
    for question in learning_questions or []:
        if question.programme_id != initiative.programme_id:
            raise ValidationError(
                {"learning_questions": _("Choose learning questions of this programme.")}
            )
    Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
    number = (initiative.cycles.aggregate(m=Max("number"))["m"] or 0) + 1
    cycle = LearningCycle.objects.create(
        initiative=initiative,
        number=number,
        title=title,
        owner=owner,
        starts_on=starts_on,
        expectation_due=expectation_due,
        review_due=review_due,
        adjustment_due=adjustment_due,
        previous=previous,
    )
    if learning_questions:
        cycle.learning_questions.set(learning_questions)
    audit_record(
        actor=by,
        action="cycle.create",
        target=cycle,
        programme=initiative.programme,
        data={"to": CycleState.DRAFT, "number": number},
    )
    return cycle


def expectation_token(expectation: Expectation | None) -> str:
    """Names one saved version of an expectation ("" for none yet)."""
    return expectation.recorded_at.isoformat() if expectation else ""


@transaction.atomic
def expectation_record(
    *,
    cycle: LearningCycle,
    intention: str,
    expected_outcome: str,
    success_signs: str = "",
    by: User,
    based_on: str | None = None,
) -> Expectation:
    """Write or rewrite the expectation. Only possible in the draft phase: once the cycle
    acts, the expectation is frozen (no hindsight rewriting).

    `based_on` is the expectation_token() of the version the writer started from; when
    someone saved in the meantime the write is refused rather than overwriting theirs.
    None skips that check (for scripts that are the only writer)."""
    fresh = _locked(cycle, *CycleState)
    if fresh.state != CycleState.DRAFT:
        raise ValidationError(
            _("The expectation is frozen: the cycle started acting. It can no longer change."),
            code="frozen",
        )
    current = Expectation.objects.filter(cycle=fresh).first()
    if based_on is not None and based_on != expectation_token(current):
        raise ValidationError(STALE, code="stale")
    intention = _required(intention, "intention", _("Write what you intend to do."))
    expected_outcome = _required(
        expected_outcome, "expected_outcome", _("Write what you expect to happen.")
    )
    expectation, created = Expectation.objects.update_or_create(
        cycle=fresh,
        defaults={
            "intention": intention,
            "expected_outcome": expected_outcome,
            "success_signs": success_signs.strip(),
            "recorded_by": by,
            "recorded_at": timezone.now(),
        },
    )
    audit_record(
        actor=by,
        action="expectation.record" if created else "expectation.update",
        target=fresh,
        programme=cycle.initiative.programme,
    )
    return expectation


@transaction.atomic
def cycle_start(*, cycle: LearningCycle, by: User) -> LearningCycle:
    """draft → acting. Needs the expectation; from here on it is frozen."""
    fresh = _locked(cycle, CycleState.DRAFT)
    if not Expectation.objects.filter(cycle=fresh).exists():
        raise ValidationError(
            _("Write down the expectation first. A cycle cannot act without it."),
            code="no_expectation",
        )
    _transition(cycle, fresh, CycleState.ACTING, by=by)
    return cycle


@transaction.atomic
def observation_add(
    *,
    cycle: LearningCycle,
    occurred_on: date,
    text: str,
    kind: str = ObservationKind.HAPPENED,
    by: User,
) -> Observation:
    fresh = _locked(cycle, CycleState.ACTING)
    text = _required(text, "text", _("Write what you saw."))
    if kind not in ObservationKind.values:
        raise ValidationError({"kind": _("Choose a valid kind.")})
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("An observation cannot lie in the future.")})
    if occurred_on < fresh.starts_on:
        raise ValidationError({"occurred_on": _("This date lies before the start of the cycle.")})
    observation = Observation.objects.create(
        cycle=fresh, occurred_on=occurred_on, kind=kind, text=text, recorded_by=by
    )
    audit_record(
        actor=by,
        action="observation.add",
        target=fresh,
        programme=cycle.initiative.programme,
        data={"observation": observation.pk},
    )
    return observation


@transaction.atomic
def review_record(*, cycle: LearningCycle, answers: list[str], by: User) -> Review:
    """acting → reviewed. Every question of the programme's after action review gets an
    answer; the questions are stored beside the answers."""
    fresh = _locked(cycle, CycleState.ACTING)
    questions = cycle.initiative.programme.review_questions
    if len(answers) != len(questions):
        raise ValidationError(_("Answer every question of the review."), code="incomplete")
    errors = {
        f"answer_{i}": _("Answer this question.")
        for i, answer in enumerate(answers)
        if is_blank(answer)
    }
    if errors:
        raise ValidationError(errors)
    review = Review.objects.create(
        cycle=fresh,
        answers=[
            {"question": q, "answer": a.strip()} for q, a in zip(questions, answers, strict=True)
        ],
        recorded_by=by,
    )
    _transition(cycle, fresh, CycleState.REVIEWED, by=by)
    return review


@transaction.atomic
def adjustment_record(
    *,
    cycle: LearningCycle,
    decision: str,
    text: str,
    by: User,
    next_cycle_title: str = "",
) -> Adjustment:
    """reviewed → closed, optionally opening the next cycle of the same initiative."""
    fresh = _locked(cycle, CycleState.REVIEWED)
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    text = _required(text, "text", _("Write what changes."))
    next_cycle_title = next_cycle_title.strip()
    if next_cycle_title and decision == Decision.STOP:
        raise ValidationError({"next_cycle_title": _("A stopped experiment gets no next cycle.")})
    adjustment = Adjustment.objects.create(
        cycle=fresh, decision=decision, text=text, recorded_by=by
    )
    _transition(cycle, fresh, CycleState.CLOSED, by=by, decision=decision)
    if next_cycle_title:
        cycle_create(
            initiative=cycle.initiative,
            title=next_cycle_title,
            owner=fresh.owner,
            by=by,
            previous=fresh,
            learning_questions=list(fresh.learning_questions.all()),
        )
    return adjustment


@transaction.atomic
def cycle_abandon(*, cycle: LearningCycle, reason: str, by: User) -> LearningCycle:
    fresh = _locked(cycle, CycleState.DRAFT, CycleState.ACTING, CycleState.REVIEWED)
    reason = _required(reason, "reason", _("Say why the cycle is abandoned."))
    fresh.abandon_reason = reason
    _transition(cycle, fresh, CycleState.ABANDONED, by=by, reason=reason)
    return cycle
