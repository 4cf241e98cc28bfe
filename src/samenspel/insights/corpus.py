"""The texts of a programme that recurring themes are found in, and reading them back.

Four kinds, each where every member of the programme reads it:

- **review**: each answered question of a cycle's after action review (its key
  "<review id>.<answer number>"), read on the cycle's page;
- **observation**: a cycle's observation, read on the cycle's page;
- **contribution**: a contribution written in a learning session (its key is the
  contribution's random UUID), read in the session's report;
- **insight**: an insight captured in a learning session, read in its report.

Contributions and insights count only from **closed** sessions. While a session runs,
its contributions are read in its room alone, by its participants (the report page says
"the report appears when the session closes", learning_sessions/report.html; the room
is learning_sessions.access.access_room); a theme page, read by every member, must not
show them earlier, nor let a theme's words hint at them. Every cycle, its review and
its observations are read by every member (programmes.access, cycles.access), whatever
the initiative's status.

No author is read, ever: the queries below name no writer field (a contribution of an
anonymous session has none, a named one's stays in the session's own pages), so nothing
about who wrote what can reach the analysis, its stored rows or its pages.

`programme_texts` reads everything in a fixed number of queries (one per kind, and one
for the initiatives of insights), as plain values, whatever the programme's size; the
addresses are built from one reversed address per kind, not one per text.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from samenspel.cycles.models import Observation, Review
from samenspel.insights.theme_constants import TextKind
from samenspel.insights.themes import Text
from samenspel.learning_sessions.constants import SessionPhase
from samenspel.learning_sessions.models import Contribution, Insight
from samenspel.programmes.models import Programme

# Stands for the object's id in a reversed address; replaced per text.
_ID = 987654321


@dataclass(frozen=True)
class CorpusText(Text):
    """A text of the programme, with where it comes from and where it is read."""

    kind: str = ""
    source_key: str = ""
    url: str = ""


class _Addresses:
    """The pages where each kind of text is read, built without a reverse per text."""

    def __init__(self, slug: str) -> None:
        self.cycle = reverse("cycle-detail", args=[slug, _ID]).split(str(_ID))
        self.report = reverse("session-report", args=[slug, _ID]).split(str(_ID))

    def of(self, kind: str, parent_id: int) -> str:
        if kind == TextKind.REVIEW:
            return f"{self.cycle[0]}{parent_id}{self.cycle[1]}#review-heading"
        if kind == TextKind.OBSERVATION:
            return f"{self.cycle[0]}{parent_id}{self.cycle[1]}#happened-heading"
        anchor = "#report-input" if kind == TextKind.CONTRIBUTION else "#report-insights"
        return f"{self.report[0]}{parent_id}{self.report[1]}{anchor}"


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def _filled(text: Any) -> str:
    return text.strip() if isinstance(text, str) else ""


def _reviews(programme: Programme) -> Any:
    return (
        Review.objects.filter(cycle__initiative__programme=programme)
        .order_by("pk")
        .values_list(
            "pk",
            "answers",
            "cycle_id",
            "cycle__reviewed_on",
            "recorded_at",
            "cycle__initiative_id",
            "cycle__initiative__area_id",
        )
    )


def _observations(programme: Programme) -> Any:
    return (
        Observation.objects.filter(cycle__initiative__programme=programme)
        .order_by("pk")
        .values_list(
            "pk",
            "text",
            "cycle_id",
            "occurred_on",
            "cycle__initiative_id",
            "cycle__initiative__area_id",
        )
    )


def _contributions(programme: Programme) -> Any:
    return (
        Contribution.objects.filter(
            session__programme=programme, session__phase=SessionPhase.CLOSED
        )
        .order_by("session_id", "question", "sort_key", "pk")
        .values_list(
            "pk",
            "text",
            "session_id",
            "session__starts_at",
            "cycle__initiative_id",
            "cycle__initiative__area_id",
        )
    )


def _insights(programme: Programme) -> Any:
    return (
        Insight.objects.filter(session__programme=programme, session__phase=SessionPhase.CLOSED)
        .order_by("pk")
        .values_list("pk", "text", "session_id", "session__starts_at")
    )


def _insight_initiatives(programme: Programme) -> dict[int, tuple[int, int | None]]:
    """Per insight, its first linked initiative and that one's area (an insight may name
    several; the theme's figures count it once)."""
    links = Insight.initiatives.through.objects.filter(
        insight__session__programme=programme, insight__session__phase=SessionPhase.CLOSED
    )
    first: dict[int, tuple[int, int | None]] = {}
    rows = links.order_by("insight_id", "initiative_id").values_list(
        "insight_id", "initiative_id", "initiative__area_id"
    )
    for insight_id, initiative_id, area_id in rows.iterator(chunk_size=2000):
        first.setdefault(insight_id, (initiative_id, area_id))
    return first


