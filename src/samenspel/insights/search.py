"""Searching the index (insights.search_models) in Dutch: one interface, `search`, for
both databases; the page (search_views.py), the header's box and the benchmark
(bench/search.py) all go through it.

- **Who finds what.** A user searches the programmes they are a member of (a site
  administrator: every programme). Every member reads every kind the index holds
  (insights/search_index.py explains why), so the role narrows nothing; `kinds_for`
  says so in one place. A programme filter that is not one of the user's programmes is
  refused with the same message whether it exists or not.
- **Matching.** The query is read as the index was written (insights.dutch): normalised
  ("Ĳ" is "IJ", accents off), stop words left out, stemmed by Snowball's Dutch stemmer;
  every stem is required: in FTS5 as quoted phrases on SQLite, as
  `plainto_tsquery('dutch', stems)` against the 'dutch' tsvector on PostgreSQL.
- **Ranking.** SQLite: bm25 with the title ten times the body. PostgreSQL: ts_rank_cd
  with the title (weight A) ten times the body (B) too, divided by the log of the
  length (normalisation 1). Both put a title hit above body hits and more hits above
  fewer; ties go to the newest.
- **Snippets** are made here, in Python, for both databases alike, from the page's rows
  only: the window of the body with the most matched words, every piece HTML-escaped,
  the words whose stem is a query stem in <mark>. Not ts_headline / FTS5's snippet():
  those would mark different words on the two databases, ts_headline returns HTML
  that is not escaped, and FTS5 would mark the stems it indexed, not the words people
  wrote.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.insights.dutch import is_content_word, normalise, stem, words
from samenspel.insights.search_models import SearchDocument, SearchIndexState, SearchKind
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Initiative, Membership, Programme

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
PAGE_SIZE = 20
SNIPPET_WORDS = 30
# Words shown before the first match in a snippet, so it does not start on the match.
SNIPPET_LEAD = 6
SQLITE_WEIGHTS = (10.0, 1.0)  # bm25 per column: title, body
POSTGRESQL_NORMALISATION = 1  # ts_rank_cd: divided by 1 + log(length)
POSTGRESQL_WEIGHTS = "{0.0, 0.0, 0.1, 1.0}"  # ts_rank_cd, weights D, C, B (body), A (title)

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Readable:
    """A programme the user may search, and how far its index is."""

    pk: int
    name: str
    slug: str
    data_version: int
    indexed_version: int | None
    built_at: datetime | None

    @property
    def behind(self) -> bool:
        """The index may not hold the latest changes (or was never built)."""
        return self.indexed_version is None or self.indexed_version < self.data_version


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    title: SafeString
    url: str
    date: date | None
    programme: str
    initiative: str | None
    snippet: SafeString


@dataclass
class SearchResults:
    query: str
    # The stems that were searched for (what the snippets mark).
    stems: list[str]
    page: Page
    searched: list[Readable] = field(default_factory=list)

    @property
    def count(self) -> int:
        return int(self.page.paginator.count)

    @property
    def behind(self) -> list[Readable]:
        return [programme for programme in self.searched if programme.behind]


def kinds_for(role: Role | None, *, site_administrator: bool = False) -> list[str]:
    """The kinds of text a role may find: every member reads every indexed kind (see
    insights/search_index.py), so every role finds all of them."""
    return list(SearchKind.values)


_PROGRAMMES, _STATES = Programme._meta.db_table, SearchIndexState._meta.db_table
_MEMBERSHIPS = Membership._meta.db_table


def readable_programmes(*, user: User) -> list[Readable]:
    """The programmes the user may search, by name, with their index's state: one query."""
    if not user.is_authenticated or not user.is_active:
        return []
    sql = (
        f"SELECT p.id, p.name, p.slug, p.data_version, s.data_version, s.built_at "
        f"FROM {_PROGRAMMES} p LEFT JOIN {_STATES} s ON s.programme_id = p.id "
        f"AND s.built_at IS NOT NULL"
    )
    params: list[Any] = []
    if not user.is_staff:
        sql += (
            f" WHERE EXISTS (SELECT 1 FROM {_MEMBERSHIPS} m "
            "WHERE m.programme_id = p.id AND m.user_id = %s)"
        )
        params.append(user.pk)
    sql += " ORDER BY p.name, p.id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [Readable(*row) for row in rows]


def query_words(query: str) -> list[str]:
    """The query's content words, normalised, each once, in order (at most ten)."""
    seen: dict[str, None] = {}
    for word in words(query):
        if is_content_word(word):
            seen.setdefault(word, None)
    return list(seen)[:MAX_QUERY_WORDS]


