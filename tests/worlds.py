"""A test world with several of everything, in two programmes.

With one initiative, area or membership per programme, a look-up that ignores the id
still finds the right object; here every id has neighbours, in its own programme and in
the other one, so such a look-up returns the wrong object and fails the test."""

from dataclasses import dataclass, field

from samenspel.accounts.models import User
from samenspel.cycles.models import LearningCycle
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Area, Initiative, LearningQuestion, Membership, Programme
from tests.factories import (
    AreaFactory,
    CycleFactory,
    InitiativeFactory,
    LearningQuestionFactory,
    MembershipFactory,
    ProgrammeFactory,
)


@dataclass
class Side:
    """One programme with three of each object; every text names the programme."""

    programme: Programme
    facilitator: User
    areas: list[Area] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    questions: list[LearningQuestion] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    cycles: list[LearningCycle] = field(default_factory=list)


def build_side(tag: str, *, questions: int = 3) -> Side:
    programme = ProgrammeFactory(name=f"Programma {tag}", slug=f"programma-{tag.lower()}")
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    side = Side(programme=programme, facilitator=facilitator)
    for n in range(3):
        area = AreaFactory(programme=programme, name=f"Kern {tag}{n}")
        initiative = InitiativeFactory(programme=programme, area=area, title=f"Initiatief {tag}{n}")
        side.areas.append(area)
        side.initiatives.append(initiative)
        side.memberships.append(
            MembershipFactory(
                programme=programme,
                role=Role.CIVIL_SERVANT,
                user__name=f"Lid {tag}{n}",
                user__email=f"lid-{tag.lower()}{n}@example.nl",
            )
        )
        side.cycles.append(
            CycleFactory(initiative=initiative, owner=facilitator, title=f"Cyclus {tag}{n}")
        )
    for n in range(questions):
        side.questions.append(
            LearningQuestionFactory(programme=programme, number=n + 1, text=f"Vraag {tag}{n}")
        )
    return side


def two_programmes() -> tuple[Side, Side]:
    """Programme A, and programme B with one learning question more (so that B's highest
    number does not exist in A)."""
    return build_side("A"), build_side("B", questions=4)
