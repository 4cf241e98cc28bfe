"""What a restored backup must obey about learning cycles beyond the field definitions
(common.restore_checks): the shape of review answers, phase changes in the audit trail,
and the state machine across a cycle's records. The services enforce the same while
people work; a backup file can be edited by hand. Registered in CyclesConfig.ready()."""

from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from samenspel.common.restore_checks import (
    non_empty_text,
    register_audit_data_check,
    register_rules,
)
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import LearningCycle

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


def check_review_answers(value: Any) -> None:
    if not (
        isinstance(value, list)
        and value
        and all(
            isinstance(item, dict)
            and set(item) == {"question", "answer"}
            and non_empty_text(item["question"])
            and non_empty_text(item["answer"])
            for item in value
        )
    ):
        raise ValidationError(
            _(
                "the answers must be a list of questions, each with its answer, and no "
                "answer may be empty."
            )
        )


def check_transition_data(data: dict[str, Any]) -> None:
    if not (data.get("from") in CycleState.values and data.get("to") in CycleState.values):
        raise ValidationError(
            _("a phase change must name a known phase before and after it (“from” and “to”).")
        )


class CycleRules:
    """The learning-cycle state machine across records: a cycle's records fit its phase."""

    def __init__(self) -> None:
        self._parts = {
            LearningCycle._meta.get_field(name).related_model: name
            for name in (EXPECTATION, REVIEW, ADJUSTMENT)
        }
        review = LearningCycle._meta.get_field(REVIEW).related_model
        self._checks: dict[Any, Callable[[Any], None]] = {
            review: lambda r: check_review_answers(r.answers),
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


def register() -> None:
    register_rules(CycleRules)
    register_audit_data_check("cycle.transition", check_transition_data)
