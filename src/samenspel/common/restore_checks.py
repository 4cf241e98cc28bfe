"""The rules a restored record obeys beyond its own field definitions: the shape of the
JSON values that pages read, and the learning-cycle state machine across records.

The services enforce these rules while people work (cycles/services.py,
programmes/services.py); a backup file can be edited by hand, so a restore
(common/backup.py) checks them again before it keeps anything. Field values themselves
(choices, lengths, dates, non-negative amounts) are checked there from each field's own
definition, so a model that moves to another app keeps its rules. The records of a cycle
(expectation, review, adjustment) are found through the cycle model's relations.
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from samenspel.common.models import AuditEvent
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import LearningCycle
from samenspel.programmes.models import Programme

# The records a cycle has (by the name of its relation), per phase: which it must have,
# and which it cannot have yet. An abandoned cycle stopped somewhere before its
# adjustment, so it may lack any record but can never have an adjustment.
EXPECTATION, REVIEW, ADJUSTMENT = "expectation", "review", "adjustment"
REQUIRED: dict[str, set[str]] = {
    CycleState.DRAFT: set(),
    CycleState.ACTING: {EXPECTATION},
    CycleState.REVIEWED: {EXPECTATION, REVIEW},
    CycleState.CLOSED: {EXPECTATION, REVIEW, ADJUSTMENT},
    CycleState.ABANDONED: set(),
}
FORBIDDEN: dict[str, set[str]] = {
    CycleState.DRAFT: {REVIEW, ADJUSTMENT},
    CycleState.ACTING: {REVIEW, ADJUSTMENT},
    CycleState.REVIEWED: {ADJUSTMENT},
    CycleState.CLOSED: set(),
    CycleState.ABANDONED: {ADJUSTMENT},
}
# A record is only written after the one before it (the review needs the expectation).
BEFORE = {REVIEW: EXPECTATION, ADJUSTMENT: REVIEW}


def _non_empty_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_review_questions(value: Any) -> None:
    if not (isinstance(value, list) and value and all(_non_empty_text(q) for q in value)):
        raise ValidationError(
            _("the review questions must be a list of questions, none of them empty.")
        )


def check_review_answers(value: Any) -> None:
    if not (
        isinstance(value, list)
        and value
        and all(
            isinstance(item, dict)
            and set(item) == {"question", "answer"}
            and _non_empty_text(item["question"])
            and _non_empty_text(item["answer"])
            for item in value
        )
    ):
        raise ValidationError(
            _(
                "the answers must be a list of questions, each with its answer, and no "
                "answer may be empty."
            )
        )


def check_audit_data(event: AuditEvent) -> None:
    if not isinstance(event.data, dict):
        raise ValidationError(_("its details must be a JSON object."))
    if event.action == "cycle.transition" and not (
        event.data.get("from") in CycleState.values and event.data.get("to") in CycleState.values
    ):
        raise ValidationError(
            _("a phase change must name a known phase before and after it (“from” and “to”).")
        )


class RecordRules:
    """Checks records one by one (`check`, which raises ValidationError), remembers what
    the cycle rules need, and reports the cycles that break them once every record is in
    (`problems`)."""

    def __init__(self) -> None:
        self._parts = {
            LearningCycle._meta.get_field(name).related_model: name
            for name in (EXPECTATION, REVIEW, ADJUSTMENT)
        }
        review = LearningCycle._meta.get_field(REVIEW).related_model
        self._checks: dict[Any, Callable[[Any], None]] = {
            Programme: lambda p: check_review_questions(p.review_questions),
            review: lambda r: check_review_answers(r.answers),
            AuditEvent: check_audit_data,
            LearningCycle: self._check_cycle,
        }
        self._states: dict[int, str] = {}
        self._has: dict[str, set[int]] = {name: set() for name in self._parts.values()}

    def check(self, obj: models.Model) -> None:
        check = self._checks.get(type(obj))
        if check is not None:
            check(obj)
        part = self._parts.get(type(obj))
        if part is not None:
            self._has[part].add(obj.cycle_id)  # type: ignore[attr-defined]

    def _check_cycle(self, cycle: LearningCycle) -> None:
        if cycle.state == CycleState.ABANDONED and not cycle.abandon_reason.strip():
            raise ValidationError(_("an abandoned cycle needs the reason it was abandoned."))
        self._states[cycle.pk] = cycle.state

    def problems(self) -> Iterator[tuple[type[models.Model], int, str]]:
        """(model, id, what is wrong) for every cycle whose records do not fit its phase."""
        names = {
            name: str(model._meta.verbose_name)  # type: ignore[union-attr]
            for model, name in self._parts.items()
        }
        for pk, state in sorted(self._states.items()):
            has = {name for name, cycles in self._has.items() if pk in cycles}
            phase = CycleState(state).label
            for name in sorted(REQUIRED[state] - has):
                problem = _("a cycle in the phase “%(phase)s” needs its %(record)s.")
                yield LearningCycle, pk, problem % {"phase": phase, "record": names[name]}
            for name in sorted(FORBIDDEN[state] & has):
                problem = _("a cycle in the phase “%(phase)s” cannot have its %(record)s.")
                yield LearningCycle, pk, problem % {"phase": phase, "record": names[name]}
            for name, before in BEFORE.items():
                if name in has and before not in has:
                    problem = _("a cycle with its %(record)s needs its %(before)s.")
                    yield (
                        LearningCycle,
                        pk,
                        problem % {"record": names[name], "before": names[before]},
                    )
