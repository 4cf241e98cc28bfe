"""The helicopter view hears every change of a programme through its audit events
(insights/signals.py): once per committed transaction, never for a rolled-back one."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from samenspel.common.models import AuditEvent
from samenspel.insights import signals


@pytest.fixture
def heard():
    seen: list[int] = []
    signals.on_texts_changed(seen.append)
    yield seen
    signals._listeners.remove(seen.append)


def event(programme_id: int | None) -> AuditEvent:
    kind = ContentType.objects.get_for_model(AuditEvent)
    return AuditEvent.objects.create(
        action="test", programme_id=programme_id, target_type=kind, target_id=1
    )


@pytest.mark.django_db(transaction=True)
def test_each_programme_is_heard_once_per_transaction_after_commit(heard):
    with transaction.atomic():
        event(5)
        event(5)
        event(6)
        assert heard == []  # not before the commit
    assert heard == [5, 6]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_is_not_heard_and_the_next_one_is(heard):
    with pytest.raises(RuntimeError), transaction.atomic():
        event(7)
        raise RuntimeError
    event(8)  # outside a transaction: heard at once
    event(None)  # an event of no programme: nothing
    assert heard == [8]


@pytest.mark.django_db(transaction=True)
def test_a_failing_listener_neither_fails_the_change_nor_silences_the_others(heard, caplog):
    def broken(programme_id: int) -> None:
        raise RuntimeError("the queue is down")

    signals._listeners.insert(0, broken)
    try:
        event(9)  # committed: no exception reaches the request that made the change
    finally:
        signals._listeners.remove(broken)
    assert heard == [9]
    assert "the queue is down" in caplog.text
