"""Programmes with texts for the recurring themes' tests: the planted Dutch corpus
(bench/dutch_corpus.py) written as observations of cycles in a few initiatives, and a
learning session with contributions and insights, open or closed."""

import datetime
from typing import Any

from bench.dutch_corpus import PlantedText, planted_corpus
from django.utils import timezone

from samenspel.cycles.models import Observation, Review
from samenspel.learning_sessions.constants import InsightKind, SessionKind, SessionPhase
from samenspel.learning_sessions.models import Contribution, Insight, LearningSession, Participant
from tests.factories import AreaFactory, CycleFactory, InitiativeFactory

START = datetime.date(2024, 1, 15)


def planted_programme(programme: Any, count: int, *, seed: int = 7) -> list[PlantedText]:
    """`count` planted texts as observations, spread over three initiatives in two areas
    and over two years (a text every few days)."""
    areas = [AreaFactory(programme=programme, name=f"Kern {name}") for name in ("Noord", "Zuid")]
    initiatives = [
        InitiativeFactory(programme=programme, area=areas[index % 2], title=f"Initiatief {index}")
        for index in range(3)
    ]
    cycles = [CycleFactory(initiative=initiative) for initiative in initiatives]
    texts = planted_corpus(count, seed=seed)
    Observation.objects.bulk_create(
        Observation(
            cycle=cycles[index % 3],
            occurred_on=START + datetime.timedelta(days=(index * 730) // max(count, 1)),
            text=item.text,
        )
        for index, item in enumerate(texts)
    )
    return texts


def session_with_texts(
    programme: Any,
    facilitator: Any,
    *,
    closed: bool,
    anonymous: bool = True,
    contributions: list[str] = (),  # type: ignore[assignment]
    insights: list[str] = (),  # type: ignore[assignment]
    guest_name: str = "",
    cycle: Any = None,
) -> LearningSession:
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=1)
    session = LearningSession.objects.create(
        programme=programme,
        kind=SessionKind.TEAM,
        title="Leersessie",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        facilitator=facilitator,
        anonymous=anonymous,
        phase=SessionPhase.CLOSED if closed else SessionPhase.CAPTURE,
        questions=["Wat ging goed?"],
    )
    author = None
    if guest_name:
        participant = Participant.objects.create(session=session, display_name=guest_name)
        author = None if anonymous else participant
    for text in contributions:
        Contribution.objects.create(
            session=session, question=0, text=text, author=author, cycle=cycle
        )
    for text in insights:
        Insight.objects.create(
            session=session, text=text, kind=InsightKind.FACT, recorded_by=facilitator
        )
    return session


def review(cycle: Any, answers: list[str]) -> Review:
    return Review.objects.create(
        cycle=cycle,
        answers=[{"question": f"Vraag {n}", "answer": answer} for n, answer in enumerate(answers)],
    )
