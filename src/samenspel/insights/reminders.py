"""What is due, per person: the reads behind the daily reminder e-mail
(reminder_services.reminders_send, `samenspel send_reminders`).

For every person at once, in six queries whatever the number of people or items:

- cycles they own whose current phase (cycles.constants.OPEN_PHASES: expectation,
  review, adjustment) is due within DUE_WITHIN_DAYS days, or overdue;
- open actions of learning sessions they own, due within as many days, or overdue;
- quotes for the travel report that wait for their consent (journal voices asked of
  them);
- learning sessions they facilitate or take part in tomorrow, as a heads-up.

Only people whose account is active and who left reminders on, and only items of
programmes they are still a member of. Each item has a stable key of ids only
("cycle:12:review_due", "action:45", "voice:7", "session:3"): the ledger of what went
out (reminder_models.ReminderItem) stores keys, never texts.

Items have no texts of anonymous input: a cycle's title, an action's text (captured by
the facilitator, with its owner), a session's title. Quotes are counted, never quoted.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

from samenspel.accounts.models import User
from samenspel.cycles.constants import OPEN_PHASES
from samenspel.cycles.models import LearningCycle
from samenspel.journal.constants import Consent
from samenspel.journal.models import Voice
from samenspel.learning_sessions.constants import ActionStatus, SessionPhase
from samenspel.learning_sessions.models import Action, LearningSession, Participant
from samenspel.programmes.models import Membership, Programme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# An item is reminded from this many days before its due date on (and every day after).
DUE_WITHIN_DAYS = 3
# An action's text in the mail: its start, so that the owner recognises it.
ACTION_TEXT_LENGTH = 120


class Section(IntEnum):
    """The parts of a programme's list in the mail, in this order."""

    OVERDUE = 1
    DUE_SOON = 2
    CONSENT = 3
    TOMORROW = 4


SECTION_LABELS = {
    Section.OVERDUE: gettext_lazy("Overdue"),
    Section.DUE_SOON: gettext_lazy("Due soon"),
    Section.CONSENT: gettext_lazy("Waiting for your answer"),
    Section.TOMORROW: gettext_lazy("Tomorrow"),
}


# What ends the phase whose due date is in this field (cycles.constants.OPEN_PHASES).
WHAT_ENDS = {
    "expectation_due": gettext_lazy("Write down the expectation and start"),
    "review_due": gettext_lazy("Hold the review"),
    "adjustment_due": gettext_lazy("Decide on the adjustment"),
}
CYCLE_TITLE = gettext_lazy("%(initiative)s · cycle %(number)s: %(title)s")


def _formatted(message: "StrOrPromise", values: dict[str, Any]) -> str:
    return str(message) % values


# The words of an item are translated when they are read, not when the item is made: the
# mail reads them in Dutch, whatever language the run was started in.
_lazy_formatted = lazy(_formatted, str)


@dataclass(frozen=True)
class Item:
    """One thing in a person's digest. `keys`: the ledger's keys (several for the quotes
    of one programme, which the mail counts in one line)."""

    keys: tuple[str, ...]
    section: Section
    what: "StrOrPromise"  # what to do ("Hold the review"), or what it is ("Learning session")
    title: "StrOrPromise"  # what it is about
    path: str  # the page to go to; the mail makes it absolute
    due_on: datetime.date | None = None
    days_overdue: int = 0
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    place: str = ""
    count: int = 1

    @property
    def order(self) -> tuple[int, int, datetime.date, str]:
        # Overdue: the longest overdue first. Then by date, then by title.
        due = self.due_on or datetime.date.min
        return (self.section, -self.days_overdue, due, str(self.title))


@dataclass
class ProgrammeItems:
    programme: Programme
    items: list[Item] = field(default_factory=list)


@dataclass
class Due:
    """A person's digest: their items, grouped by programme (programmes by name)."""

    user: User
    programmes: list[ProgrammeItems]

    @property
    def items(self) -> list[Item]:
        return [item for group in self.programmes for item in group.items]

    @property
    def keys(self) -> list[str]:
        return [key for item in self.items for key in item.keys]

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.section == Section.OVERDUE)


def _on(person: str) -> Q:
    """The person in the relation `person` gets reminders: active, and left them on."""
    return Q(**{f"{person}__is_active": True, f"{person}__reminders": True})


def _still_member(user_field: str, programme_field: str) -> Exists:
    return Exists(
        Membership.objects.filter(
            user_id=OuterRef(user_field), programme_id=OuterRef(programme_field)
        )
    )


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The start of `day` and of the day after, in Europe/Amsterdam."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    after = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
    return start, after


