"""Initiatives counted per area and status, with their funding (models.InitiativeTally),
kept up to date where initiatives change.

Every save or delete of an initiative, whoever writes it (a service, the admin, a
script), counts its programme's initiatives again: one grouped query, and the programme's
rows replaced. Initiatives change rarely, so a write may cost what the programme's size
costs; a read never does. A restore brings the tallies along (raw saves are skipped);
bulk writes that send no signals call `initiative_tallies_rebuild` afterwards. See
docs/decisions/0008-counted-figures.md.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, DecimalField, Model, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save

from samenspel.programmes.models import Initiative, InitiativeTally, Programme

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def _money(field: str) -> Coalesce:
    return Coalesce(Sum(field), ZERO)


def initiative_tallies_refresh(*, programme_id: int) -> None:
    """Count the programme's initiatives again (three queries)."""
    rows = (
        Initiative.objects.filter(programme_id=programme_id)
        .values("area", "status")
        .annotate(
            n=Count("id"),
            sum_municipal=_money("municipal_contribution"),
            sum_residents=_money("resident_contribution"),
            sum_other=_money("other_contribution"),
        )
        .order_by()
    )
    with transaction.atomic():
        InitiativeTally.objects.filter(programme_id=programme_id).delete()
        InitiativeTally.objects.bulk_create(
            InitiativeTally(
                programme_id=programme_id,
                area_id=row["area"],
                status=row["status"],
                count=row["n"],
                municipal=row["sum_municipal"],
                residents=row["sum_residents"],
                other=row["sum_other"],
            )
            for row in rows
        )


def initiative_tallies_rebuild() -> None:
    """Count the initiatives of every programme again: after bulk writes that send no
    signals."""
    for programme_id in Programme.objects.values_list("pk", flat=True):
        initiative_tallies_refresh(programme_id=programme_id)


def _initiative_changed(sender: type[Model], instance: Initiative, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # a restore brings the tallies along
        return
    # Not when the programme itself is gone (its rows are removed with it).
    if Programme.objects.filter(pk=instance.programme_id).exists():
        initiative_tallies_refresh(programme_id=instance.programme_id)


def _programme_deleted(sender: type[Model], instance: Programme, **kwargs: Any) -> None:
    InitiativeTally.objects.filter(programme_id=instance.pk).delete()


def connect() -> None:
    post_delete.connect(
        _programme_deleted, sender=Programme, dispatch_uid="samenspel.programmes.tally_programme"
    )
    post_save.connect(
        _initiative_changed, sender=Initiative, dispatch_uid="samenspel.programmes.tally_save"
    )
    post_delete.connect(
        _initiative_changed, sender=Initiative, dispatch_uid="samenspel.programmes.tally_delete"
    )
