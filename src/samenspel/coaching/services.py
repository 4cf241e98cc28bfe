"""Writes on coaching: start and end a coaching, record and rewrite conversations, set
goals and add the steps of their course.

Keyword-only, atomic, audited, like every service. Two things differ on purpose:

- the audit events carry no programme (programme=None) and no content, only ids and
  statuses: the programme's history and its data version never hear of coaching, and
  whoever reads the audit trail (the admin's *Audit events*) learns that a coaching
  record was written, by whom and when, never what it says;
- only the coach and the coachee write (coaching.access decides who reaches these);
  an ended coaching is read-only.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.coaching import places
from samenspel.coaching.constants import (
    CLOSED_STATUSES,
    COACH_ROLES,
    COACHEE_ROLES,
    GOAL_MAX,
    MAX_YEARS_BACK,
    GoalStatus,
)
from samenspel.coaching.models import (
    Coaching,
    CoachingConversation,
    DevelopmentGoal,
    GoalStep,
)
from samenspel.common.services import audit_record
from samenspel.common.text import LONG_TEXT, tidy
from samenspel.common.words import long_date
from samenspel.programmes.models import Initiative, LearningQuestion, Membership, Programme
from samenspel.programmes.services import _save_versioned, check_in_period


def _day(
    programme: Programme,
    field: str,
    value: datetime.date | None,
    *,
    after: tuple[datetime.date, str] | None = None,
) -> datetime.date:
    """The day something happened: today unless given, never in the future, within the
    programme's period, and not before `after` (a day and what it is, for the
    message). Without a programme start, never more than MAX_YEARS_BACK years ago."""
    today = timezone.localdate()
    value = value or today
    if value > today:
        raise ValidationError({field: _("This date lies in the future.")})
    if after is not None and value < after[0]:
        raise ValidationError(
            {
                field: _("This date lies before %(date)s, %(what)s.")
                % {"date": long_date(after[0], get_language()), "what": after[1]}
            }
        )
    check_in_period(programme, **{field: value})
    if programme.starts_on is None and value.year < today.year - MAX_YEARS_BACK:
        raise ValidationError(
            {field: _("Choose a date in the last %(years)s years.") % {"years": MAX_YEARS_BACK}}
        )
    return value


def _text(field: str, value: str, limit: int = LONG_TEXT) -> str:
    text = tidy(value)
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("Keep this under %(limit)s characters (now %(count)s).")
                % {
                    "limit": number_format(limit, force_grouping=True),
                    "count": number_format(len(text), force_grouping=True),
                }
            }
        )
    return text


def _check_open(coaching: Coaching) -> None:
    if coaching.has_ended:
        raise ValidationError(_("This coaching has ended. It can no longer be changed."))


def _locked(coaching: Coaching) -> Coaching:
    """The coaching re-read with its row locked: two writes at once (an end beside a new
    conversation) do not cross."""
    fresh = Coaching.objects.select_for_update().get(pk=coaching.pk)
    fresh.programme = coaching.programme
    _check_open(fresh)
    return fresh


def _role(programme: Programme, user: User) -> str | None:
    return (
        Membership.objects.filter(programme=programme, user=user)
        .values_list("role", flat=True)
        .first()
    )


def _same_programme(
    programme: Programme, field: str, objects: list[Any], message: str
) -> list[Any]:
    if any(obj.programme_id != programme.pk for obj in objects):
        raise ValidationError({field: message})
    return objects


def _initiatives(programme: Programme, initiatives: list[Initiative]) -> list[Initiative]:
    return _same_programme(
        programme, "initiatives", initiatives, _("Choose initiatives of this programme.")
    )


def _questions(programme: Programme, questions: list[LearningQuestion]) -> list[LearningQuestion]:
    return _same_programme(
        programme,
        "learning_questions",
        questions,
        _("Choose learning questions of this programme."),
    )


def _duplicate() -> ValidationError:
    return ValidationError(
        {
            "coachee": _(
                "You already coach this person in this programme. You find the coaching "
                "under My coaching."
            )
        }
    )


# Coachings --------------------------------------------------------------------------------


@transaction.atomic
def coaching_start(
    *,
    programme: Programme,
    coachee: User,
    by: User,
    started_on: datetime.date | None = None,
) -> Coaching:
    """`by` starts coaching `coachee` and is the coach: a facilitator coaching a civil
    servant of the same programme, once per pair."""
    if _role(programme, by) not in COACH_ROLES:
        raise ValidationError(_("Only a facilitator of this programme can start coaching."))
    if coachee.pk == by.pk:
        raise ValidationError({"coachee": _("You cannot coach yourself.")})
    if not coachee.is_active or _role(programme, coachee) not in COACHEE_ROLES:
        raise ValidationError({"coachee": _("Choose a civil servant of this programme.")})
    started_on = _day(programme, "started_on", started_on)
    if Coaching.objects.filter(programme=programme, coach=by, coachee=coachee).exists():
        raise _duplicate()
    try:
        with transaction.atomic():
            coaching = Coaching.objects.create(
                programme=programme, coach=by, coachee=coachee, started_on=started_on
            )
    except IntegrityError as exc:  # the same pair, started twice at the same moment
        raise _duplicate() from exc
    audit_record(
        actor=by,
        action="coaching.start",
        target=coaching,
        data={"coach": by.pk, "coachee": coachee.pk},
    )
    return coaching


@transaction.atomic
def coaching_end(*, coaching: Coaching, by: User) -> Coaching:
    """End the coaching today: from then on it can be read, not changed."""
    fresh = _locked(coaching)
    fresh.ended_on = timezone.localdate()
    fresh.save(update_fields=["ended_on"])
    audit_record(
        actor=by, action="coaching.end", target=fresh, data={"from": "open", "to": "ended"}
    )
    return fresh


def coaching_before_member_removal(*, membership: Any, by: User, answers: Any) -> None:
    """A removal hook (programmes.extensions): a member who leaves the programme ends
    their open coachings, as coach and as coachee. Silently: the person who removes
    them may not learn who coaches whom."""
    leaving = Q(coach_id=membership.user_id) | Q(coachee_id=membership.user_id)
    open_coachings = Coaching.objects.filter(
        leaving, programme_id=membership.programme_id, ended_on__isnull=True
    )
    for coaching in open_coachings:
        coaching.programme = membership.programme
        coaching_end(coaching=coaching, by=by)


# Conversations ----------------------------------------------------------------------------


def _conversation_fields(
    coaching: Coaching,
    *,
    held_on: datetime.date | None,
    what_happened: str,
    reflection: str,
    agreements: str,
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "what_happened": _text("what_happened", what_happened),
        "reflection": _text("reflection", reflection),
        "agreements": _text("agreements", agreements),
    }
    if not any(fields.values()):
        raise ValidationError(
            {
                "what_happened": _(
                    "A conversation cannot be empty: write down what happened, a "
                    "reflection or an agreement."
                )
            }
        )
    fields["held_on"] = _day(
        coaching.programme,
        "held_on",
        held_on,
        after=(coaching.started_on, _("the start of the coaching")),
    )
    return fields


@transaction.atomic
def conversation_add(
    *,
    coaching: Coaching,
    by: User,
    held_on: datetime.date | None = None,
    initiatives: list[Initiative] | None = None,
    what_happened: str = "",
    reflection: str = "",
    agreements: str = "",
) -> CoachingConversation:
    fresh = _locked(coaching)
    fields = _conversation_fields(
        fresh,
        held_on=held_on,
        what_happened=what_happened,
        reflection=reflection,
        agreements=agreements,
    )
    linked = _initiatives(fresh.programme, list(initiatives or []))
    conversation = CoachingConversation.objects.create(coaching=fresh, recorded_by=by, **fields)
    conversation.initiatives.set(linked)
    audit_record(
        actor=by,
        action="coaching.conversation_add",
        target=conversation,
        data={"coaching": fresh.pk},
    )
    return conversation


@transaction.atomic
def conversation_update(
    *,
    conversation: CoachingConversation,
    by: User,
    expected_version: int,
    held_on: datetime.date | None,
    initiatives: list[Initiative],
    what_happened: str,
    reflection: str,
    agreements: str,
) -> CoachingConversation:
    """Rewrite a conversation, unless someone saved it since `expected_version`."""
    fresh = _locked(conversation.coaching)
    fields = _conversation_fields(
        fresh,
        held_on=held_on,
        what_happened=what_happened,
        reflection=reflection,
        agreements=agreements,
    )
    linked = _initiatives(fresh.programme, list(initiatives))
    changed = _save_versioned(conversation, expected_version=expected_version, fields=fields)
    before = set(conversation.initiatives.values_list("pk", flat=True))
    if before != {initiative.pk for initiative in linked}:
        conversation.initiatives.set(linked)
        changed.append("initiatives")
    audit_record(
        actor=by,
        action="coaching.conversation_update",
        target=conversation,
        data={"coaching": fresh.pk, "fields": changed},
    )
    return conversation


# Development goals ------------------------------------------------------------------------


@transaction.atomic
def goal_add(
    *,
    coaching: Coaching,
    by: User,
    text: str,
    learning_questions: list[LearningQuestion] | None = None,
    set_on: datetime.date | None = None,
    answers: Mapping[str, Any] | None = None,
) -> DevelopmentGoal:
    """A new goal. `answers` are those of the fields other apps add to its form
    (coaching.places), kept by them in this same transaction."""
    fresh = _locked(coaching)
    text = _text("text", text, GOAL_MAX)
    if not text:
        raise ValidationError({"text": _("Write down the goal.")})
    set_on = _day(
        fresh.programme, "set_on", set_on, after=(fresh.started_on, _("the start of the coaching"))
    )
    questions = _questions(fresh.programme, list(learning_questions or []))
    goal = DevelopmentGoal.objects.create(coaching=fresh, text=text, set_on=set_on, recorded_by=by)
    goal.learning_questions.set(questions)
    audit_record(
        actor=by,
        action="coaching.goal_add",
        target=goal,
        data={"coaching": fresh.pk, "status": goal.status},
    )
    places.after_goal_add(goal=goal, answers=answers or {}, by=by)
    return goal


@transaction.atomic
def goal_step_record(
    *,
    goal: DevelopmentGoal,
    by: User,
    status: str,
    note: str,
    on: datetime.date | None = None,
) -> GoalStep:
    """A step in the goal's course: its status from `on` (the same status, with a note
    on the progress, or another) and what happened. Achieved or dropped closes the goal
    on that day; back to open opens it again. Earlier steps stay as they were."""
    coaching = _locked(goal.coaching)
    fresh = DevelopmentGoal.objects.select_for_update().get(pk=goal.pk)
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    note = _text("note", note)
    if not note:
        raise ValidationError({"note": _("Write down what happened with this goal.")})
    last = fresh.steps.order_by("-on", "-id").values_list("on", flat=True).first()
    after = (
        (last, _("the previous step of this goal"))
        if last is not None and last > fresh.set_on
        else (fresh.set_on, _("the day the goal was set"))
    )
    on = _day(coaching.programme, "on", on, after=after)
    old = fresh.status
    fresh.status = status
    fresh.closed_on = on if status in CLOSED_STATUSES else None
    fresh.save(update_fields=["status", "closed_on"])
    step = GoalStep.objects.create(goal=fresh, on=on, status=status, note=note, recorded_by=by)
    audit_record(
        actor=by,
        action="coaching.goal_step",
        target=fresh,
        data={"coaching": coaching.pk, "step": step.pk, "from": old, "to": status},
    )
    goal.status, goal.closed_on = fresh.status, fresh.closed_on
    return step
