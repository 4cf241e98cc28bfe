"""Reads for one person: their work across the programmes they belong to."""

from dataclasses import dataclass

from django.db.models import QuerySet

from samenspel.accounts.models import Membership, User
from samenspel.cycles.models import LearningCycle
from samenspel.cycles.selectors import my_open_cycles


@dataclass
class MyWork:
    overdue: list[LearningCycle]
    open: list[LearningCycle]
    memberships: list[Membership]


def memberships_of(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user).select_related("programme").order_by("programme__name")
    )


def my_work(*, user: User, limit: int = 50) -> MyWork:
    cycles = list(my_open_cycles(user=user)[:limit])
    return MyWork(
        overdue=[c for c in cycles if c.is_overdue],
        open=[c for c in cycles if not c.is_overdue],
        memberships=list(memberships_of(user=user)),
    )
