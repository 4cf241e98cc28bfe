"""How audit events read in a history. Each app registers, in its AppConfig.ready(), the
words for its own actions: a fixed label, or a function for events whose line depends on
their data (a phase change "from → to"). Common knows no app."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from samenspel.common.models import AuditEvent

_labels: dict[str, "StrPromise"] = {}
_describers: dict[str, Callable[["AuditEvent"], str]] = {}


def register_labels(labels: dict[str, "StrPromise"]) -> None:
    _labels.update(labels)


def register_describer(action: str, describer: Callable[["AuditEvent"], str]) -> None:
    _describers[action] = describer


def describe(event: "AuditEvent") -> str:
    if event.action in _describers:
        return _describers[event.action](event)
    return str(_labels.get(event.action, _("Changed")))
