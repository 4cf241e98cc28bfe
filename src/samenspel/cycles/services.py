"""The learning-cycle state machine (DESIGN.md §3), enforced here and nowhere else.

    draft ──(expectation)──▶ acting ──(review)──▶ reviewed ──(adjustment)──▶ closed
      └────────────────────── abandoned (with a reason) ◀──────────────────────┘

Each service checks the state it needs with the row locked, so two people pressing a
button at once cannot both move the cycle. Every transition writes an audit event with
from → to; that trail is the cycle's history.
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenspel.accounts.models import User
from samenspel.common.services import audit_record
from samenspel.common.text import tidy
from samenspel.cycles import selectors
from samenspel.cycles.constants import (
    DUE_FIELDS,
    OPEN_STATES,
    CycleState,
    Decision,
    ObservationKind,
)
from samenspel.cycles.models import Adjustment, Expectation, LearningCycle, Observation, Review
from samenspel.programmes.constants import InitiativeStatus, Role
from samenspel.programmes.models import Initiative, LearningQuestion, Membership, Programme
from samenspel.programmes.services import STALE, check_in_period, initiative_update

# Who can own a cycle: the people who work on cycles (cycles.access.CYCLE_WORKERS).
OWNER_ROLES = [Role.CIVIL_SERVANT, Role.FACILITATOR]

# The initiative's status an adjustment's decision leads to, when the worker agrees.
STATUS_AFTER = {
    Decision.STOP: InitiativeStatus.STOPPED,
    Decision.SCALE_UP: InitiativeStatus.CONTINUED,
}

QUESTIONS_CHANGED = gettext_lazy(
    "The questions of the review changed while you were writing. Your answers are shown "
    "again; check them against the new questions and save again."
)

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


def _long_date(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _happened_on(
    cycle: LearningCycle, field: str, value: date | None, *, not_before: list[date | None]
) -> date:
    """The date a step happened: today unless given, never in the future, not before the
    steps it follows, within the programme's period."""
    value = value or timezone.localdate()
    if value > timezone.localdate():
        raise ValidationError({field: _("This date lies in the future.")})
    earliest = max((d for d in not_before if d is not None), default=None)
    if earliest is not None and value < earliest:
        raise ValidationError(
            {
                field: _("This date lies before %(date)s, the previous step of the cycle.")
                % {"date": _long_date(earliest)}
            }
        )
    check_in_period(cycle.initiative.programme, **{field: value})
    return value


def _clamped_defaults(programme: Programme, starts_on: date) -> tuple[date, date, date]:
    """The default due dates, no later than the programme's end."""
    defaults = default_due_dates(starts_on)
    if programme.ends_on and starts_on <= programme.ends_on:
        end = programme.ends_on
        return (min(defaults[0], end), min(defaults[1], end), min(defaults[2], end))
    return defaults


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
    fresh.save(
        update_fields=[
            "state",
            "state_changed_at",
            "abandon_reason",
            "acting_on",
            "reviewed_on",
            "closed_on",
            "abandoned_on",
        ]
    )
    audit_record(
        actor=by,
        action="cycle.transition",
        target=fresh,
        programme=cycle.initiative.programme,
        data={"from": frm, "to": to, **{k: _plain(v) for k, v in data.items()}},
    )
    cycle.refresh_from_db()


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _required(value: str, field: str, message: str) -> str:
    value = tidy(value)
    if not value:
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
    programme = initiative.programme
    check_in_period(programme, starts_on=starts_on)
    defaults = _clamped_defaults(programme, starts_on)
    expectation_due = expectation_due or defaults[0]
    review_due = review_due or max(defaults[1], expectation_due)
    adjustment_due = adjustment_due or max(defaults[2], review_due)
    check_due_dates(
        starts_on=starts_on,
        expectation_due=expectation_due,
        review_due=review_due,
        adjustment_due=adjustment_due,
    )
    check_in_period(
        programme,
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
    written_on: date | None = None,
    by: User,
    based_on: str | None = None,
) -> Expectation:
    """Write or rewrite the expectation. Only possible in the draft phase: once the cycle
    acts, the expectation is frozen (no hindsight rewriting).

    `based_on` is the expectation_token() of the version the writer started from; when
    someone saved in the meantime the write is refused rather than overwriting theirs.
    None skips that check (for scripts that are the only writer).

    `written_on` (default today) may lie before the cycle's start: an expectation is
    written before acting."""
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
    written_on = _happened_on(cycle, "written_on", written_on, not_before=[])
    expectation, created = Expectation.objects.update_or_create(
        cycle=fresh,
        defaults={
            "intention": intention,
            "expected_outcome": expected_outcome,
            "success_signs": success_signs.strip(),
            "written_on": written_on,
            "recorded_by": by,
            "recorded_at": timezone.now(),
        },
    )
    audit_record(
        actor=by,
        action="expectation.record" if created else "expectation.update",
        target=fresh,
        programme=cycle.initiative.programme,
        data={"on": written_on.isoformat()},
    )
    return expectation


