"""Reads for one person: their work across the programmes they belong to."""

from dataclasses import dataclass

from django.db.models import QuerySet

from samenspel.accounts.models import Membership, User
from samenspel.cycles.models import LearningCycle
from samenspel.cycles.selectors import my_open_cycles, overdue_q


@dataclass
class MyWork:
    cycles: QuerySet[LearningCycle]
    overdue_count: int


def memberships_of(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user).select_related("programme").order_by("programme__name")
    )


def my_work(*, user: User) -> MyWork:
    """The user's open cycles (to paginate, the most urgent first) and how many of them
    are overdue."""
    cycles = my_open_cycles(user=user)
    return MyWork(cycles=cycles, overdue_count=cycles.filter(overdue_q()).count())