def reminders_due(*, today: datetime.date, within: int = DUE_WITHIN_DAYS) -> list[Due]:
    """Every person's digest for `today`, the people by name. People with nothing due
    are left out. Six queries, whatever the numbers."""
    horizon = today + datetime.timedelta(days=within)
    # 1. The people and their programmes (a person's programmes, by name).
    memberships = list(
        Membership.objects.filter(user__is_active=True, user__reminders=True)
        .select_related("user", "programme")
        .order_by("user__sort_name", "user__email", "programme__name", "programme_id")
    )
    users: dict[int, User] = {}
    programmes: dict[int, Programme] = {}
    programmes_of: dict[int, list[int]] = defaultdict(list)
    for membership in memberships:
        users.setdefault(membership.user_id, membership.user)
        programmes.setdefault(membership.programme_id, membership.programme)
        programmes_of[membership.user_id].append(membership.programme_id)
    found: dict[tuple[int, int], list[Item]] = defaultdict(list)

    # 2. Cycles: the due date of the phase each is in (LearningCycle.due_on).
    cycles = (
        LearningCycle.objects.filter(due_on__isnull=False, due_on__lte=horizon)
        .filter(_on("owner"))
        .filter(_still_member("owner_id", "initiative__programme_id"))
        .select_related("initiative")
        .order_by("due_on", "pk")
    )
    due_field_of = {str(phase.state): phase.due_field for phase in OPEN_PHASES}
    for cycle in cycles:
        assert cycle.due_on is not None
        due_field = due_field_of[cycle.state]
        programme = programmes[cycle.initiative.programme_id]
        found[(cycle.owner_id, programme.pk)].append(
            _dated(
                keys=(f"cycle:{cycle.pk}:{due_field}",),
                what=WHAT_ENDS[due_field],
                title=_lazy_formatted(
                    CYCLE_TITLE,
                    {
                        "initiative": cycle.initiative.title,
                        "number": cycle.number,
                        "title": cycle.title,
                    },
                ),
                path=reverse("cycle-detail", kwargs={"slug": programme.slug, "cycle_id": cycle.pk}),
                due_on=cycle.due_on,
                today=today,
            )
        )

    # 3. Open actions.
    actions = (
        Action.objects.filter(status=ActionStatus.OPEN, due_on__lte=horizon)
        .filter(_on("owner"))
        .filter(_still_member("owner_id", "session__programme_id"))
        .select_related("session")
        .order_by("due_on", "pk")
    )
    for action in actions:
        programme = programmes[action.session.programme_id]
        found[(action.owner_id, programme.pk)].append(
            _dated(
                keys=(f"action:{action.pk}",),
                what=gettext_lazy("Action"),
                title=Truncator(" ".join(action.text.split())).chars(ACTION_TEXT_LENGTH),
                path=reverse(
                    "session-detail",
                    kwargs={"slug": programme.slug, "session_id": action.session_id},
                ),
                due_on=action.due_on,
                today=today,
            )
        )

    # 4. Quotes waiting for consent: counted per programme, never quoted.
    voices = (
        Voice.objects.filter(consent=Consent.ASKED)
        .filter(_on("author"))
        .filter(_still_member("author_id", "journal__programme_id"))
        .order_by("journal__programme_id", "pk")
        .values_list("pk", "author_id", "journal__programme_id")
    )
    waiting: dict[tuple[int, int], list[int]] = defaultdict(list)
    for voice_id, author_id, programme_id in voices:
        waiting[(author_id, programme_id)].append(voice_id)
    for (author_id, programme_id), voice_ids in waiting.items():
        programme = programmes[programme_id]
        found[(author_id, programme_id)].append(
            Item(
                keys=tuple(f"voice:{pk}" for pk in voice_ids),
                section=Section.CONSENT,
                what=gettext_lazy("Travel report"),
                title="",
                path=reverse("journal-consent", kwargs={"slug": programme.slug}),
                count=len(voice_ids),
            )
        )

    # 5 and 6. Sessions tomorrow: those they take part in, and those they facilitate.
    start, after = _day_bounds(today + datetime.timedelta(days=1))
    tomorrow = Q(starts_at__gte=start, starts_at__lt=after) & ~Q(phase=SessionPhase.CLOSED)
    sessions: dict[tuple[int, int], LearningSession] = {}
    taking_part = (
        Participant.objects.filter(
            _on("user"),
            session__in=LearningSession.objects.filter(tomorrow),
        )
        .filter(_still_member("user_id", "session__programme_id"))
        .select_related("session")
    )
    for participant in taking_part:
        assert participant.user_id is not None
        sessions[(participant.user_id, participant.session_id)] = participant.session
    facilitating = (
        LearningSession.objects.filter(tomorrow)
        .filter(_on("facilitator"))
        .filter(_still_member("facilitator_id", "programme_id"))
    )
    for session in facilitating:
        sessions[(session.facilitator_id, session.pk)] = session
    for (user_id, session_id), session in sessions.items():
        programme = programmes[session.programme_id]
        found[(user_id, programme.pk)].append(
            Item(
                keys=(f"session:{session_id}",),
                section=Section.TOMORROW,
                what=gettext_lazy("Learning session"),
                title=session.title,
                path=reverse(
                    "session-detail", kwargs={"slug": programme.slug, "session_id": session_id}
                ),
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                place=session.place,
            )
        )

    digests: list[Due] = []
    for user_id, user in users.items():
        groups = [
            ProgrammeItems(programmes[pk], sorted(found[(user_id, pk)], key=_order))
            for pk in programmes_of[user_id]
            if found.get((user_id, pk))
        ]
        if groups:
            digests.append(Due(user=user, programmes=groups))
    return digests


def _order(item: Item) -> tuple[int, int, datetime.date, str]:
    return item.order


def _dated(
    *,
    keys: tuple[str, ...],
    what: "StrOrPromise",
    title: "StrOrPromise",
    path: str,
    due_on: datetime.date,
    today: datetime.date,
) -> Item:
    overdue = (today - due_on).days
    return Item(
        keys=keys,
        section=Section.OVERDUE if overdue > 0 else Section.DUE_SOON,
        what=what,
        title=title,
        path=path,
        due_on=due_on,
        days_overdue=max(overdue, 0),
    )