@transaction.atomic
def cycle_start(*, cycle: LearningCycle, by: User, acting_on: date | None = None) -> LearningCycle:
    """draft → acting. Needs the expectation; from here on it is frozen."""
    fresh = _locked(cycle, CycleState.DRAFT)
    expectation = Expectation.objects.filter(cycle=fresh).first()
    if expectation is None:
        raise ValidationError(
            _("Write down the expectation first. A cycle cannot act without it."),
            code="no_expectation",
        )
    fresh.acting_on = _happened_on(
        cycle, "acting_on", acting_on, not_before=[fresh.starts_on, expectation.written_on]
    )
    _transition(cycle, fresh, CycleState.ACTING, by=by, on=fresh.acting_on)
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
    check_in_period(cycle.initiative.programme, occurred_on=occurred_on)
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


def questions_fingerprint(questions: list[str]) -> str:
    """Names one list of review questions, wording and order (a review form carries the
    fingerprint of the questions it showed)."""
    return hashlib.sha256(json.dumps(questions).encode()).hexdigest()[:32]


@transaction.atomic
def review_record(
    *,
    cycle: LearningCycle,
    answers: list[str],
    by: User,
    reviewed_on: date | None = None,
    fingerprint: str | None = None,
    held_in: str = "",
    taken_part: list[str] | None = None,
) -> Review:
    """acting → reviewed. Every question of the programme's after action review gets an
    answer; the questions are stored beside the answers.

    `fingerprint` is the questions_fingerprint() of the questions the writer
    answered; when the programme's questions changed since, nothing is stored (answers
    would end up beside the wrong questions). None skips that check (scripts).

    A review held in a learning session names the session (`held_in`) and who took part
    (`taken_part`: names, or roles when the session was anonymous)."""
    fresh = _locked(cycle, CycleState.ACTING)
    questions = Programme.objects.get(pk=cycle.initiative.programme_id).review_questions
    if fingerprint is not None and fingerprint != questions_fingerprint(questions):
        raise ValidationError(QUESTIONS_CHANGED, code="questions_changed")
    if len(answers) != len(questions):
        raise ValidationError(_("Answer every question of the review."), code="incomplete")
    errors = {
        f"answer_{i}": _("Answer this question.")
        for i, answer in enumerate(answers)
        if not tidy(answer)
    }
    if errors:
        raise ValidationError(errors)
    fresh.reviewed_on = _happened_on(
        cycle, "reviewed_on", reviewed_on, not_before=[fresh.starts_on, fresh.acting_on]
    )
    review = Review.objects.create(
        cycle=fresh,
        answers=[
            {"question": q, "answer": a.strip()} for q, a in zip(questions, answers, strict=True)
        ],
        recorded_by=by,
        held_in=held_in,
        taken_part=taken_part or [],
    )
    _transition(cycle, fresh, CycleState.REVIEWED, by=by, on=fresh.reviewed_on)
    return review


@transaction.atomic
def adjustment_record(
    *,
    cycle: LearningCycle,
    decision: str,
    text: str,
    by: User,
    next_cycle_title: str = "",
    closed_on: date | None = None,
    set_initiative_status: bool = False,
) -> Adjustment:
    """reviewed → closed, optionally opening the next cycle of the same initiative (it
    starts on the adjustment's date) and setting the initiative's status the decision
    leads to (STATUS_AFTER)."""
    fresh = _locked(cycle, CycleState.REVIEWED)
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    text = _required(text, "text", _("Write what changes."))
    next_cycle_title = next_cycle_title.strip()
    if next_cycle_title and decision == Decision.STOP:
        raise ValidationError({"next_cycle_title": _("A stopped experiment gets no next cycle.")})
    fresh.closed_on = _happened_on(
        cycle,
        "closed_on",
        closed_on,
        not_before=[fresh.starts_on, fresh.acting_on, fresh.reviewed_on],
    )
    adjustment = Adjustment.objects.create(
        cycle=fresh, decision=decision, text=text, recorded_by=by
    )
    _transition(cycle, fresh, CycleState.CLOSED, by=by, decision=decision, on=fresh.closed_on)
    status = STATUS_AFTER.get(Decision(decision))
    if set_initiative_status and status is not None:
        initiative = Initiative.objects.get(pk=cycle.initiative_id)
        if initiative.status != status:
            initiative_update(
                initiative=initiative, by=by, expected_version=initiative.version, status=status
            )
    if next_cycle_title:
        cycle_create(
            initiative=cycle.initiative,
            title=next_cycle_title,
            owner=fresh.owner,
            by=by,
            starts_on=fresh.closed_on,
            previous=fresh,
            learning_questions=list(fresh.learning_questions.all()),
        )
    return adjustment


