"""A small programme built by hand for the helicopter view's tests
(tests/test_insights_helicopter.py, tests/browser/test_insights_helicopter.py): every
figure the matrix, the learning agenda and "what works" show can be worked out here.

Learning questions: 1 answered ("Meer dan we dachten."), 2 open, 3 dropped.

| cycle | initiative (area) | state | review lesson | decision | questions |
| --- | --- | --- | --- | --- | --- |
| spil 1 | De Spil (Almkerk) | closed 20 Apr 2025 | yes (LESSON_SPIL), in S1 | continue | 1, 2 |
| spil 2 | De Spil | acting | - | - | 1 |
| bus 1 | Buurtbus (Dussen) | closed 10 Aug 2025 | empty lesson answers | stop | 1 |
| bus 2 | Buurtbus | closed 1 Oct 2025 | yes (MARKUP) | change | 2 |

Markt (Almkerk) has no cycles. Sessions: S1 "Voorjaarssessie" (1 May 2025, closed,
anonymous): a contribution about spil 1 (with a writer stored against the rules, which
must never show), insight I1 about De Spil and question 1, insight I2 about question 1
only. S2 "Zomersessie" (1 Jun 2025, closed, named): a contribution about bus 1 by
"Piet Jansen", insight I3 about De Spil, Buurtbus and question 1. S3 (open): insight I4
about De Spil and question 1, which does not count.

Cells (lessons = review lessons + adjustments + insights about both):
- De Spil, question 1: spil 1 review + adjustment + I1 + I3 = 4 (newest: I3, 1 Jun 2025)
- De Spil, question 2: spil 1 review + adjustment = 2
- Buurtbus, question 1: bus 1 adjustment + I3 = 2 (newest: the adjustment, 10 Aug 2025)
- Buurtbus, question 2: bus 2 review + adjustment = 2
Across all initiatives: question 1: 2 initiatives, 3 cycles, 6 lessons (3 from cycles +
I1, I2, I3); question 2: 2 initiatives, 2 cycles, 4 lessons; question 3: nothing.
What works on question 1: spil 1; does not work: bus 1; changed course on 2: bus 2.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from samenspel.cycles.constants import CycleState, Decision
from samenspel.cycles.models import Adjustment, Review
from samenspel.learning_sessions.constants import InsightKind, SessionPhase
from samenspel.learning_sessions.models import (
    Contribution,
    Insight,
    LearningSession,
    Participant,
)
from samenspel.programmes.constants import QuestionStatus, Role
from samenspel.programmes.services import default_review_questions
from tests.factories import (
    AreaFactory,
    CycleFactory,
    InitiativeFactory,
    LearningQuestionFactory,
    MembershipFactory,
    ProgrammeFactory,
)
from tests.sessions import plan_session

LESSON_SPIL = "Begin drie weken eerder met uitnodigen"
MARKUP = "<script>alert('les')</script> <b>vet</b>"
STOP_TEXT = "De bus reed leeg rond"
CONTINUE_TEXT = "We gaan door met de avonden"
CHANGE_TEXT = "We zoeken een andere route"
ANONYMOUS_TEXT = "Niemand durfde te beginnen"
NAMED_TEXT = "De chauffeurs wilden meer ruimte"
WRITER = "Piet Jansen"
HIDDEN_WRITER = "Geheime Schrijver"
I1, I2, I3, I4 = (
    "Vertrouwen geven levert meer op",
    "Loslaten vraagt <i>oefening</i>",
    "Inwoners weten de weg beter",
    "Nog niet gesloten inzicht",
)


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2025, month, number)


def moment(month: int, number: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2025, month, number, 19, 30))


def answers(lesson: str) -> list[dict[str, str]]:
    texts = ["Het plan", "Wat er gebeurde", "Het liep anders", lesson, ""]
    return [
        {"question": question, "answer": text}
        for question, text in zip(default_review_questions(), texts, strict=True)
    ]


def cycle(initiative: Any, owner: Any, number: int, starts: datetime.date, **fields: Any) -> Any:
    return CycleFactory(
        initiative=initiative,
        owner=owner,
        number=number,
        title=f"Ronde {number}",
        starts_on=starts,
        expectation_due=starts + datetime.timedelta(days=14),
        review_due=starts + datetime.timedelta(days=60),
        adjustment_due=starts + datetime.timedelta(days=80),
        **fields,
    )


def closed(
    initiative: Any,
    owner: Any,
    number: int,
    starts: datetime.date,
    ended: datetime.date,
    decision: str,
    text: str,
    lesson: str = "",
    held_in: str = "",
) -> Any:
    found = cycle(
        initiative,
        owner,
        number,
        starts,
        state=CycleState.CLOSED,
        reviewed_on=ended - datetime.timedelta(days=10),
        closed_on=ended,
    )
    Review.objects.create(cycle=found, answers=answers(lesson), held_in=held_in)
    Adjustment.objects.create(cycle=found, decision=decision, text=text)
    return found


def session(programme: Any, facilitator: Any, title: str, when: datetime.datetime, **kw: Any):
    found = plan_session(programme, facilitator, title=title, **kw)
    LearningSession.objects.filter(pk=found.pk).update(
        starts_at=when, ends_at=when + datetime.timedelta(hours=2)
    )
    found.refresh_from_db()
    return found


def close(found: LearningSession) -> None:
    LearningSession.objects.filter(pk=found.pk).update(phase=SessionPhase.CLOSED)


def insight(found: LearningSession, text: str, initiatives: list[Any], questions: list[Any]):
    made = Insight.objects.create(session=found, text=text, kind=InsightKind.FACT)
    made.initiatives.add(*initiatives)
    made.learning_questions.add(*questions)
    return made


@dataclass
class World:
    programme: Any
    facilitator: Any
    almkerk: Any
    dussen: Any
    spil: Any
    bus: Any
    markt: Any
    q1: Any
    q2: Any
    q3: Any
    spil1: Any
    spil2: Any
    bus1: Any
    bus2: Any
    s1: Any
    s2: Any
    s3: Any
    i1: Any
    i3: Any
    anonymous_contribution: Any
    named_contribution: Any


def build_world(slug: str = "samen-in-altena") -> World:
    programme = ProgrammeFactory(name="Samen in Altena", slug=slug)
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    almkerk = AreaFactory(programme=programme, name="Almkerk")
    dussen = AreaFactory(programme=programme, name="Dussen")
    spil = InitiativeFactory(programme=programme, area=almkerk, title="Dorpshuis De Spil")
    bus = InitiativeFactory(programme=programme, area=dussen, title="Buurtbus Dussen")
    markt = InitiativeFactory(programme=programme, area=almkerk, title="Markt Almkerk")
    q1 = LearningQuestionFactory(
        programme=programme,
        number=1,
        text="Hoeveel kunnen we loslaten?",
        status=QuestionStatus.ANSWERED,
        answer="Meer dan we dachten.",
    )
    q2 = LearningQuestionFactory(programme=programme, number=2, text="Wie neemt het voortouw?")
    q3 = LearningQuestionFactory(
        programme=programme, number=3, text="Wat kost het?", status=QuestionStatus.DROPPED
    )
    s1 = session(programme, facilitator, "Voorjaarssessie", moment(5, 1), anonymous=True)
    s2 = session(programme, facilitator, "Zomersessie", moment(6, 1), anonymous=False)
    s3 = session(programme, facilitator, "Herfstsessie", moment(11, 1))
    spil1 = closed(
        spil, facilitator, 1, day(2, 3), day(4, 20), Decision.CONTINUE, CONTINUE_TEXT,
        lesson=LESSON_SPIL, held_in=s1.title,
    )  # fmt: skip
    s1.agenda_cycles.add(spil1)
    spil2 = cycle(spil, facilitator, 2, day(9, 1), state=CycleState.ACTING)
    bus1 = closed(bus, facilitator, 1, day(6, 2), day(8, 10), Decision.STOP, STOP_TEXT)
    bus2 = closed(
        bus, facilitator, 2, day(8, 15), day(10, 1), Decision.CHANGE, CHANGE_TEXT, lesson=MARKUP
    )
    spil1.learning_questions.add(q1, q2)
    spil2.learning_questions.add(q1)
    bus1.learning_questions.add(q1)
    bus2.learning_questions.add(q2)
    # Stored against the rules (an anonymous contribution has no writer): must not show.
    hidden = Participant.objects.create(session=s1, display_name=HIDDEN_WRITER)
    anonymous_contribution = Contribution.objects.create(
        session=s1, question=3, cycle=spil1, text=ANONYMOUS_TEXT, author=hidden
    )
    piet = Participant.objects.create(session=s2, display_name=WRITER)
    named_contribution = Contribution.objects.create(
        session=s2, question=1, cycle=bus1, text=NAMED_TEXT, author=piet
    )
    i1 = insight(s1, I1, [spil], [q1])
    insight(s1, I2, [], [q1])
    i3 = insight(s2, I3, [spil, bus], [q1])
    insight(s3, I4, [spil], [q1])
    close(s1)
    close(s2)
    return World(
        programme=programme,
        facilitator=facilitator,
        almkerk=almkerk,
        dussen=dussen,
        spil=spil,
        bus=bus,
        markt=markt,
        q1=q1,
        q2=q2,
        q3=q3,
        spil1=spil1,
        spil2=spil2,
        bus1=bus1,
        bus2=bus2,
        s1=s1,
        s2=s2,
        s3=s3,
        i1=i1,
        i3=i3,
        anonymous_contribution=anonymous_contribution,
        named_contribution=named_contribution,
    )


def grow(world: World, initiatives: int) -> None:
    """More of everything: initiatives with closed cycles on both questions, insights and
    contributions, to show the pages' query counts do not grow."""
    s2 = world.s2
    for index in range(initiatives):
        more = InitiativeFactory(
            programme=world.programme, area=world.dussen, title=f"Extra {index:03d}"
        )
        found = closed(
            more, world.facilitator, 1, day(3, 1), day(5, 1), Decision.CONTINUE, "Verder",
            lesson=f"Les {index}",
        )  # fmt: skip
        found.learning_questions.add(world.q1, world.q2)
        Contribution.objects.create(session=s2, question=0, cycle=found, text=f"Inbreng {index}")
        insight(s2, f"Inzicht {index}", [more], [world.q1])
