"""Who may do what with learning cycles, on the programme's shared answer
(programmes.access.ProgrammeAccess). One line per condition; tested in
tests/test_access_matrix.py."""

from django.http import Http404

from samenspel.cycles.models import LearningCycle
from samenspel.programmes.access import ProgrammeAccess
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Initiative

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


_CYCLES, _INITIATIVES = LearningCycle._meta.db_table, Initiative._meta.db_table
# Every request about a cycle asks these, warm or cold: written out once, not built by the
# ORM each time (a fifth of the cost of the query it replaced). The same SQL on SQLite and
# PostgreSQL.
CYCLE_SQL = (
    f"SELECT c.* FROM {_CYCLES} c JOIN {_INITIATIVES} i ON i.id = c.initiative_id "
    "WHERE c.id = %s AND i.programme_id = %s"
)
INITIATIVE_SQL = f"SELECT * FROM {_INITIATIVES} WHERE id = %s"


def access_cycle_by_id(*, access: ProgrammeAccess, cycle_id: int) -> LearningCycle:
    """The cycle with its initiative, if it belongs to the programme (else 404). Only
    what every request needs: the cycle page reads the records on a cache miss
    (cycles.selectors.cycle_with_records)."""
    found = list(LearningCycle.objects.raw(CYCLE_SQL, [cycle_id, access.programme.pk]))
    if not found:
        raise Http404
    cycle = found[0]
    (cycle.initiative,) = Initiative.objects.raw(INITIATIVE_SQL, [cycle.initiative_id])
    cycle.initiative.programme = access.programme
    return cycle