@transaction.atomic
def cycle_abandon(
    *, cycle: LearningCycle, reason: str, by: User, abandoned_on: date | None = None
) -> LearningCycle:
    fresh = _locked(cycle, CycleState.DRAFT, CycleState.ACTING, CycleState.REVIEWED)
    reason = _required(reason, "reason", _("Say why the cycle is abandoned."))
    fresh.abandoned_on = _happened_on(
        cycle,
        "abandoned_on",
        abandoned_on,
        not_before=[fresh.starts_on, fresh.acting_on, fresh.reviewed_on],
    )
    fresh.abandon_reason = reason
    _transition(cycle, fresh, CycleState.ABANDONED, by=by, reason=reason, on=fresh.abandoned_on)
    return cycle


@transaction.atomic
def cycle_replan(
    *,
    cycle: LearningCycle,
    by: User,
    expectation_due: date,
    review_due: date,
    adjustment_due: date,
) -> LearningCycle:
    """Change an open cycle's due dates; audited with the dates before and after."""
    fresh = _locked(cycle, *OPEN_STATES)
    new = {
        "expectation_due": expectation_due,
        "review_due": review_due,
        "adjustment_due": adjustment_due,
    }
    check_due_dates(starts_on=fresh.starts_on, **new)
    check_in_period(cycle.initiative.programme, **new)
    changed = [field for field in DUE_FIELDS if getattr(fresh, field) != new[field]]
    if not changed:
        raise ValidationError(_("Change at least one due date."), code="unchanged")
    before = {field: getattr(fresh, field).isoformat() for field in changed}
    for field in changed:
        setattr(fresh, field, new[field])
    fresh.save(update_fields=changed)
    audit_record(
        actor=by,
        action="cycle.replan",
        target=fresh,
        programme=cycle.initiative.programme,
        data={"from": before, "to": {field: new[field].isoformat() for field in changed}},
    )
    cycle.refresh_from_db()
    return cycle


def check_owner(programme: Programme, owner: User, field: str = "owner") -> None:
    if not Membership.objects.filter(
        programme=programme, user=owner, role__in=OWNER_ROLES, user__is_active=True
    ).exists():
        raise ValidationError(
            {field: _("Choose a civil servant or facilitator of this programme.")}
        )


@transaction.atomic
def cycle_hand_over(*, cycle: LearningCycle, owner: User, by: User) -> LearningCycle:
    """Give an open cycle to another owner: a civil servant or facilitator of the
    programme. Audited with the owner before and after."""
    fresh = _locked(cycle, *OPEN_STATES)
    check_owner(cycle.initiative.programme, owner)
    if fresh.owner_id == owner.pk:
        raise ValidationError({"owner": _("This person already owns the cycle.")})
    before = fresh.owner
    fresh.owner = owner
    fresh.save(update_fields=["owner"])
    audit_record(
        actor=by,
        action="cycle.hand_over",
        target=fresh,
        programme=cycle.initiative.programme,
        data={"from": before.name, "to": owner.name},
    )
    cycle.refresh_from_db()
    return cycle


# The field of the membership removal page where the new owner is chosen (see
# cycles.extensions and programmes.extensions "membership_remove").
NEW_OWNER_FIELD = "cycles_new_owner"


def cycles_before_member_removal(
    *, membership: Membership, by: User, answers: Mapping[str, object]
) -> None:
    """Runs inside programmes.services.membership_remove's transaction: the member's open
    cycles go to the new owner chosen in answers[NEW_OWNER_FIELD]; without one, the
    removal is refused while they own open cycles."""
    cycles = selectors.open_cycles_of(membership=membership)
    if not cycles:
        return
    chosen = answers.get(NEW_OWNER_FIELD)
    owner = None
    if chosen not in (None, ""):
        try:
            owner = User.objects.filter(pk=int(str(chosen))).first()
        except ValueError:
            owner = None
    if owner is None or owner.pk == membership.user_id:
        raise ValidationError(
            {
                NEW_OWNER_FIELD: _("%(name)s owns open cycles. Choose who takes them over.")
                % {"name": membership.user.name}
            }
        )
    check_owner(membership.programme, owner, NEW_OWNER_FIELD)
    for cycle in cycles:
        cycle_hand_over(cycle=cycle, owner=owner, by=by)
