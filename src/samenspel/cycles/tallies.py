"""Counted cycles per initiative (models.CycleTally), kept up to date where cycles change.

Every save or delete of a cycle, whoever writes it (a service, the admin, a script),
counts that initiative's cycles again: one grouped query over the cycles of one
initiative, so a write costs the same however big the programme. The tally of the
initiative's area (models.AreaCycleTally) is then added up again from its initiatives'
tallies, and so is every area of a programme in which an initiative was saved (it may
have moved). Bulk writes that send no
signals (the benchmark's generator, a migration) call `cycle_tallies_rebuild` afterwards.

Two counts change with the date alone: overdue cycles and open cycles past the due date
of their adjustment. A tally stores the first day on which one of them changes
(`changes_on`); readers call `cycle_tallies_freshen` first, which counts again only the
initiatives whose day has come. See docs/decisions/0008-counted-figures.md.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Min, Model, Q, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from samenspel.common.caching import request_memo
from samenspel.cycles.constants import OPEN_PHASES, OPEN_STATES, CycleState
from samenspel.cycles.models import (
    NOT_REVIEWED,
    AreaCycleTally,
    CycleCounts,
    CycleTally,
    LearningCycle,
    OwnerCycleTally,
    QuestionCycle,
    QuestionTally,
    Review,
)
from samenspel.programmes.models import Area, Initiative, LearningQuestion, Programme

# What an area's tally adds up from the tallies of its initiatives; an initiative's
# tally also keeps the day its date-dependent counts change.
SUMMED_FIELDS = [str(field) for field in CycleCounts.COUNTS]
COUNTED_FIELDS = [*SUMMED_FIELDS, "changes_on"]


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
    area_tallies_refresh(
        area_ids=Initiative.objects.filter(pk__in=ids).values_list("area_id", flat=True)
    )


def area_tallies_refresh(*, area_ids: Iterable[int | None]) -> None:
    """Add up the tallies of these areas' initiatives again (two queries). Initiatives
    without an area have no area tally; the programme's figures add them up apart."""
    ids = sorted({pk for pk in area_ids if pk is not None})
    if not ids:
        return
    rows = {
        row["initiative__area"]: row
        for row in CycleTally.objects.filter(initiative__area_id__in=ids)
        .values("initiative__area")
        .annotate(**{f"sum_{field}": Coalesce(Sum(field), 0) for field in SUMMED_FIELDS})
        .order_by()
    }
    AreaCycleTally.objects.bulk_create(
        [
            AreaCycleTally(
                area_id=pk,
                **{field: rows.get(pk, {}).get(f"sum_{field}", 0) for field in SUMMED_FIELDS},
            )
            for pk in ids
        ],
        update_conflicts=True,
        unique_fields=["area"],
        update_fields=SUMMED_FIELDS,
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
        areas = Area.objects.all()
        if programme_id is not None:
            areas = areas.filter(programme_id=programme_id)
        area_tallies_refresh(area_ids=areas.values_list("pk", flat=True))


def cycle_tallies_freshen() -> None:
    """Before a read: count again the tallies whose date-dependent counts changed since
    they were counted (one query when none did; none when this request did it today).
    Read from the index on `changes_on` alone, so only the stale rows are read; stale
    tallies of every programme are counted again with them."""
    today = timezone.localdate()
    memo = request_memo()
    if memo is not None and memo.get("cycles.tallies.freshened_on") == today:
        return
    stale = list(CycleTally.objects.filter(changes_on__lte=today).values_list("pk", flat=True))
    if stale:
        cycle_tallies_refresh(initiative_ids=stale)
    if memo is not None:
        # Writes keep their own tallies fresh; within a request only the date could
        # make one stale again.
        memo["cycles.tallies.freshened_on"] = today


def question_cycles_refresh(*, cycle_ids: Iterable[int]) -> None:
    """Write the question links of these cycles again (models.QuestionCycle), each with
    the day its review happened: the day on the cycle, else the day it was recorded."""
    ids = sorted(set(cycle_ids))
    if not ids:
        return
    through = LearningCycle.learning_questions.through
    links = through.objects.filter(learningcycle_id__in=ids).values_list(
        "learningcycle_id", "learningquestion_id"
    )
    reviewed = _review_days(ids)
    with transaction.atomic():
        old = QuestionCycle.objects.filter(cycle_id__in=ids)
        questions = set(old.values_list("question_id", flat=True))
        old.delete()
        new = QuestionCycle.objects.bulk_create(
            [
                QuestionCycle(question_id=question, cycle_id=cycle, reviewed_on=reviewed[cycle])
                for cycle, question in links
                if cycle in reviewed
            ],
            batch_size=2_000,
        )
        question_tallies_refresh(question_ids=questions | {link.question_id for link in new})


def question_tallies_refresh(*, question_ids: Iterable[int]) -> None:
    """Count the links of these questions again (two queries)."""
    ids = sorted(set(question_ids))
    if not ids:
        return
    counts = dict(
        QuestionCycle.objects.filter(question_id__in=ids)
        .values("question_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("question_id", "n")
    )
    QuestionTally.objects.bulk_create(
        [QuestionTally(question_id=pk, cycles=counts.get(pk, 0)) for pk in ids],
        update_conflicts=True,
        unique_fields=["question"],
        update_fields=["cycles"],
        batch_size=2_000,
    )


def _review_days(cycle_ids: list[int]) -> dict[int, datetime.date]:
    return {
        pk: on or (timezone.localtime(at).date() if at else NOT_REVIEWED)
        for pk, on, at in LearningCycle.objects.filter(pk__in=cycle_ids).values_list(
            "pk", "reviewed_on", "review__recorded_at"
        )
    }


def question_cycles_rebuild(*, programme_id: int | None = None) -> None:
    """Write every question link again (of one programme, or of all): after bulk writes
    that send no signals."""
    cycles = LearningCycle.objects.all()
    if programme_id is not None:
        cycles = cycles.filter(initiative__programme_id=programme_id)
    ids = list(cycles.values_list("pk", flat=True))
    questions = LearningQuestion.objects.all()
    if programme_id is not None:
        questions = questions.filter(programme_id=programme_id)
    with transaction.atomic():
        for start in range(0, len(ids), 2_000):
            question_cycles_refresh(cycle_ids=ids[start : start + 2_000])
        question_tallies_refresh(question_ids=questions.values_list("pk", flat=True))


def owner_tallies_refresh(*, owner_ids: Iterable[int], programme_id: int) -> None:
    """Count the open cycles of these people in this programme again (two queries)."""
    ids = sorted(set(owner_ids))
    if not ids:
        return
    today = timezone.localdate()
    rows = {
        row["owner"]: row
        for row in LearningCycle.objects.filter(
            owner_id__in=ids, initiative__programme_id=programme_id, due_on__isnull=False
        )
        .values("owner")
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(due_on__lt=today)),
            upcoming=Min("due_on", filter=Q(due_on__gte=today)),
        )
        .order_by()
    }
    tallies = []
    for pk in ids:
        row = rows.get(pk, {"n": 0, "late": 0, "upcoming": None})
        upcoming = row["upcoming"]
        tallies.append(
            OwnerCycleTally(
                owner_id=pk,
                programme_id=programme_id,
                open=row["n"],
                overdue=row["late"],
                # A due date D counts as passed from the day after D.
                changes_on=upcoming + datetime.timedelta(days=1) if upcoming else None,
            )
        )
    OwnerCycleTally.objects.bulk_create(
        tallies,
        update_conflicts=True,
        unique_fields=["owner", "programme"],
        update_fields=["open", "overdue", "changes_on"],
    )


