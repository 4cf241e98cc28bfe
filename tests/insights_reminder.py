"""Set-up for the reminder tests: a hand-built situation in which each person has a known
list of things due, and e-mail back-ends that fail or take their time."""

import datetime
import smtplib
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from samenspel.accounts.models import User
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import LearningCycle
from samenspel.journal.constants import Consent
from samenspel.journal.models import Voice
from samenspel.learning_sessions import services
from samenspel.learning_sessions.constants import ActionStatus, SessionKind
from samenspel.learning_sessions.models import Action, LearningSession, Participant
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Membership, Programme
from tests.factories import CycleFactory, InitiativeFactory, MembershipFactory, ProgrammeFactory
from tests.journal import make_journal
from tests.sessions import plan_session


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """`day` at that time in Europe/Amsterdam."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def cycle(owner: User, programme: Programme, state: str, due: datetime.date, **kw: Any):
    """A cycle in `state` whose current phase is due on `due` (an ended one: its
    adjustment was due then)."""
    field = {
        CycleState.DRAFT: "expectation_due",
        CycleState.ACTING: "review_due",
    }.get(CycleState(state), "adjustment_due")
    dates = {
        "starts_on": due - datetime.timedelta(days=60),
        "expectation_due": due - datetime.timedelta(days=40),
        "review_due": due - datetime.timedelta(days=20),
        "adjustment_due": due,
    }
    dates[field] = due
    # Keep the dates in order for the phase that is due (the others lie before it).
    if field == "expectation_due":
        dates["review_due"] = due + datetime.timedelta(days=20)
        dates["adjustment_due"] = due + datetime.timedelta(days=40)
    elif field == "review_due":
        dates["adjustment_due"] = due + datetime.timedelta(days=14)
    initiative = kw.pop("initiative", None) or InitiativeFactory(programme=programme)
    made = CycleFactory(initiative=initiative, owner=owner, state=state, **dates, **kw)
    return LearningCycle.objects.get(pk=made.pk)  # with the database's due_on


@dataclass
class Situation:
    today: datetime.date
    programme: Programme
    left: Programme
    anna: User  # civil servant with one of everything
    fenna: User  # facilitator of tomorrow's session
    bert: User  # turned reminders off
    cees: User  # account no longer active
    review: LearningCycle  # Anna's, review 2 days overdue
    action: Action  # Anna's, due tomorrow
    voice: Voice  # Anna's words, waiting for her consent
    session: LearningSession  # tomorrow, Anna takes part, Fenna facilitates
    gone: LearningCycle  # Anna's, overdue, in the programme she left


def build_situation(today: datetime.date | None = None) -> Situation:
    today = today or timezone.localdate()
    programme = ProgrammeFactory(name="Het nieuwe samenspel", slug="samenspel")
    fenna = MembershipFactory(
        programme=programme, role=Role.FACILITATOR, user__name="Fenna Faber"
    ).user
    anna = MembershipFactory(
        programme=programme, role=Role.CIVIL_SERVANT, user__name="Anna de Vries"
    ).user
    bert = MembershipFactory(programme=programme, user__name="Bert Bos", user__reminders=False).user
    cees = MembershipFactory(
        programme=programme, user__name="Cees Claes", user__is_active=False
    ).user
    initiative = InitiativeFactory(programme=programme, title="Dorpshuis De Spil")
    review = cycle(
        anna,
        programme,
        CycleState.ACTING,
        today - datetime.timedelta(days=2),
        initiative=initiative,
        number=2,
        title="Eerste ronde",
    )
    # Not yet: due in ten days. Ended: never.
    cycle(anna, programme, CycleState.DRAFT, today + datetime.timedelta(days=10))
    cycle(anna, programme, CycleState.CLOSED, today - datetime.timedelta(days=5))
    cycle(bert, programme, CycleState.ACTING, today - datetime.timedelta(days=1))
    cycle(cees, programme, CycleState.ACTING, today - datetime.timedelta(days=1))

    earlier = plan_session(programme, fenna, [anna], title="Leersessie april")
    action = Action.objects.create(
        session=earlier,
        text="Bel de voorzitter van het dorpshuis over de sleutel.",
        owner=anna,
        due_on=today + datetime.timedelta(days=1),
    )
    Action.objects.create(
        session=earlier,
        text="Al gedaan.",
        owner=anna,
        due_on=today - datetime.timedelta(days=3),
        status=ActionStatus.DONE,
    )
    tomorrow = today + datetime.timedelta(days=1)
    session = services.session_plan(
        programme=programme,
        kind=SessionKind.TEAM,
        title="Leersessie mei",
        starts_at=at(tomorrow, 19, 30),
        ends_at=at(tomorrow, 21, 30),
        place="Dorpshuis De Spil",
        facilitator=fenna,
        by=fenna,
        participants=[anna],
    )
    journal = make_journal(programme, fenna)
    voice = Voice.objects.create(
        journal=journal,
        text="Eigen woorden van Anna.",
        author=anna,
        role_label="Ambtenaar",
        consent=Consent.ASKED,
        added_by=fenna,
    )
    Voice.objects.create(
        journal=journal,
        text="Al beantwoord.",
        author=anna,
        role_label="Ambtenaar",
        consent=Consent.GIVEN,
        added_by=fenna,
    )

    left = ProgrammeFactory(name="Oud leertraject", slug="oud")
    MembershipFactory(programme=left, user=anna)
    gone = cycle(anna, left, CycleState.ACTING, today - datetime.timedelta(days=4))
    gone_session = plan_session(left, MembershipFactory(programme=left).user, [anna])
    Action.objects.create(
        session=gone_session, text="Oud.", owner=anna, due_on=today - datetime.timedelta(days=1)
    )
    Membership.objects.filter(programme=left, user=anna).delete()
    return Situation(
        today, programme, left, anna, fenna, bert, cees, review, action, voice, session, gone
    )


def participants(session: LearningSession) -> list[int | None]:
    return list(Participant.objects.filter(session=session).values_list("user_id", flat=True))


def outbox_to(email: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [email]]


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class SlowBackend(LocmemBackend):
    """The in-memory back-end, taking its time: two runs overlap for sure."""

    lock = threading.Lock()

    def send_messages(self, messages: Any) -> int:
        time.sleep(0.05)
        with self.lock:
            return super().send_messages(messages)
