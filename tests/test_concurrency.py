"""Two people at once, on two database connections (threads): a transition on a stale
in-memory copy is refused, and the row lock makes the second writer wait for the first.
PostgreSQL only: SQLite has no row locks (its IMMEDIATE transactions serialise every
write instead, see conf/base.py)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from samenspel.common.models import AuditEvent
from samenspel.cycles import services
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import LearningCycle
from samenspel.programmes.models import Initiative
from tests.factories import CycleFactory, ExpectationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL; run with DATABASE_URL=postgres://...",
    ),
]


def in_thread(work):
    """Run `work` on its own database connection; return what it returned or raised."""
    outcome = {}

    def run():
        try:
            outcome["value"] = work()
        except Exception as error:  # handed to the test
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.fixture
def draft(initiative, civil_servant):
    cycle = CycleFactory(initiative=initiative, owner=civil_servant)
    ExpectationFactory(cycle=cycle)
    return cycle


def test_transition_on_a_stale_copy_is_refused(draft, civil_servant):
    stale = LearningCycle.objects.get(pk=draft.pk)  # read as draft
    thread, outcome = in_thread(
        lambda: services.cycle_abandon(
            cycle=LearningCycle.objects.get(pk=draft.pk), reason="Gestopt.", by=civil_servant
        )
    )
    thread.join(10)
    assert "error" not in outcome
    assert stale.state == CycleState.DRAFT
    with pytest.raises(ValidationError) as refusal:
        services.cycle_start(cycle=stale, by=civil_servant)
    assert refusal.value.code == "wrong_state"
    draft.refresh_from_db()
    assert draft.state == CycleState.ABANDONED
    assert AuditEvent.objects.filter(action="cycle.transition").count() == 1


def test_second_writer_waits_for_the_row_lock(draft, civil_servant):
    locked = threading.Event()
    moments = {}

    def first():
        with transaction.atomic():
            # The services' lock order: the initiative, then the cycle.
            Initiative.objects.select_for_update().get(pk=draft.initiative_id)
            LearningCycle.objects.select_for_update().get(pk=draft.pk)
            locked.set()
            time.sleep(0.5)  # the second writer arrives meanwhile and must wait
            services.cycle_abandon(
                cycle=LearningCycle.objects.get(pk=draft.pk), reason="Eerst.", by=civil_servant
            )
            moments["first_commits"] = time.monotonic()

    def second():
        locked.wait(10)
        try:
            services.cycle_start(cycle=LearningCycle.objects.get(pk=draft.pk), by=civil_servant)
        finally:
            moments["second_done"] = time.monotonic()

    one, _ = in_thread(first)
    two, refused = in_thread(second)
    one.join(10)
    two.join(10)
    assert moments["second_done"] >= moments["first_commits"]
    assert isinstance(refused.get("error"), ValidationError)
    assert refused["error"].code == "wrong_state"
    draft.refresh_from_db()
    assert draft.state == CycleState.ABANDONED
    assert AuditEvent.objects.filter(action="cycle.transition").count() == 1
