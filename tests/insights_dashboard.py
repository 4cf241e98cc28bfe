"""A small programme for the dashboards' tests, with every figure worked out by hand.

Today is fixed at Wednesday 20 May 2026 (`fixed_today`): the programme started on
1 October 2025, so the learning yield has three quarters: Q4 2025, Q1 2026, Q2 2026.

Cycles (state, dates that matter):

| cycle | initiative | state | dates |
|---|---|---|---|
| c1 | Dorpshuis De Spil (Werkendam) | closed | adjustment due 1-11-2025, closed 10-11-2025 |
| c2 | Dorpshuis | abandoned | abandoned 1-2-2026, adjustment due 30-6-2026 |
| c3 | Dorpshuis | acting | review due 15-5-2026 (5 days overdue), adjustment due 15-6-2026 |
| c7 | Dorpshuis | acting | review due 1-5-2026 (19 days overdue), adjustment due 10-5-2026 |
| c4 | =Moestuin (Almkerk) | reviewed | adjustment due 17-5-2026 (3 days overdue) |
| c5 | =Moestuin | draft | expectation due 25-5-2026 (not overdue) |
| c6 | =Moestuin | closed | adjustment due 1-3-2026, closed 20-2-2026 |

Learning yield per quarter (completed ÷ should have been completed by the quarter's end;
for the current quarter by today): Q4 2025 1/1 = 100%, Q1 2026 2/3 = 67% (c1, c6 of
c1, c2, c6), Q2 2026 2/5 = 40% (c4 and c7 are past their adjustment's due date).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from samenspel.cycles.constants import CycleState
from samenspel.learning_sessions.constants import (
    ActionStatus,
    InsightKind,
    SessionKind,
    SessionPhase,
)
from samenspel.learning_sessions.models import Action, Insight, LearningSession
from samenspel.programmes.constants import InitiativeStatus, QuestionStatus, Role
from tests.factories import (
    AreaFactory,
    CycleFactory,
    InitiativeFactory,
    LearningQuestionFactory,
    MembershipFactory,
    ProgrammeFactory,
)

TODAY = datetime.date(2026, 5, 20)


def fixed_today(monkeypatch: Any) -> None:
    """Every `timezone.localdate()` answers TODAY (the code reads it as an attribute of
    django.utils.timezone)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def at(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


@dataclass
class World:
    programme: Any
    facilitator: Any
    civil_servant: Any
    initiatives: dict[str, Any]
    cycles: dict[str, Any]
    sessions: dict[str, Any]
    questions: dict[str, Any]


def cycle(initiative: Any, owner: Any, state: str, **dates: str) -> Any:
    values = {name: d(value) for name, value in dates.items()}
    return CycleFactory(initiative=initiative, owner=owner, state=state, **values)


def session(programme: Any, facilitator: Any, title: str, starts: str, phase: str) -> Any:
    start = at(starts)
    return LearningSession.objects.create(
        programme=programme,
        kind=SessionKind.TEAM,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        facilitator=facilitator,
        phase=phase,
        closed_at=start + datetime.timedelta(hours=2) if phase == SessionPhase.CLOSED else None,
    )


def build_world(*, name: str = "Het nieuwe samenspel", slug: str = "samenspel") -> World:
    programme = ProgrammeFactory(name=name, slug=slug, starts_on=d("2025-10-01"))
    facilitator = MembershipFactory(
        programme=programme, role=Role.FACILITATOR, user__name="Fenna Facilitator"
    ).user
    servant = MembershipFactory(
        programme=programme, role=Role.CIVIL_SERVANT, user__name="Ahmed Ambtenaar"
    ).user
    werkendam = AreaFactory(programme=programme, name="Werkendam")
    almkerk = AreaFactory(programme=programme, name="Almkerk")
    spil = InitiativeFactory(
        programme=programme,
        area=werkendam,
        title="Dorpshuis De Spil",
        status=InitiativeStatus.RUNNING,
        municipal_contribution=Decimal("1000.00"),
        resident_contribution=Decimal("500.00"),
        other_contribution=Decimal("0.00"),
    )
    tuin = InitiativeFactory(
        programme=programme,
        area=almkerk,
        title="=Moestuin",
        status=InitiativeStatus.CONTINUED,
        municipal_contribution=Decimal("2000.50"),
        resident_contribution=Decimal("250.00"),
        other_contribution=Decimal("100.00"),
    )
    plan = {"expectation_due": "2025-10-05", "review_due": "2025-10-20"}
    cycles = {
        "c1": cycle(
            spil,
            servant,
            CycleState.CLOSED,
            starts_on="2025-10-01",
            **plan,
            adjustment_due="2025-11-01",
            closed_on="2025-11-10",
        ),
        "c2": cycle(
            spil,
            servant,
            CycleState.ABANDONED,
            starts_on="2025-10-01",
            **plan,
            adjustment_due="2026-06-30",
            abandoned_on="2026-02-01",
        ),
        "c3": cycle(
            spil,
            servant,
            CycleState.ACTING,
            starts_on="2026-04-01",
            expectation_due="2026-04-05",
            review_due="2026-05-15",
            adjustment_due="2026-06-15",
        ),
        "c7": cycle(
            spil,
            facilitator,
            CycleState.ACTING,
            starts_on="2026-01-05",
            expectation_due="2026-01-10",
            review_due="2026-05-01",
            adjustment_due="2026-05-10",
        ),
        "c4": cycle(
            tuin,
            servant,
            CycleState.REVIEWED,
            starts_on="2026-01-10",
            expectation_due="2026-01-15",
            review_due="2026-02-01",
            adjustment_due="2026-05-17",
        ),
        "c5": cycle(
            tuin,
            servant,
            CycleState.DRAFT,
            starts_on="2026-05-10",
            expectation_due="2026-05-25",
            review_due="2026-06-30",
            adjustment_due="2026-07-10",
        ),
        "c6": cycle(
            tuin,
            servant,
            CycleState.CLOSED,
            starts_on="2026-01-05",
            expectation_due="2026-01-10",
            review_due="2026-02-01",
            adjustment_due="2026-03-01",
            closed_on="2026-02-20",
        ),
    }
    questions = {
        "q1": LearningQuestionFactory(programme=programme, number=1, text="Hoe laten we los?"),
        "q2": LearningQuestionFactory(
            programme=programme, number=2, text="Wie neemt het voortouw?"
        ),
        "q3": LearningQuestionFactory(
            programme=programme,
            number=3,
            text="Hoe blijven we leren?",
            status=QuestionStatus.PERSISTENT,
        ),
        "q4": LearningQuestionFactory(
            programme=programme,
            number=4,
            text="Werkt ruimte geven?",
            status=QuestionStatus.ANSWERED,
            answer="Ja, als de gemeente op tijd antwoordt.",
            answered_at=at("2026-04-11 10:00"),
            answered_by=facilitator,
        ),
        "q5": LearningQuestionFactory(
            programme=programme,
            number=5,
            text="Een vraag die niet meer speelt",
            status=QuestionStatus.DROPPED,
        ),
    }
    cycles["c3"].learning_questions.add(questions["q1"])
    sessions = {
        "january": session(
            programme, facilitator, "Leersessie januari", "2026-01-20 19:00", SessionPhase.CLOSED
        ),
        "april": session(
            programme, facilitator, "Leersessie april", "2026-04-10 19:00", SessionPhase.CAPTURE
        ),
        "today": session(
            programme, facilitator, "Leersessie mei", "2026-05-20 10:00", SessionPhase.INPUT
        ),
        "june": session(
            programme, facilitator, "Leersessie juni", "2026-06-15 19:00", SessionPhase.PLANNED
        ),
    }
    january, april = sessions["january"], sessions["april"]
    for text, owner, due, status, where in (
        ("Verslag delen met de raad", servant, "2026-05-01", ActionStatus.OPEN, january),
        ("Bewonersavond plannen", servant, "2026-06-01", ActionStatus.OPEN, january),
        ("Subsidieregels nalopen", servant, "2026-03-01", ActionStatus.DONE, january),
        ("Wethouder uitnodigen", facilitator, "2026-05-19", ActionStatus.OPEN, april),
    ):
        Action.objects.create(session=where, text=text, owner=owner, due_on=d(due), status=status)
    Insight.objects.create(
        session=january,
        text="Bewoners nemen zelf het initiatief als de gemeente loslaat.",
        kind=InsightKind.FACT,
    )
    Insight.objects.create(session=april, text="Nog niet gedeeld inzicht", kind=InsightKind.FACT)
    return World(
        programme=programme,
        facilitator=facilitator,
        civil_servant=servant,
        initiatives={"spil": spil, "tuin": tuin},
        cycles=cycles,
        sessions=sessions,
        questions=questions,
    )


def grow(world: World, times: int) -> None:
    """More of everything the dashboards list or count (for the query-count tests)."""
    programme = world.programme
    start = getattr(world, "grown", 0)
    world.grown = start + times  # type: ignore[attr-defined]
    for n in range(start, start + times):
        area = AreaFactory(programme=programme, name=f"Extra kern {n}")
        initiative = InitiativeFactory(programme=programme, area=area, title=f"Extra {n}")
        for state in (CycleState.ACTING, CycleState.REVIEWED, CycleState.CLOSED):
            cycle(
                initiative,
                world.civil_servant,
                state,
                starts_on="2026-01-05",
                expectation_due="2026-01-10",
                review_due="2026-02-01",
                adjustment_due="2026-03-01",
                closed_on="2026-02-20",
            )
        LearningQuestionFactory(programme=programme, number=100 + n, text=f"Extra vraag {n}")
        extra = session(
            programme,
            world.facilitator,
            f"Extra sessie {n}",
            "2026-03-10 19:00",
            SessionPhase.VOTING,
        )
        Insight.objects.create(session=world.sessions["january"], text=f"Extra {n}", kind="fact")
        Action.objects.create(
            session=extra,
            text=f"Extra actie {n}",
            owner=world.civil_servant,
            due_on=d("2026-04-01"),
            status=ActionStatus.OPEN,
        )
