"""Reading the stored recurring themes for their pages, in a fixed number of queries
whatever the number of themes and texts: the state of the programme's analyses (one
query, every request: it is part of the cache key), the themes with the names of their
initiatives and areas (three, only when the page is drawn), a page of a theme's texts
with their words read from the sources now (at most one query per kind of text, and one
for the initiatives with their areas).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.paginator import Page
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from samenspel.compass.charts import quarter_label
from samenspel.insights import corpus
from samenspel.insights.theme_charts import trend_svg
from samenspel.insights.theme_constants import STALE_AFTER_SECONDS, WORKING, AnalysisState
from samenspel.insights.theme_models import Theme, ThemeAnalysis, ThemeText
from samenspel.programmes.models import Area, Initiative, Programme

# Initiatives and areas named on a theme's card; the rest are counted.
SHOWN_NAMES = 6


@dataclass(frozen=True)
class ThemesState:
    """What the programme's analyses are: the last finished one (what the pages show),
    whether a newer one waits or runs, and whether the last one failed."""

    latest: ThemeAnalysis | None
    working: bool
    failed: ThemeAnalysis | None  # the newest failed one, when newer than `latest`
    lost: bool  # a working one has shown no sign of life for a while
    data_version: int

    @property
    def outdated(self) -> bool:
        """The programme changed after the analysis read its texts."""
        return self.latest is not None and self.latest.data_version < self.data_version

    @property
    def cache_part(self) -> str:
        latest = self.latest.pk if self.latest is not None else 0
        failed = self.failed.pk if self.failed is not None else 0
        return f"themes{latest}.{failed}.{'w' if self.working else ''}"


def themes_state(*, programme: Programme) -> ThemesState:
    newest = ThemeAnalysis.objects.filter(programme=OuterRef("programme")).order_by("-pk")
    rows = list(
        ThemeAnalysis.objects.filter(programme=programme)
        .filter(
            Q(state__in=WORKING)
            | Q(pk=Subquery(newest.filter(state=AnalysisState.DONE).values("pk")[:1]))
            | Q(pk=Subquery(newest.filter(state=AnalysisState.FAILED).values("pk")[:1]))
        )
        .order_by("-pk")
    )
    latest = next((row for row in rows if row.state == AnalysisState.DONE), None)
    failed = next((row for row in rows if row.state == AnalysisState.FAILED), None)
    if failed is not None and latest is not None and failed.pk < latest.pk:
        failed = None
    working = [row for row in rows if row.state in WORKING]
    cutoff = timezone.now() - timedelta(seconds=STALE_AFTER_SECONDS)
    lost = any((row.heartbeat_at or row.requested_at) < cutoff for row in working)
    return ThemesState(
        latest=latest,
        working=bool(working),
        failed=failed,
        lost=lost,
        data_version=programme.data_version,
    )


@dataclass(frozen=True)
class Named:
    pk: int
    name: str
    texts: int


@dataclass(frozen=True)
class ThemeCard:
    theme: Theme
    initiatives: list[Named]
    more_initiatives: int
    areas: list[Named]
    more_areas: int
    trend: list[tuple[datetime.date, int]]
    trend_svg: str

    @property
    def trend_rows(self) -> list[tuple[str, int]]:
        return [(quarter_label(quarter), count) for quarter, count in self.trend]

    @property
    def name(self) -> str:
        return ", ".join(self.theme.words)


def _names(programme: Programme, themes: list[Theme]) -> tuple[dict[int, str], dict[int, str]]:
    initiative_ids = {int(pair[0]) for theme in themes for pair in theme.initiatives}
    area_ids = {int(pair[0]) for theme in themes for pair in theme.areas}
    initiatives = dict(
        Initiative.objects.filter(programme=programme, pk__in=initiative_ids).values_list(
            "pk", "title"
        )
    )
    areas = dict(
        Area.objects.filter(programme=programme, pk__in=area_ids).values_list("pk", "name")
    )
    return initiatives, areas


def _named(pairs: list[Any], names: dict[int, str]) -> list[Named]:
    return [
        Named(pk=int(pk), name=names[int(pk)], texts=int(count))
        for pk, count in pairs
        if int(pk) in names
    ]


def _quarters(analysis: ThemeAnalysis) -> list[datetime.date]:
    return [datetime.date.fromisoformat(day) for day in analysis.quarters]


def theme_cards(*, programme: Programme, analysis: ThemeAnalysis) -> list[ThemeCard]:
    """The themes of a finished analysis, largest first, ready to draw."""
    themes = list(Theme.objects.filter(analysis=analysis).order_by("number"))
    initiative_names, area_names = _names(programme, themes)
    quarters = _quarters(analysis)
    cards = []
    for theme in themes:
        initiatives = _named(theme.initiatives, initiative_names)
        areas = _named(theme.areas, area_names)
        trend = list(zip(quarters, theme.trend, strict=False))
        cards.append(
            ThemeCard(
                theme=theme,
                initiatives=initiatives[:SHOWN_NAMES],
                more_initiatives=max(len(initiatives) - SHOWN_NAMES, 0),
                areas=areas[:SHOWN_NAMES],
                more_areas=max(len(areas) - SHOWN_NAMES, 0),
                trend=trend,
                trend_svg=trend_svg(trend, name=", ".join(theme.words), prefix=f"trend-{theme.pk}"),
            )
        )
    return cards


def access_theme_by_id(
    *, programme: Programme, analysis: ThemeAnalysis | None, theme_id: int
) -> Theme:
    """A theme of the programme's last finished analysis; anything else is 404 (a theme
    of an older analysis is gone: its number may mean another theme now)."""
    if analysis is None:
        raise Http404
    theme = Theme.objects.filter(analysis=analysis, pk=theme_id).first()
    if theme is None:
        raise Http404
    theme.analysis = analysis
    return theme


@dataclass(frozen=True)
class TextLine:
    kind: str
    kind_label: str
    day: datetime.date | None
    initiative: str
    area: str
    text: str  # empty: the source is gone
    url: str


def theme_text_lines(*, programme: Programme, page: Page) -> list[TextLine]:
    """The texts on one page of a theme, with their words as the sources read now."""
    rows: list[ThemeText] = list(page.object_list)
    sources = corpus.read_sources(programme, [(row.kind, row.source_key) for row in rows])
    initiative_ids = {row.initiative_id for row in rows if row.initiative_id}
    initiatives = {
        pk: (title, area_name or "")
        for pk, title, area_name in Initiative.objects.filter(
            programme=programme, pk__in=initiative_ids
        ).values_list("pk", "title", "area__name")
    }
    lines = []
    for row in rows:
        source = sources.get((row.kind, row.source_key))
        initiative, area = initiatives.get(row.initiative_id or 0, ("", ""))
        lines.append(
            TextLine(
                kind=row.kind,
                kind_label=str(row.get_kind_display()),
                day=row.day,
                initiative=initiative,
                area=area,
                text=source.text if source is not None else "",
                url=source.url if source is not None else "",
            )
        )
    return lines