def _review_answers(answers: Any) -> Iterator[tuple[int, str]]:
    if not isinstance(answers, list):
        return
    for number, item in enumerate(answers, start=1):
        text = _filled(item.get("answer")) if isinstance(item, dict) else ""
        if text:
            yield number, text


def programme_texts(programme: Programme) -> list[CorpusText]:
    """Every text of the programme that themes are found in, in a fixed order."""
    addresses = _Addresses(programme.slug)
    texts: list[CorpusText] = []
    for pk, answers, cycle_id, reviewed_on, recorded_at, initiative_id, area_id in _reviews(
        programme
    ).iterator(chunk_size=2000):
        for number, text in _review_answers(answers):
            texts.append(
                CorpusText(
                    text=text,
                    kind=TextKind.REVIEW,
                    source_key=f"{pk}.{number}",
                    key=(TextKind.REVIEW, f"{pk}.{number}"),
                    day=reviewed_on or _day(recorded_at),
                    initiative_id=initiative_id,
                    area_id=area_id,
                    url=addresses.of(TextKind.REVIEW, cycle_id),
                )
            )
    for pk, text, cycle_id, day, initiative_id, area_id in _observations(programme).iterator(
        chunk_size=2000
    ):
        if _filled(text):
            texts.append(
                CorpusText(
                    text=text,
                    kind=TextKind.OBSERVATION,
                    source_key=str(pk),
                    key=(TextKind.OBSERVATION, str(pk)),
                    day=day,
                    initiative_id=initiative_id,
                    area_id=area_id,
                    url=addresses.of(TextKind.OBSERVATION, cycle_id),
                )
            )
    for pk, text, session_id, starts_at, initiative_id, area_id in _contributions(
        programme
    ).iterator(chunk_size=2000):
        if _filled(text):
            texts.append(
                CorpusText(
                    text=text,
                    kind=TextKind.CONTRIBUTION,
                    source_key=str(pk),
                    key=(TextKind.CONTRIBUTION, str(pk)),
                    day=_day(starts_at),
                    initiative_id=initiative_id,
                    area_id=area_id,
                    url=addresses.of(TextKind.CONTRIBUTION, session_id),
                )
            )
    linked = _insight_initiatives(programme)
    for pk, text, session_id, starts_at in _insights(programme).iterator(chunk_size=2000):
        if _filled(text):
            initiative_id, area_id = linked.get(pk, (None, None))
            texts.append(
                CorpusText(
                    text=text,
                    kind=TextKind.INSIGHT,
                    source_key=str(pk),
                    key=(TextKind.INSIGHT, str(pk)),
                    day=_day(starts_at),
                    initiative_id=initiative_id,
                    area_id=area_id,
                    url=addresses.of(TextKind.INSIGHT, session_id),
                )
            )
    return texts


@dataclass(frozen=True)
class Source:
    """A text as it reads now, and where it is read. `text` is empty when its source
    is gone or no longer readable by every member."""

    text: str
    url: str


def _valid_key(kind: str, key: str) -> bool:
    if kind != TextKind.CONTRIBUTION:
        return key.isdecimal() and len(key) < 19
    try:
        uuid.UUID(key)
    except ValueError:
        return False
    return True


def read_sources(
    programme: Programme, refs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], Source]:
    """The current words and address of these texts ((kind, source key) pairs, a page
    of a theme), in at most one query per kind, restricted as programme_texts is."""
    wanted: dict[str, set[str]] = {}
    for kind, key in refs:
        wanted.setdefault(kind, set()).add(key)
    addresses = _Addresses(programme.slug)
    found: dict[tuple[str, str], Source] = {}
    if TextKind.REVIEW in wanted:
        numbers: dict[int, set[int]] = {}
        for key in wanted[TextKind.REVIEW]:
            review_id, _dot, answer = key.partition(".")
            if review_id.isdecimal() and answer.isdecimal() and len(key) < 30:
                numbers.setdefault(int(review_id), set()).add(int(answer))
        rows = _reviews(programme).filter(pk__in=list(numbers))
        for pk, answers, cycle_id, *_rest in rows:
            for number, text in _review_answers(answers):
                if number in numbers[pk]:
                    found[(TextKind.REVIEW, f"{pk}.{number}")] = Source(
                        text, addresses.of(TextKind.REVIEW, cycle_id)
                    )
    simple = (
        (TextKind.OBSERVATION, _observations),
        (TextKind.CONTRIBUTION, _contributions),
        (TextKind.INSIGHT, _insights),
    )
    for kind, rows_of in simple:
        if kind not in wanted:
            continue
        keys = [key for key in wanted[kind] if _valid_key(kind, key)]
        for pk, text, parent_id, *_rest in rows_of(programme).filter(pk__in=keys):
            found[(str(kind), str(pk))] = Source(text, addresses.of(kind, parent_id))
    return found
