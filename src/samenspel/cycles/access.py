"""Who may do what with learning cycles, on the programme's shared answer
(programmes.access.ProgrammeAccess). One line per condition; tested in
tests/test_access_matrix.py."""

from django.http import Http404

from samenspel.cycles.models import LearningCycle
from samenspel.programmes.access import ProgrammeAccess
from samenspel.programmes.constants import Role

CYCLE_WORKERS = {Role.FACILITATOR, Role.CIVIL_SERVANT}


def can_start_cycles(access: ProgrammeAccess) -> bool:
    return access.role in CYCLE_WORKERS


def can_work_on(access: ProgrammeAccess, cycle: LearningCycle) -> bool:
    """Record the expectation, start, review, adjust, re-plan, hand over or abandon."""
    return access.role in CYCLE_WORKERS


def can_observe(access: ProgrammeAccess, cycle: LearningCycle) -> bool:
    """Add to the log of an acting cycle: cycle workers, and the initiative's own
    initiators with an account."""
    if can_work_on(access, cycle):
        return True
    if access.role == Role.INITIATOR:
        return cycle.initiative.initiator_accounts.filter(pk=access.user.pk).exists()
    return False


def access_cycle_by_id(*, access: ProgrammeAccess, cycle_id: int) -> LearningCycle:
    cycle = (
        LearningCycle.objects.filter(pk=cycle_id, initiative__programme=access.programme)
        # Only what every request needs: the cycle page reads the records on a cache
        # miss (cycles.selectors.cycle_with_records).
        .select_related("initiative")
        .first()
    )
    if cycle is None:
        raise Http404
    cycle.initiative.programme = access.programme
    return cycle
