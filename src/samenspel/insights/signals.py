"""When the texts of a programme change, the helicopter view's stored results (the
recurring themes, the search index) are brought up to date off the request.

Every state change in Samenspel writes an audit event that names its programme
(common.models.AuditEvent), so one receiver on that table hears every change, whatever
app made it, without any lower app knowing this one. The programmes changed in a
transaction are gathered and handed, once the transaction has committed, to the
functions registered with `on_texts_changed` (they queue a task; they do no work here).
"""

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from samenspel.common.models import AuditEvent

logger = logging.getLogger(__name__)

Listener = Callable[[int], None]
_listeners: list[Listener] = []


def on_texts_changed(listener: Listener) -> None:
    """Call `listener(programme_id)` after a transaction that changed the programme."""
    if listener not in _listeners:
        _listeners.append(listener)


def _notify(programme_ids: set[int]) -> None:
    for programme_id in sorted(programme_ids):
        for listener in _listeners:
            # The change is committed: a listener that fails must neither turn the
            # request that made it into an error nor keep the other listeners from it.
            try:
                listener(programme_id)
            except Exception:
                logger.exception(
                    "texts changed: %r failed for programme %s", listener, programme_id
                )


def _event_saved(sender: type[AuditEvent], instance: AuditEvent, **kwargs: Any) -> None:
    if not kwargs.get("created") or kwargs.get("raw") or instance.programme_id is None:
        return
    connection: Any = transaction.get_connection()
    # One callback per transaction, however many events it writes. A callback that a
    # rollback discarded is no longer in the connection's list: a new one is made.
    programme_id = int(instance.programme_id)
    waiting = getattr(connection, "_samenspel_texts_changed", None)
    if waiting is not None and any(item[1] is waiting[1] for item in connection.run_on_commit):
        waiting[0].add(programme_id)
    else:
        # Outside a transaction on_commit calls flush at once: the id is gathered first.
        gathered = {programme_id}

        def flush() -> None:
            connection._samenspel_texts_changed = None
            _notify(gathered)

        connection._samenspel_texts_changed = (gathered, flush)
        transaction.on_commit(flush)


def connect() -> None:
    post_save.connect(_event_saved, sender=AuditEvent, dispatch_uid="samenspel.insights.texts")
