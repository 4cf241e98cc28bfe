"""A small programme built by hand for the travel report's book tests
(tests/test_journal_book.py, tests/test_journal_pdf.py): every figure the generated
chapters show can be worked out from this page.

The programme ran in 2025 (so "today" never changes a figure) and asks residents to
co-invest half of the municipal contribution.

| initiative | area | municipal | residents | other | keeps the rule |
| --- | --- | ---: | ---: | ---: | --- |
| Dorpshuis De Spil | Almkerk | 1,000 | 500 | 250 | yes (500 ≥ 500) |
| Buurtbus Dussen | Dussen | 2,000 | 400 | 0 | no (400 < 1,000) |

| cycle | initiative | starts | state | ended | decision | learning question 1 |
| --- | --- | --- | --- | --- | --- | --- |
| 1 | De Spil | 3 Feb 2025 (Q1) | closed | 20 Apr 2025 (Q2) | continue | linked |
| 1 | Buurtbus | 2 Jun 2025 (Q2) | closed | 10 Aug 2025 (Q3) | stop | linked |
| 2 | Buurtbus | 1 Sep 2025 (Q3) | acting | - (adjustment due 20 Nov 2025) | - | - |

Learning yield at the end of each quarter: Q1 nothing due; Q2 1/1 = 100%; Q3 2/2 =
100%; Q4 2/3 = 67%.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from samenspel.cycles.constants import CycleState, Decision
from samenspel.cycles.models import Adjustment, LearningCycle, Review
from samenspel.journal.constants import ChapterKind, Consent, VoiceKind
from samenspel.journal.models import Chapter, Journal, Voice
from samenspel.learning_sessions.constants import InsightKind
from samenspel.learning_sessions.models import Insight
from samenspel.programmes.constants import InitiativeStatus, QuestionStatus, Role
from samenspel.programmes.services import default_review_questions
from tests.factories import (
    AreaFactory,
    CycleFactory,
    ExpectationFactory,
    InitiativeFactory,
    LearningQuestionFactory,
    MembershipFactory,
    ProgrammeFactory,
)
from tests.journal import make_journal
from tests.sessions import plan_session

LESSON = "Begin drie weken eerder met uitnodigen"
HAPPENED = "Er kwamen twaalf bewoners, de helft van wat we hoopten"
INSIGHT = "Vertrouwen geven levert meer op dan controleren"
CONSENTED = "Het voelde alsof we samen iets bouwden"
UNCONSENTED = "Dit mag niemand ooit lezen"
PAYLOAD = (
    "Een hoofdstuk met een aanval.\n\n<script>alert(1)</script>\n\n"
    "<img src=x onerror=alert(1)>\n\n[Klik hier](javascript:alert(1))"
)


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2025, month, number)


def answers(happened: str, lesson: str) -> list[dict[str, str]]:
    texts = ["Het plan", happened, "Het liep anders", lesson, "Delen met de raad"]
    return [
        {"question": question, "answer": text}
        for question, text in zip(default_review_questions(), texts, strict=True)
    ]


def cycle(initiative: Any, owner: Any, number: int, starts: datetime.date, **fields: Any):
    return CycleFactory(
        initiative=initiative,
        owner=owner,
        number=number,
        starts_on=starts,
        expectation_due=starts + datetime.timedelta(days=14),
        review_due=starts + datetime.timedelta(days=60),
        adjustment_due=starts + datetime.timedelta(days=80),
        **fields,
    )


def closed_cycle(
    initiative: Any,
    owner: Any,
    number: int,
    starts: datetime.date,
    ended: datetime.date,
    decision: str,
    *,
    happened: str = "Het ging zoals verwacht",
    lesson: str = "",
) -> LearningCycle:
    found = cycle(initiative, owner, number, starts, state=CycleState.CLOSED, closed_on=ended)
    ExpectationFactory(
        cycle=found, intention="Een bewonersavond houden", expected_outcome="Dertig bewoners komen"
    )
    Review.objects.create(cycle=found, answers=answers(happened, lesson))
    Adjustment.objects.create(cycle=found, decision=decision, text="Zo gaan we verder")
    return found


@dataclass
class World:
    programme: Any
    facilitator: Any
    journal: Journal
    spil: Any
    bus: Any
    spil_cycle: LearningCycle
    bus_cycle: LearningCycle
    question: Any
    consented: Voice
    unconsented: Voice

    def chapter(self, kind: str) -> Chapter:
        return Chapter.objects.get(journal=self.journal, kind=kind)


def build_world(*, extra_initiatives: int = 0, slug: str = "samen-in-altena") -> World:
    programme = ProgrammeFactory(
        name="Samen in Altena",
        slug=slug,
        starts_on=day(1, 1),
        ends_on=day(12, 31),
        co_investment_percentage=Decimal(50),
    )
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    almkerk = AreaFactory(programme=programme, name="Almkerk")
    dussen = AreaFactory(programme=programme, name="Dussen")
    spil = InitiativeFactory(
        programme=programme,
        area=almkerk,
        title="Dorpshuis De Spil",
        summary="Het dorpshuis in handen van het dorp.",
        status=InitiativeStatus.RUNNING,
        municipal_contribution=Decimal(1000),
        resident_contribution=Decimal(500),
        other_contribution=Decimal(250),
    )
    bus = InitiativeFactory(
        programme=programme,
        area=dussen,
        title="Buurtbus Dussen",
        status=InitiativeStatus.STOPPED,
        municipal_contribution=Decimal(2000),
        resident_contribution=Decimal(400),
        other_contribution=Decimal(0),
    )
    spil_cycle = closed_cycle(
        spil,
        facilitator,
        1,
        day(2, 3),
        day(4, 20),
        Decision.CONTINUE,
        happened=HAPPENED,
        lesson=LESSON,
    )
    bus_cycle = closed_cycle(bus, facilitator, 1, day(6, 2), day(8, 10), Decision.STOP)
    cycle(bus, facilitator, 2, day(9, 1), state=CycleState.ACTING)
    question = LearningQuestionFactory(
        programme=programme,
        number=1,
        text="Hoeveel kunnen we loslaten?",
        status=QuestionStatus.ANSWERED,
        answer="Meer dan we dachten.",
    )
    spil_cycle.learning_questions.add(question)
    bus_cycle.learning_questions.add(question)
    for index in range(extra_initiatives):
        more = InitiativeFactory(programme=programme, area=dussen, title=f"Extra {index}")
        closed_cycle(more, facilitator, 1, day(3, 1), day(5, 1), Decision.CHANGE, lesson="Les")
    session = plan_session(programme, facilitator, title="Leersessie voorjaar")
    insight = Insight.objects.create(session=session, text=INSIGHT, kind=InsightKind.FACT)
    insight.initiatives.add(spil)
    insight.learning_questions.add(question)
    journal = make_journal(programme, facilitator)
    voices = Chapter.objects.get(journal=journal, kind=ChapterKind.VOICES)
    consented = Voice.objects.create(
        journal=journal,
        chapter=voices,
        kind=VoiceKind.QUOTE,
        nature=InsightKind.REFLECTION,
        text=CONSENTED,
        commentary="Hier zie je eigenaarschap groeien.",
        role_label="Inwoner van Almkerk",
        consent=Consent.GIVEN,
    )
    unconsented = Voice.objects.create(
        journal=journal,
        chapter=voices,
        text=UNCONSENTED,
        role_label="Ambtenaar",
        consent=Consent.ASKED,
    )
    return World(
        programme=programme,
        facilitator=facilitator,
        journal=journal,
        spil=spil,
        bus=bus,
        spil_cycle=spil_cycle,
        bus_cycle=bus_cycle,
        question=question,
        consented=consented,
        unconsented=unconsented,
    )
