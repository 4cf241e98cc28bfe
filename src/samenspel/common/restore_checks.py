"""The rules a restored record obeys beyond its own field definitions.

Field values themselves (choices, lengths, dates, non-negative amounts) are checked in
common/backup.py from each field's own definition. The rules beyond them belong to the
apps that own the records: each app registers, in its AppConfig.ready(), a rule set
(`register_rules`: checks a record as it is read, and reports problems across records
once all are in) and checks of the details of its own audit events
(`register_audit_data_check`). Common knows no app: see programmes/restore_rules.py and
cycles/restore_rules.py.
"""

from collections.abc import Callable, Iterator
from itertools import chain
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from samenspel.common.models import AuditEvent


class Rules(Protocol):
    def check(self, obj: models.Model) -> None:
        """Raise ValidationError when the record breaks a rule on its own."""

    def problems(self) -> Iterator[tuple[type[models.Model], int, str]]:
        """(model, id, what is wrong) for every problem across records."""


_rule_sets: list[Callable[[], Rules]] = []
_audit_data_checks: dict[str, Callable[[dict[str, Any]], None]] = {}


def register_rules(factory: Callable[[], Rules]) -> None:
    _rule_sets.append(factory)


def register_audit_data_check(action: str, check: Callable[[dict[str, Any]], None]) -> None:
    _audit_data_checks[action] = check


def non_empty_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_audit_data(event: AuditEvent) -> None:
    if not isinstance(event.data, dict):
        raise ValidationError(_("its details must be a JSON object."))
    check = _audit_data_checks.get(event.action)
    if check is not None:
        check(event.data)


class RecordRules:
    """Checks records one by one (`check`, which raises ValidationError) with every
    registered rule set, and reports what breaks rules across records once every record
    is in (`problems`)."""

    def __init__(self) -> None:
        self._rules = [factory() for factory in _rule_sets]

    def check(self, obj: models.Model) -> None:
        if isinstance(obj, AuditEvent):
            check_audit_data(obj)
        for rules in self._rules:
            rules.check(obj)

    def problems(self) -> Iterator[tuple[type[models.Model], int, str]]:
        return chain.from_iterable(rules.problems() for rules in self._rules)
