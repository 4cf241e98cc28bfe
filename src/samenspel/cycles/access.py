"""Who may do what with learning cycles, on the programme's shared answer
(programmes.access.ProgrammeAccess). One line per condition; tested in
tests/test_access_matrix.py."""

from django.db import connection, models
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
# and its three records, in one written-out query. What each part reads (None: all).
_PAGE_PARTS: list[tuple[str, type[models.Model], list[str] | None, str]] = [
    ("c", LearningCycle, None, ""),
    ("i", Initiative, None, f"JOIN {_INITIATIVES} i ON i.id = c.initiative_id"),
    ("o", User, ["name"], f"JOIN {User._meta.db_table} o ON o.id = c.owner_id"),
    (
        "p",
        LearningCycle,
        ["number", "title", "initiative"],
        f"LEFT JOIN {_CYCLES} p ON p.id = c.previous_id",
    ),
    (
        "n",
        LearningCycle,
        ["number", "title", "initiative", "previous"],
        f"LEFT JOIN {_CYCLES} n ON n.previous_id = c.id",
    ),
    ("e", Expectation, None, f"LEFT JOIN {Expectation._meta.db_table} e ON e.cycle_id = c.id"),
    ("r", Review, None, f"LEFT JOIN {Review._meta.db_table} r ON r.cycle_id = c.id"),
    ("a", Adjustment, None, f"LEFT JOIN {Adjustment._meta.db_table} a ON a.cycle_id = c.id"),
]
_PAGE_FIELDS = [rows.fields_of(model, names) for _alias, model, names, _join in _PAGE_PARTS]
CYCLE_PAGE_SQL = (
    "SELECT "
    + ", ".join(
        rows.select(alias, fields)
        for (alias, _model, _names, _join), fields in zip(_PAGE_PARTS, _PAGE_FIELDS, strict=True)
    )
    + f" FROM {_CYCLES} c "
    + " ".join(join for _alias, _model, _names, join in _PAGE_PARTS if join)
    + " WHERE c.id = %s AND i.programme_id = %s"
)


def access_cycle_page(*, access: ProgrammeAccess, cycle_id: int) -> LearningCycle:
    """As access_cycle_by_id, with what the cycle page shows of it besides its own row:
    its owner, the cycles it follows and is followed by, and its expectation, review and
    adjustment (each None when there is none), read in the same query."""
    with connection.cursor() as cursor:
        cursor.execute(CYCLE_PAGE_SQL, [cycle_id, access.programme.pk])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    parts = []
    start = 0
    for (_alias, model, _names, _join), fields in zip(_PAGE_PARTS, _PAGE_FIELDS, strict=True):
        parts.append(rows.instance(model, fields, row[start : start + len(fields)]))
        start += len(fields)
    cycle, initiative, owner, previous, following, expectation, review, adjustment = parts
    assert isinstance(cycle, LearningCycle) and isinstance(initiative, Initiative)
    initiative.programme = access.programme
    cycle.initiative = initiative
    cycle.owner = owner  # type: ignore[assignment]
    cycle.previous = previous  # type: ignore[assignment]
    for name, value in (
        ("next", following),
        ("expectation", expectation),
        ("review", review),
        ("adjustment", adjustment),
    ):
        # The reverse one-to-ones: None is remembered too, so reading it asks nothing.
        getattr(LearningCycle, name).related.set_cached_value(cycle, value)
    return cycle