def check_query(query: str) -> list[str]:
    """The query's words; refused when it is empty, too long or has no word to find."""
    query = query.strip()
    if not query:
        raise ValidationError(_("Type one or more words to search for."), code="required")
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationError(
            _("Use at most %(limit)s characters (now %(count)s).")
            % {"limit": MAX_QUERY_LENGTH, "count": len(query)},
            code="too_long",
        )
    found = query_words(query)
    if not found:
        raise ValidationError(
            _("These words are too short or too common to search for. Try a more specific word."),
            code="no_words",
        )
    return found


class _Ranked(Sequence[Hit]):
    """The hits, ranked; the database is asked for a slice only (the paginator's page)."""

    def __init__(self, sql: "_Query", total: int, stems: set[str]) -> None:
        self.sql, self.total, self.stems = sql, total, stems

    def count(self) -> int:  # type: ignore[override]
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            raise TypeError("only slices")
        start, stop, _step = index.indices(self.total)
        if stop <= start:
            return []
        return [_hit(row, self.stems) for row in self.sql.page(start, stop - start)]


@dataclass(frozen=True)
class _Query:
    """The two statements of a search on this database: the count and one page."""

    match: str
    programme_ids: list[int] | None
    kinds: list[str] | None

    def _where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.programme_ids is not None:
            clauses.append(f"d.programme_id IN ({', '.join(['%s'] * len(self.programme_ids))})")
            params.extend(self.programme_ids)
        if self.kinds is not None:
            clauses.append(f"d.kind IN ({', '.join(['%s'] * len(self.kinds))})")
            params.extend(self.kinds)
        return "".join(f" AND {clause}" for clause in clauses), params

    def _matching(self) -> tuple[str, list[Any]]:
        """FROM … WHERE of the matching rows, and its parameters."""
        where, params = self._where()
        if connection.vendor == "postgresql":
            return (
                f"FROM {_DOCUMENTS} d WHERE d.search_vector @@ plainto_tsquery('dutch', %s)"
                + where,
                [self.match, *params],
            )
        return (
            # CROSS JOIN: the FTS5 match drives the join. Left to choose, SQLite may walk
            # the programme's documents and run the match again for every one of them.
            f"FROM insights_search_fts CROSS JOIN {_DOCUMENTS} d "
            "ON d.id = insights_search_fts.rowid WHERE insights_search_fts MATCH %s" + where,
            [self.match, *params],
        )

    def count(self) -> int:
        matching, params = self._matching()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {matching}", params)
            return int(cursor.fetchone()[0])

    def page(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        matching, params = self._matching()
        if connection.vendor == "postgresql":
            score = (
                f"ts_rank_cd('{POSTGRESQL_WEIGHTS}', d.search_vector, "
                f"plainto_tsquery('dutch', %s), {POSTGRESQL_NORMALISATION})"
            )
            params = [self.match, *params]
            order = "score DESC, r_date DESC NULLS LAST, r_id"
        else:
            title, body = SQLITE_WEIGHTS
            score = f"bm25(insights_search_fts, {title}, {body})"
            order = "score, r_date DESC, r_id"
        # Ranked first on the narrow columns; only the page's rows are then read whole.
        sql = (
            f"WITH ranked AS (SELECT d.id AS r_id, d.date AS r_date, {score} AS score "
            f"{matching} ORDER BY {order} LIMIT %s OFFSET %s) "
            f"SELECT d.kind, d.title, d.body, d.url, d.date, p.name, i.title "
            f"FROM ranked JOIN {_DOCUMENTS} d ON d.id = ranked.r_id "
            f"JOIN {_PROGRAMMES} p ON p.id = d.programme_id "
            f"LEFT JOIN {_INITIATIVES} i ON i.id = d.initiative_id ORDER BY {order}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return list(cursor.fetchall())


_DOCUMENTS, _INITIATIVES = SearchDocument._meta.db_table, Initiative._meta.db_table


def _match(found: list[str]) -> str:
    """What the database matches, every stem required: the stems for plainto_tsquery, or
    as FTS5 phrases (quoted: a stem is never read as an FTS5 operator)."""
    stems = dict.fromkeys(stem(word) for word in found)
    if connection.vendor == "postgresql":
        return " ".join(stems)
    return " ".join('"' + item.replace('"', '""') + '"' for item in stems)


def search(
    *,
    user: User,
    query: str,
    programme: str | None = None,
    page: int | str | None = 1,
    kinds: list[str] | None = None,
    per_page: int = PAGE_SIZE,
    readable: list[Readable] | None = None,
) -> SearchResults:
    """The user's hits for `query`, ranked, a page at a time, in the programmes they may
    read (`programme`: the slug of one of them) and the kinds their role may read
    (`kinds`: some of them). `readable`: readable_programmes(user=user), when the
    caller has read it already. Refused (ValidationError, a translated message) for an
    unusable query, a programme not among theirs or an unknown kind."""
    found = check_query(query)
    if readable is None:
        readable = readable_programmes(user=user)
    searched = readable
    if programme:
        searched = [item for item in readable if item.slug == programme]
        if not searched:
            raise ValidationError(_("Choose one of your programmes."), code="programme")
    allowed = kinds_for(None, site_administrator=user.is_staff)
    if kinds:
        unknown = [kind for kind in kinds if kind not in allowed]
        if unknown:
            raise ValidationError(_("Choose one of the kinds in the list."), code="kind")
        allowed = [kind for kind in allowed if kind in kinds]
    stems = {stem(word) for word in found}
    every_programme = user.is_staff and not programme
    sql = _Query(
        match=_match(found),
        programme_ids=None if every_programme else [item.pk for item in searched],
        kinds=None if len(allowed) == len(SearchKind.values) else allowed,
    )
    total = sql.count() if searched else 0
    paginator = Paginator(_Ranked(sql, total, stems), per_page)
    return SearchResults(
        query=query.strip(), stems=sorted(stems), page=paginator.get_page(page), searched=searched
    )


def _hit(row: tuple[Any, ...], stems: set[str]) -> Hit:
    kind, title, body, url, when, programme, initiative = row
    if isinstance(when, str):  # SQLite's raw rows
        when = date.fromisoformat(when)
    return Hit(
        kind=kind,
        kind_label=str(SearchKind(kind).label),
        title=highlight(title, stems),
        url=url,
        date=when,
        programme=programme,
        initiative=initiative,
        snippet=snippet(body, stems),
    )


# Marking the words ----------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def _stem_of(word: str) -> str:
    """The stem of a word as written (cached: texts repeat their words)."""
    return stem(normalise(word))


def _matches(tokens: list[re.Match[str]], stems: set[str]) -> list[int]:
    return [n for n, token in enumerate(tokens) if _stem_of(token.group()) in stems]


def _marked(text: str, tokens: list[re.Match[str]], hits: set[int], first: int, last: int) -> str:
    """tokens[first:last] of `text` and what lies between them, escaped, the hits marked."""
    parts: list[str] = []
    position = tokens[first].start()
    for n in range(first, last):
        token = tokens[n]
        parts.append(escape(_SPACE.sub(" ", text[position : token.start()])))
        word = escape(token.group())
        parts.append(f"<mark>{word}</mark>" if n in hits else word)
        position = token.end()
    return "".join(parts)


def highlight(text: str, stems: set[str]) -> SafeString:
    """The whole text, escaped, its matched words in <mark>."""
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return escape(text)
    hits = set(_matches(tokens, stems))
    lead = escape(_SPACE.sub(" ", text[: tokens[0].start()]))
    tail = escape(_SPACE.sub(" ", text[tokens[-1].end() :]))
    return mark_safe(lead + _marked(text, tokens, hits, 0, len(tokens)) + tail)


def snippet(text: str, stems: set[str], size: int = SNIPPET_WORDS) -> SafeString:
    """A window of about `size` words of the text around the most matched words,
    escaped, with … where it was cut."""
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return escape(text[:200])
    matched = _matches(tokens, stems)
    start = 0
    if matched:
        # The window that holds the most matches, starting a few words before them.
        best, best_count = matched[0], 0
        right = 0
        for left, position in enumerate(matched):
            while right < len(matched) and matched[right] < position + size:
                right += 1
            if right - left > best_count:
                best, best_count = position, right - left
        start = max(0, best - SNIPPET_LEAD)
    end = min(len(tokens), start + size)
    start = max(0, min(start, end - size))
    body = _marked(text, tokens, set(matched), start, end)
    before = "… " if start > 0 else escape(_SPACE.sub(" ", text[: tokens[0].start()]))
    after = " …" if end < len(tokens) else escape(_SPACE.sub(" ", text[tokens[-1].end() :]))
    return mark_safe(before + body + after)