def owner_tallies_rebuild(*, programme_id: int) -> None:
    """Count the open cycles of every owner in the programme again: after bulk writes
    that send no signals."""
    owners = LearningCycle.objects.filter(initiative__programme_id=programme_id).values_list(
        "owner_id", flat=True
    )
    owner_tallies_refresh(owner_ids=set(owners), programme_id=programme_id)


def _owner_before_save(sender: type[Model], instance: LearningCycle, **kwargs: Any) -> None:
    """Remember who owned the cycle before this save (a hand-over changes two tallies)."""
    if kwargs.get("raw") or instance.pk is None:
        return
    instance._owner_before = (  # type: ignore[attr-defined]
        LearningCycle.objects.filter(pk=instance.pk).values_list("owner_id", flat=True).first()
    )


def _cycle_changed(sender: type[Model], instance: LearningCycle, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # a restore brings the tallies along
        return
    cycle_tallies_refresh(initiative_ids=[instance.initiative_id])
    programme_id = (
        Initiative.objects.filter(pk=instance.initiative_id)
        .values_list("programme_id", flat=True)
        .first()
    )
    if programme_id is not None:
        owners = {instance.owner_id, getattr(instance, "_owner_before", None)} - {None}
        owner_tallies_refresh(owner_ids=owners, programme_id=programme_id)  # type: ignore[arg-type]
    if kwargs.get("signal") is post_save:
        question_cycles_refresh(cycle_ids=[instance.pk])
    else:  # its links went with it: count the programme's questions again
        question_tallies_refresh(
            question_ids=LearningQuestion.objects.filter(
                programme__initiatives=instance.initiative_id
            ).values_list("pk", flat=True)
        )


def _review_changed(sender: type[Model], instance: Review, **kwargs: Any) -> None:
    """Only the day changes; the links stay (a review deleted with its cycle must not
    write links of a cycle that is going)."""
    if kwargs.get("raw"):
        return
    day = _review_days([instance.cycle_id]).get(instance.cycle_id)
    if day is not None:
        QuestionCycle.objects.filter(cycle_id=instance.cycle_id).update(reviewed_on=day)


def _links_changed(sender: Any, instance: Model, action: str, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    if not kwargs.get("reverse"):  # the cycle's questions changed
        question_cycles_refresh(cycle_ids=[instance.pk])
    elif action == "post_clear":  # every cycle of a question
        QuestionCycle.objects.filter(question_id=instance.pk).delete()
        question_tallies_refresh(question_ids=[instance.pk])
    else:  # cycles added to or removed from a question
        question_cycles_refresh(cycle_ids=kwargs.get("pk_set") or [])


def _initiative_saved(sender: type[Model], instance: Initiative, **kwargs: Any) -> None:
    """An initiative may have moved to another area: add up the programme's areas again
    (one grouped query over a row per initiative; initiatives change rarely)."""
    if kwargs.get("raw"):  # a restore brings the tallies along
        return
    area_tallies_refresh(
        area_ids=Area.objects.filter(programme_id=instance.programme_id).values_list(
            "pk", flat=True
        )
    )


def _initiative_deleted(sender: type[Model], instance: Initiative, **kwargs: Any) -> None:
    CycleTally.objects.filter(pk=instance.pk).delete()
    area_tallies_refresh(area_ids=[instance.area_id])


def _area_deleted(sender: type[Model], instance: Area, **kwargs: Any) -> None:
    AreaCycleTally.objects.filter(pk=instance.pk).delete()


def _programme_deleted(sender: type[Model], instance: Programme, **kwargs: Any) -> None:
    OwnerCycleTally.objects.filter(programme_id=instance.pk).delete()


def _question_deleted(sender: type[Model], instance: LearningQuestion, **kwargs: Any) -> None:
    QuestionTally.objects.filter(pk=instance.pk).delete()


def _user_deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    OwnerCycleTally.objects.filter(owner_id=instance.pk).delete()


def connect() -> None:
    pre_save.connect(
        _owner_before_save, sender=LearningCycle, dispatch_uid="samenspel.cycles.tally_owner"
    )
    post_save.connect(_cycle_changed, sender=LearningCycle, dispatch_uid="samenspel.cycles.tally")
    post_delete.connect(
        _cycle_changed, sender=LearningCycle, dispatch_uid="samenspel.cycles.tally_delete"
    )
    post_save.connect(_review_changed, sender=Review, dispatch_uid="samenspel.cycles.link_review")
    post_delete.connect(
        _review_changed, sender=Review, dispatch_uid="samenspel.cycles.link_review_delete"
    )
    m2m_changed.connect(
        _links_changed,
        sender=LearningCycle.learning_questions.through,
        dispatch_uid="samenspel.cycles.links",
    )
    post_save.connect(
        _initiative_saved, sender=Initiative, dispatch_uid="samenspel.cycles.tally_initiative_save"
    )
    post_delete.connect(
        _initiative_deleted, sender=Initiative, dispatch_uid="samenspel.cycles.tally_initiative"
    )
    post_delete.connect(_area_deleted, sender=Area, dispatch_uid="samenspel.cycles.tally_area")
    post_delete.connect(
        _programme_deleted, sender=Programme, dispatch_uid="samenspel.cycles.tally_programme"
    )
    post_delete.connect(
        _question_deleted, sender=LearningQuestion, dispatch_uid="samenspel.cycles.tally_question"
    )
    post_delete.connect(
        _user_deleted, sender=get_user_model(), dispatch_uid="samenspel.cycles.tally_user"
    )
