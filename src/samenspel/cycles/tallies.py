"""Counted cycles per initiative (models.CycleTally), kept up to date where cycles change.

Every save or delete of a cycle, whoever writes it (a service, the admin, a script),
counts that initiative's cycles again: one grouped query over the cycles of one
initiative, so a write costs the same however big the programme. Bulk writes that send no
signals (the benchmark's generator, a migration) call `cycle_tallies_rebuild` afterwards.

Two counts change with the date alone: overdue cycles and open cycles past the due date
of their adjustment. A tally stores the first day on which one of them changes
(`changes_on`); readers call `cycle_tallies_freshen` first, which counts again only the
initiatives whose day has come. See docs/decisions/0008-counted-figures.md.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Min, Model, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from samenspel.cycles.constants import OPEN_PHASES, OPEN_STATES, CycleState
from samenspel.cycles.models import CycleTally, LearningCycle
from samenspel.programmes.models import Initiative

COUNTED_FIELDS = [
    "draft",
    "acting",
    "reviewed",
    "closed",
    "abandoned",
    "overdue",
    "open_past_adjustment",
    "changes_on",
]


def _aggregates(today: datetime.date) -> dict[str, Any]:
    # The selectors read the tallies, so they are imported here, not at the top.
    from samenspel.cycles.selectors import overdue_q

    aggregates: dict[str, Any] = {
        str(state): Count("id", filter=Q(state=state)) for state in CycleState
    }
    aggregates["overdue"] = Count("id", filter=overdue_q())
    aggregates["open_past_adjustment"] = Count(
        "id", filter=Q(state__in=OPEN_STATES, adjustment_due__lt=today)
    )
    # The first due date still ahead (today included), per kind of count that it flips.
    for phase in OPEN_PHASES:
        aggregates[f"next_{phase.state}"] = Min(
            phase.due_field, filter=Q(state=phase.state, **{f"{phase.due_field}__gte": today})
        )
    aggregates["next_adjustment"] = Min(
        "adjustment_due", filter=Q(state__in=OPEN_STATES, adjustment_due__gte=today)
    )
    return aggregates


def cycle_tallies_refresh(*, initiative_ids: Iterable[int]) -> None:
    """Count the cycles of these initiatives again (two queries, whatever their number)."""
    ids = sorted(set(initiative_ids))
    if not ids:
        return
    today = timezone.localdate()
    rows = {
        row["initiative"]: row
        for row in LearningCycle.objects.filter(initiative_id__in=ids)
        .values("initiative")
        .annotate(**_aggregates(today))
        .order_by()
    }
    tallies = []
    for pk in ids:
        row = rows.get(pk)
        if row is None:
            tallies.append(CycleTally(initiative_id=pk))
            continue
        upcoming = [
            row[f"next_{phase.state}"] for phase in OPEN_PHASES if row[f"next_{phase.state}"]
        ]
        if row["next_adjustment"]:
            upcoming.append(row["next_adjustment"])
        tallies.append(
            CycleTally(
                initiative_id=pk,
                **{str(state): row[str(state)] for state in CycleState},
                overdue=row["overdue"],
                open_past_adjustment=row["open_past_adjustment"],
                # A due date D counts as passed from the day after D.
                changes_on=min(upcoming) + datetime.timedelta(days=1) if upcoming else None,
            )
        )
    CycleTally.objects.bulk_create(
        tallies,
        update_conflicts=True,
        unique_fields=["initiative"],
        update_fields=COUNTED_FIELDS,
        batch_size=2_000,
    )


def cycle_tallies_rebuild(*, programme_id: int | None = None) -> None:
    """Count every initiative's cycles again (of one programme, or of all): after bulk
    writes that send no signals."""
    initiatives = Initiative.objects.all()
    if programme_id is not None:
        initiatives = initiatives.filter(programme_id=programme_id)
    ids = list(initiatives.values_list("pk", flat=True))
    with transaction.atomic():
        for start in range(0, len(ids), 2_000):
            cycle_tallies_refresh(initiative_ids=ids[start : start + 2_000])


def cycle_tallies_freshen(*, programme_id: int) -> None:
    """Before a read: count again the tallies of this programme whose date-dependent
    counts changed since they were counted (one query when none did)."""
    stale = list(
        CycleTally.objects.filter(
            initiative__programme_id=programme_id, changes_on__lte=timezone.localdate()
        ).values_list("pk", flat=True)
    )
    if stale:
        cycle_tallies_refresh(initiative_ids=stale)


def _cycle_changed(sender: type[Model], instance: LearningCycle, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # a restore brings the tallies along
        return
    cycle_tallies_refresh(initiative_ids=[instance.initiative_id])


def _initiative_deleted(sender: type[Model], instance: Initiative, **kwargs: Any) -> None:
    CycleTally.objects.filter(pk=instance.pk).delete()


def connect() -> None:
    post_save.connect(_cycle_changed, sender=LearningCycle, dispatch_uid="samenspel.cycles.tally")
    post_delete.connect(
        _cycle_changed, sender=LearningCycle, dispatch_uid="samenspel.cycles.tally_delete"
    )
    post_delete.connect(
        _initiative_deleted, sender=Initiative, dispatch_uid="samenspel.cycles.tally_initiative"
    )
