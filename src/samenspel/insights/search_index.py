"""What the search index holds for a programme: everything a member of it may read,
gathered into rows (insights.search_models.SearchDocument) in a fixed number of queries,
whatever the programme's size. insights/search_services.py writes them.

Who reads what (each app's access.py): every member of a programme, whatever their role,
reads its initiatives and areas, its learning agenda, its cycles with their records
(programmes.access, cycles.access), its learning sessions and the reports of closed
sessions (learning_sessions.access: "every member sees its sessions, their agenda and
their reports"), and the draft of its travel report (journal.access.can_see). So every
member may read every kind below, and the index needs no row-level rule beyond the
programme.

- contributions, themes, insights and actions are indexed only for **closed** sessions:
  outside the room, members read them only in the session's report, and the report
  shows them once the session has closed (templates/learning_sessions/report.html);
  before that they are the participants' alone;
- a contribution is indexed by its text only. Its writer is never read here (the query
  does not even select the column): an anonymous session stores none, and a named
  session's names stay on its report, so the index holds no person's name for any
  contribution;
- not indexed: coaching (private to coach and coachee, coaching.access), compass
  assessments and their notes, the travel report's voices and review comments (their
  consent and review rules belong to the journal's own pages), and who took part in a
  review or session.

`index_words` is what the index reads of a text: the Dutch stems of its content words
(insights.dutch.terms), on both databases (insights/search_models.py says why).
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from html import unescape
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from samenspel.cycles.models import LearningCycle, Observation
from samenspel.insights.dutch import terms
from samenspel.insights.search_models import SearchDocument, SearchKind
from samenspel.journal.models import Chapter
from samenspel.journal.text import markdown_html
from samenspel.learning_sessions.constants import SessionPhase
from samenspel.learning_sessions.models import (
    Action,
    Contribution,
    Insight,
    LearningSession,
    Theme,
)
from samenspel.programmes.models import Area, Initiative, LearningQuestion, Programme

TITLE_LENGTH = 300


def index_words(text: str) -> str:
    """What the index reads of a text: its stems, in order."""
    return " ".join(terms(text))


def _day(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def _join(*parts: Any) -> str:
    return "\n".join(str(part).strip() for part in parts if part and str(part).strip())


def _document(
    programme: Programme,
    kind: SearchKind,
    key: Any,
    *,
    title: str,
    body: str,
    url: str,
    when: datetime | date | None = None,
    initiative_id: int | None = None,
    title_searched: bool = True,
) -> SearchDocument:
    """One row. `title_searched` False: the title only names where the text stands (a
    contribution shows its session's title) and is not searched itself."""
    title = title[:TITLE_LENGTH]
    return SearchDocument(
        programme_id=programme.pk,
        kind=kind,
        key=str(key),
        title=title,
        body=body,
        title_index=index_words(title) if title_searched else "",
        body_index=index_words(body),
        url=url,
        date=_day(when),
        initiative_id=initiative_id,
    )


def programme_documents(*, programme: Programme) -> Iterator[SearchDocument]:
    """Every row of the programme's search index, unsaved. Twelve queries, whatever the
    number of texts."""
    slug = programme.slug
    yield from _initiatives_and_areas(programme, slug)
    yield from _questions(programme, slug)
    yield from _cycles(programme, slug)
    yield from _sessions(programme, slug)
    yield from _chapters(programme, slug)


def _initiatives_and_areas(programme: Programme, slug: str) -> Iterator[SearchDocument]:
    areas = Area.objects.filter(programme=programme).values_list("pk", "name", "description")
    list_url = reverse("initiative-list", args=[slug])
    for pk, name, description in areas:
        yield _document(
            programme,
            SearchKind.AREA,
            pk,
            title=name,
            body=description,
            url=f"{list_url}?area={pk}",
        )
    initiatives = Initiative.objects.filter(programme=programme).values_list(
        "pk", "title", "summary", "initiators", "area__name", "created_at"
    )
    for pk, title, summary, initiators, area, created in initiatives:
        yield _document(
            programme,
            SearchKind.INITIATIVE,
            pk,
            title=title,
            body=_join(summary, initiators, area),
            url=reverse("initiative-detail", args=[slug, pk]),
            when=created,
            initiative_id=pk,
        )


def _questions(programme: Programme, slug: str) -> Iterator[SearchDocument]:
    questions = LearningQuestion.objects.filter(programme=programme).values_list(
        "number", "text", "answer", "answered_at", "created_at"
    )
    for number, text, answer, answered, created in questions:
        yield _document(
            programme,
            SearchKind.QUESTION,
            number,
            title=f"{number}. {text}",
            body=answer,
            url=reverse("question-detail", args=[slug, number]),
            when=answered or created,
        )


def _cycles(programme: Programme, slug: str) -> Iterator[SearchDocument]:
    logs: dict[int, list[str]] = defaultdict(list)
    observations = (
        Observation.objects.filter(cycle__initiative__programme=programme)
        .order_by("cycle_id", "occurred_on", "id")
        .values_list("cycle_id", "text")
    )
    for cycle_id, text in observations:
        logs[cycle_id].append(text)
    cycles = (
        LearningCycle.objects.filter(initiative__programme=programme)
        .order_by("initiative_id", "number")
        .values_list(
            "pk",
            "initiative_id",
            "title",
            "abandon_reason",
            "starts_on",
            "reviewed_on",
            "closed_on",
            "expectation__intention",
            "expectation__expected_outcome",
            "expectation__success_signs",
            "review__answers",
            "review__recorded_at",
            "adjustment__text",
        )
    )
    for row in cycles:
        (pk, initiative_id, title, abandoned, starts, reviewed, closed) = row[:7]
        intention, expected, signs, answers, review_recorded, adjustment = row[7:]
        answered = [item.get("answer", "") for item in answers or [] if isinstance(item, dict)]
        yield _document(
            programme,
            SearchKind.CYCLE,
            pk,
            title=title,
            body=_join(
                intention, expected, signs, *logs.get(pk, []), *answered, adjustment, abandoned
            ),
            url=reverse("cycle-detail", args=[slug, pk]),
            when=closed or reviewed or review_recorded or starts,
            initiative_id=initiative_id,
        )


def _sessions(programme: Programme, slug: str) -> Iterator[SearchDocument]:
    sessions = LearningSession.objects.filter(programme=programme).values_list(
        "pk", "title", "starts_at", "phase", "report_note", "place"
    )
    titles: dict[int, tuple[str, datetime]] = {}
    for pk, title, starts, phase, note, place in sessions:
        closed = phase == SessionPhase.CLOSED
        if closed:
            titles[pk] = (title, starts)
        yield _document(
            programme,
            SearchKind.SESSION,
            pk,
            title=title,
            body=_join(place, note if closed else ""),
            url=reverse("session-detail", args=[slug, pk]),
            when=starts,
        )
    # What a session produced is read in its report, once it has closed.
    in_report = {"session__programme": programme, "session__phase": SessionPhase.CLOSED}

    def report(session_id: int) -> str:
        return reverse("session-report", args=[slug, session_id])

    # Never the writer: `author` is not selected.
    contributions = Contribution.objects.filter(**in_report).values_list(
        "pk", "session_id", "text", "cycle__initiative_id"
    )
    for key, session_id, text, initiative_id in contributions:
        title, starts = titles[session_id]
        yield _document(
            programme,
            SearchKind.CONTRIBUTION,
            key,
            title=title,
            body=text,
            url=report(session_id),
            when=starts,
            initiative_id=initiative_id,
            title_searched=False,
        )
    themes = Theme.objects.filter(**in_report).values_list(
        "pk", "session_id", "title", "discussion"
    )
    for pk, session_id, title, discussion in themes:
        yield _document(
            programme,
            SearchKind.THEME,
            pk,
            title=title,
            body=discussion,
            url=report(session_id),
            when=titles[session_id][1],
        )
    linked: dict[int, int] = {}
    links = Insight.initiatives.through.objects.filter(
        insight__session__programme=programme, insight__session__phase=SessionPhase.CLOSED
    ).values_list("insight_id", "initiative_id")
    for insight_id, initiative_id in links.order_by("insight_id", "initiative_id"):
        linked.setdefault(insight_id, initiative_id)  # the first of its initiatives
    for kind, model in ((SearchKind.INSIGHT, Insight), (SearchKind.ACTION, Action)):
        for pk, session_id, text in model.objects.filter(**in_report).values_list(
            "pk", "session_id", "text"
        ):
            title, starts = titles[session_id]
            yield _document(
                programme,
                kind,
                pk,
                title=title,
                body=text,
                url=report(session_id),
                when=starts,
                initiative_id=linked.get(pk) if kind == SearchKind.INSIGHT else None,
                title_searched=False,
            )


def _chapters(programme: Programme, slug: str) -> Iterator[SearchDocument]:
    """The written text of the travel report's draft: written chapters and the written
    introductions of generated ones, in the book (`included`)."""
    chapters = (
        Chapter.objects.filter(journal__programme=programme, included=True)
        .exclude(body="")
        .values_list("pk", "title", "body", "updated_at")
    )
    url = reverse("journal-draft", args=[slug])
    for pk, title, body, updated in chapters:
        # Read as the book shows it: the text without its Markdown.
        text = unescape(strip_tags(markdown_html(body)))
        yield _document(
            programme, SearchKind.CHAPTER, pk, title=title, body=text, url=url, when=updated
        )
