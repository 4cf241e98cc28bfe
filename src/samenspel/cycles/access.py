"""Who may do what with learning cycles, on the programme's shared answer
(programmes.access.ProgrammeAccess). One line per condition; tested in
tests/test_access_matrix.py."""

from django.http import Http404

from samenspel.accounts.models import User
from samenspel.common import rows
from samenspel.cycles.models import Adjustment, Expectation, LearningCycle, Review
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
    what every action needs."""
    found = list(LearningCycle.objects.raw(CYCLE_SQL, [cycle_id, access.programme.pk]))
    if not found:
        raise Http404
    cycle = found[0]
    (cycle.initiative,) = Initiative.objects.raw(INITIATIVE_SQL, [cycle.initiative_id])
    cycle.initiative.programme = access.programme
    return cycle


# The cycle page: the cycle with its initiative, owner, the cycles before and after it
# and its three records, in one written-out query (common.rows). What each part reads
# (None: all of it).
_PAGE_PARTS: list[rows.Part] = [
    ("c", LearningCycle, None),
    ("i", Initiative, None),
    ("o", User, ["name"]),
    ("p", LearningCycle, ["number", "title", "initiative"]),
    ("n", LearningCycle, ["number", "title", "initiative", "previous"]),
    ("e", Expectation, None),
    ("r", Review, None),
    ("a", Adjustment, None),
]
_PAGE_FROM = (
    f"FROM {_CYCLES} c JOIN {_INITIATIVES} i ON i.id = c.initiative_id "
    f"JOIN {User._meta.db_table} o ON o.id = c.owner_id "
    f"LEFT JOIN {_CYCLES} p ON p.id = c.previous_id "
    f"LEFT JOIN {_CYCLES} n ON n.previous_id = c.id "
    f"LEFT JOIN {Expectation._meta.db_table} e ON e.cycle_id = c.id "
    f"LEFT JOIN {Review._meta.db_table} r ON r.cycle_id = c.id "
    f"LEFT JOIN {Adjustment._meta.db_table} a ON a.cycle_id = c.id "
    "WHERE c.id = %s AND i.programme_id = %s"
)


def access_cycle_page(*, access: ProgrammeAccess, cycle_id: int) -> LearningCycle:
    """As access_cycle_by_id, with what the cycle page shows of it besides its own row:
    its owner, the cycles it follows and is followed by, and its expectation, review and
    adjustment (each None when there is none), read in the same query."""
    found = rows.read(_PAGE_PARTS, _PAGE_FROM, [cycle_id, access.programme.pk])
    if not found:
        raise Http404
    cycle, initiative, owner, previous, following, expectation, review, adjustment = found[0]
    initiative.programme = access.programme
    cycle.initiative = initiative
    cycle.owner = owner
    cycle.previous = previous
    for name, value in (
        ("next", following),
        ("expectation", expectation),
        ("review", review),
        ("adjustment", adjustment),
    ):
        # The reverse one-to-ones: None is remembered too, so reading it asks nothing.
        getattr(LearningCycle, name).related.set_cached_value(cycle, value)
    assert isinstance(cycle, LearningCycle)
    return cycle
