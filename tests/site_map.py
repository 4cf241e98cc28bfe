"""Every page of the site, with real addresses: the URL resolver is walked and each named
pattern reversed with ids, slugs and numbers from the accessibility tests' world. A new
page is covered without being listed; a pattern that cannot be reversed (a new kind of
address argument, or no name) fails the tests that use this map, so that it is added
here rather than forgotten.
"""

import itertools
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

# The admin is Django's own; logout, set_language and the phase actions of a cycle only
# answer a POST (they are the buttons on the pages that are visited).
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {
    "logout",
    "set_language",
    "cycle-expectation",
    "cycle-start",
    "cycle-observation",
    "cycle-review",
    "cycle-adjustment",
    "cycle-abandon",
    "initiative-accept",
    # The room of a learning session: its steps are buttons and forms on the room page.
    "room-advance",
    "room-actions",
    "room-contribute",
    "room-themes",
    "room-vote",
    "room-capture",
    # The compass round in the room: buttons and a form on the room page
    # (tests/test_compass_round.py).
    "room-compass-open",
    "room-compass-close",
    "room-compass-answer",
    # Files, not pages: the session report as a PDF and the calendar feed
    # (tests/test_session_report.py, tests/test_calendar.py).
    "session-report-pdf",
    "calendar-feed",
    # The compass: buttons on the facets, facet and answer-link pages.
    "compass-facet-move",
    "compass-facet-retire",
    "compass-link-reopen",
    # Files, not pages: the compass's charts (SVG, PNG) and its answers (CSV, XLSX)
    # (tests/test_compass_pictures.py).
    "compass-chart",
    "compass-export",
    # The travel report: buttons on its pages (tests/test_journal_pages.py,
    # tests/test_journal_voices.py, tests/test_journal_renderings.py), and its files.
    "journal-start",
    "journal-chapter-move",
    "journal-review-open",
    "journal-review-close",
    "journal-comment-add",
    "journal-comment-resolve",
    "journal-consent-answer",
    "journal-render",
    "journal-rendering-download",
    "journal-public-download",
    # The recurring themes: the button that asks for a new analysis.
    "themes-refresh",
    # Files, not pages: the governance overview as a PDF and a CSV
    # (tests/test_insights_dashboards.py).
    "governance-pdf",
    "governance-csv",
}


def _patterns(
    patterns: list[Any], namespace: str = "", arguments: frozenset[str] = frozenset()
) -> Iterator[tuple[str | None, frozenset[str]]]:
    for pattern in patterns:
        names = arguments | frozenset(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner, names)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None), names


def arguments_from(world: dict[str, Any]) -> dict[str, list[Any]]:
    """The values each address argument takes: every area, every cycle (one per phase)."""
    return {
        "slug": [world["p"].rsplit("/", 1)[-1]],
        "area_id": [world["area"], world["empty_area"]],
        "initiative_id": [world["initiative"]],
        "number": [world["question"]],
        "membership_id": [world["membership"]],
        "cycle_id": [
            world[state]
            for state in ("draft", "draft_expected", "acting", "reviewed", "closed", "abandoned")
        ],
        # Learning sessions: one in discussion (the room), one planned and a closed one;
        # the live board's key.
        "session_id": [
            world["session_in_discussion"],
            world["session_planned"],
            world["session_closed"],
        ],
        "key": [world["watch_key"]],
        "coaching_id": [world["coaching"]],
        "conversation_id": [world["conversation"]],
        "goal_id": [world["goal"]],
        # The compass: an answered facet and one nobody answered; the facilitator's own
        # answer; an open answer link, and a closed one's key.
        "facet_id": [world["facet"], world["facet_unanswered"]],
        "assessment_id": [world["assessment"]],
        "link_id": [world["link"]],
        "link_key": [world["link_key"], world["closed_link_key"]],
        # The travel report: its introduction and a generated chapter, a voice, a file
        # made of the draft (version 1 is reached with `number`).
        "chapter_id": [world["chapter"], world["chapter_generated"]],
        "voice_id": [world["voice"]],
        "rendering_id": [world["rendering"]],
        # The recurring themes: one theme of the world's analysis.
        "theme_id": [world["theme"]],
        # A password reset link that is no longer valid.
        "uidb64": ["MQ"],
        "token": ["ongeldig-1234"],
    }


def every_page(world: dict[str, Any]) -> list[tuple[str, str]]:
    """(pattern name, address) for every page that answers a GET, each address once."""
    values = arguments_from(world)
    pages: dict[str, str] = {}
    unreversed = []
    for name, arguments in _patterns(get_resolver().url_patterns):
        if name is None or name.rsplit(":", 1)[-1] in SKIPPED_NAMES:
            if name is None:
                unreversed.append(f"a pattern without a name ({sorted(arguments)})")
            continue
        missing = sorted(arguments - values.keys())
        if missing:
            unreversed.append(f"{name}: no value for {', '.join(missing)} in site_map.py")
            continue
        keys = sorted(arguments)
        for combination in itertools.product(*(values[key] for key in keys)):
            try:
                address = reverse(name, kwargs=dict(zip(keys, combination, strict=True)))
                pages.setdefault(address, name)
            except NoReverseMatch as error:
                unreversed.append(f"{name}: {error}")
    assert not unreversed, "pages the site map cannot reach:\n" + "\n".join(unreversed)
    return [(name, address) for address, name in pages.items()]
