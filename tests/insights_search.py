"""A small world for the search tests: two programmes with texts of every kind the
index holds, a coaching that must never be found, and a closed anonymous session whose
writer must never show. Built with the factories and the session services, then indexed
(insights.search_services.search_index_build)."""

from dataclasses import dataclass
from typing import Any

from samenspel.accounts.models import User
from samenspel.cycles.models import Observation, Review
from samenspel.insights.search_services import search_index_build
from samenspel.journal.constants import ChapterKind
from samenspel.journal.models import Chapter, Journal
from samenspel.learning_sessions import services as session_services
from samenspel.learning_sessions.constants import SessionPhase
from samenspel.learning_sessions.models import Participant
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Programme
from tests.factories import (
    ConversationFactory,
    CycleFactory,
    ExpectationFactory,
    InitiativeFactory,
    LearningQuestionFactory,
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.sessions import advance_to, plan_session

# The writer of the anonymous contribution: this name must appear nowhere.
WRITER_NAME = "Waldemar Zonderland"


@dataclass
class World:
    programme: Programme
    other: Programme
    facilitator: User
    civil_servant: User
    outsider: User  # a member of the other programme only
    writer: User


def member_of(programme: Programme, role: Role, **user: Any) -> User:
    return MembershipFactory(programme=programme, role=role, user=UserFactory(**user)).user


def closed_anonymous_session(programme: Programme, facilitator: User, writer: User, text: str):
    session = plan_session(programme, facilitator, [writer], title="Leersessie najaar")
    advance_to(session, SessionPhase.INPUT)
    participant = Participant.objects.get(session=session, user=writer)
    session_services.contribution_add(
        session=session, participant=participant, question=0, text=text
    )
    return advance_to(session, SessionPhase.CLOSED)


def build_world(programme: Programme) -> World:
    facilitator = member_of(programme, Role.FACILITATOR)
    civil_servant = member_of(programme, Role.CIVIL_SERVANT)
    writer = member_of(programme, Role.CIVIL_SERVANT, name=WRITER_NAME)
    other = ProgrammeFactory(name="Ander leertraject", slug="ander")
    outsider = member_of(other, Role.CIVIL_SERVANT)

    initiative = InitiativeFactory(
        programme=programme,
        title="Dorpshuis De Spil",
        summary="Bewoners beheren het dorpshuis in Ĳsselmonde zelf.",
    )
    cycle = CycleFactory(initiative=initiative, owner=civil_servant, title="Sleutelbeheer")
    ExpectationFactory(
        cycle=cycle,
        intention="We doen een experiment met een sleutelkastje.",
        expected_outcome="Vrijwilligers openen het dorpshuis zelf.",
    )
    Observation.objects.create(
        cycle=cycle, occurred_on=cycle.starts_on, text="De eerste avond liep goed."
    )
    Review.objects.create(
        cycle=cycle, answers=[{"question": "Wat leren we ervan?", "answer": "Vertrouwen werkt."}]
    )
    LearningQuestionFactory(programme=programme, number=1, text="Hoe houden we experimenten klein?")
    journal = Journal.objects.create(programme=programme, title="Reisverslag")
    Chapter.objects.create(
        journal=journal,
        kind=ChapterKind.WRITTEN,
        title="Inleiding",
        body="We begonnen in **IJsselmonde** met een wandelroute.",
    )
    # Never found: private coaching, and everything of the other programme.
    ConversationFactory(
        coaching__programme=programme,
        what_happened="Een geheimzinnige zeppelinvaart besproken.",
    )
    InitiativeFactory(programme=other, title="Zeppelinhaven", summary="Een zeppelin landt.")
    closed_anonymous_session(
        programme, facilitator, writer, "Het kaasplankje bij de koffie hielp enorm."
    )
    search_index_build(programme=programme)
    search_index_build(programme=other)
    return World(
        programme=programme,
        other=other,
        facilitator=facilitator,
        civil_servant=civil_servant,
        outsider=outsider,
        writer=writer,
    )
