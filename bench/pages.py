"""The page benchmark (`make bench`): the main pages at a small, a large and a huge
programme (ten times the large one).

Creates a throwaway database (Django's test-database machinery: SQLite by default, or
PostgreSQL when DATABASE_URL points at it), generates both programmes (bench/generate.py),
then asks every main page through Django's test client, logged in as a facilitator of the
programme. For each page and size it prints the number of SQL queries of one request and
the median latency over BENCH_REPEAT requests (after BENCH_WARMUP warm-up requests), and
the same for the floor: the `about` page, the full layout with no content.

Output, one figure a line (progress goes to stderr):

    # engine: sqlite
    BENCH pages.floor.median_ms 4.02 ms
    BENCH pages.programme.queries.small 9 queries
    ...

Targets (see bench/README.md): a page's query count is the same at every size, warm and
cold; at the large size its warm median is at most MAX_RATIO times the floor and its cold
median at most MAX_COLD_RATIO times; its cold median at the huge size is at most
MAX_COLD_GROWTH times the one at the large size. Exit status 1 on a miss.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.test import Client

    from bench.generate import Generated, Size

# Run as a script (`python bench/pages.py`), the project folder is not on the path yet.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import (
    SEED,
    bench_line,
    progress,
    setup_django,
    throwaway_database,
)

MAX_RATIO = 2.5
MAX_COLD_RATIO = 4.0
MAX_COLD_GROWTH = 1.3


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Generated], str]


def main_pages() -> list[Page]:
    """The pages measured at every size, in the order they are printed."""
    from django.urls import reverse

    def programme(name: str, **extra: Any) -> Callable[[Generated], str]:
        return lambda g: reverse(name, kwargs={"slug": g.programme.slug, **extra})

    return [
        Page("programme", programme("programme-detail")),
        Page("initiatives", programme("initiative-list")),
        Page(
            "initiative",
            lambda g: reverse(
                "initiative-detail",
                kwargs={"slug": g.programme.slug, "initiative_id": g.busy_initiative_id},
            ),
        ),
        Page(
            "cycle",
            lambda g: reverse(
                "cycle-detail", kwargs={"slug": g.programme.slug, "cycle_id": g.rich_cycle_id}
            ),
        ),
        Page("agenda", programme("question-list")),
        Page(
            "question",
            lambda g: reverse(
                "question-detail", kwargs={"slug": g.programme.slug, "number": g.question_number}
            ),
        ),
        Page("areas", programme("area-list")),
        Page("members", programme("membership-list")),
        Page("my_work", lambda g: reverse("my-work")),
    ]


def floor_page() -> Page:
    from django.urls import reverse

    return Page("floor", lambda g: reverse("about"))


def client_for(generated: Generated) -> Client:
    from django.test import Client

    client = Client()
    client.force_login(generated.facilitator, backend="django.contrib.auth.backends.ModelBackend")
    return client


def get_ok(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200.")


def count_queries(client: Client, url: str, *, cold: bool = False) -> tuple[int, list[str]]:
    """The SQL queries of one request (after one warm-up request, so that per-process
    caches such as the content types do not count). `cold` empties the cache first, as
    after a change in the programme (see samenspel/common/caching.py)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get_ok(client, url)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        get_ok(client, url)
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


def _timed_get(client: Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200.")
    return elapsed * 1000


@dataclass(frozen=True)
class Timing:
    page_ms: float
    floor_ms: float
    floor_samples: list[float]

    @property
    def ratio(self) -> float:
        return self.page_ms / self.floor_ms


def time_page(
    client: Client, url: str, floor_url: str, *, repeat: int, warmup: int, cold: bool = False
) -> Timing:
    """Median latency of `url`, and of the floor asked in turn with it: each page request
    is paired with a floor request of the same client, so that a busy machine slows both
    alike and the ratio stays fair. `cold` empties the cache before each page request
    (untimed): the cost of the first view after a change."""
    from django.core.cache import cache

    for _ in range(warmup):
        _timed_get(client, floor_url)
        _timed_get(client, url)
    pages, floors = [], []
    for _ in range(repeat):
        floors.append(_timed_get(client, floor_url))
        if cold:
            cache.clear()
        pages.append(_timed_get(client, url))
    return Timing(statistics.median(pages), statistics.median(floors), floors)


def run() -> int:
    setup_django()
    from django.conf import settings

    from bench.generate import HUGE, LARGE, SMALL, generate

    repeat = int(os.environ.get("BENCH_REPEAT", "30"))
    warmup = int(os.environ.get("BENCH_WARMUP", "3"))
    # Measure what production runs: no query log, no template instrumentation (this is
    # why setup_test_environment() is not called).
    settings.DEBUG = False
    if "*" not in settings.ALLOWED_HOSTS and "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    with throwaway_database():
        return _measure(
            repeat=repeat,
            warmup=warmup,
            generate=generate,
            sizes={"small": SMALL, "large": LARGE, "huge": HUGE},
        )


def _measure(
    *,
    repeat: int,
    warmup: int,
    generate: Callable[..., Generated],
    sizes: dict[str, Size],
) -> int:
    from django.db import connection

    labels = list(sizes)
    generated: dict[str, Generated] = {}
    for label, size in sizes.items():
        progress(f"generating the {label} programme ({size}) …")
        start = time.perf_counter()
        generated[label] = generate(slug=f"bench-{label}", size=size, seed=SEED)
        seconds = time.perf_counter() - start
        bench_line(f"generate.seconds.{label}", seconds, "s")
        progress(f"  {generated[label].counts} states={generated[label].states}")
    if connection.vendor == "postgresql":
        # What autovacuum would have done by the time a real programme has grown this big.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    floor = floor_page()
    floor_url = floor.url(generated["large"])
    floor_queries, _ = count_queries(client_for(generated["large"]), floor_url)

    lines: list[tuple[str, float, str]] = []
    floor_samples: list[float] = []
    misses: list[str] = []
    summary: list[str] = []
    for page in main_pages():
        queries: dict[str, int] = {}
        sql: dict[str, list[str]] = {}
        cold_queries: dict[str, int] = {}
        cold_sql: dict[str, list[str]] = {}
        timings: dict[str, Timing] = {}
        colds: dict[str, Timing] = {}
        for label in labels:
            g = generated[label]
            client = client_for(g)
            url = page.url(g)
            progress(f"{page.name} ({label}): {url}")
            queries[label], sql[label] = count_queries(client, url)
            cold_queries[label], cold_sql[label] = count_queries(client, url, cold=True)
            timing = timings[label] = time_page(
                client, url, floor_url, repeat=repeat, warmup=warmup
            )
            cold = colds[label] = time_page(
                client, url, floor_url, repeat=repeat, warmup=warmup, cold=True
            )
            floor_samples += timing.floor_samples
            lines += [
                (f"pages.{page.name}.queries.{label}", queries[label], "queries"),
                (f"pages.{page.name}.median_ms.{label}", timing.page_ms, "ms"),
                (f"pages.{page.name}.ratio_to_floor.{label}", timing.ratio, "x"),
                (f"pages.{page.name}.cold_queries.{label}", cold_queries[label], "queries"),
                (f"pages.{page.name}.cold_median_ms.{label}", cold.page_ms, "ms"),
                (f"pages.{page.name}.cold_ratio_to_floor.{label}", cold.ratio, "x"),
            ]
        large, cold_large = timings["large"], colds["large"]
        if large.ratio > MAX_RATIO:
            misses.append(
                f"pages.{page.name}: {large.page_ms:.2f} ms at the large size is "
                f"{large.ratio:.2f}x the floor (target at most {MAX_RATIO:g}x)"
            )
        if cold_large.ratio > MAX_COLD_RATIO:
            misses.append(
                f"pages.{page.name}: cold {cold_large.page_ms:.2f} ms at the large size is "
                f"{cold_large.ratio:.2f}x the floor (target at most {MAX_COLD_RATIO:g}x)"
            )
        # Medians in ms, not ratios: both sizes are timed against the same floor page.
        cold_growth = colds["huge"].page_ms / cold_large.page_ms
        lines.append((f"pages.{page.name}.cold_growth", cold_growth, "x"))
        if cold_growth > MAX_COLD_GROWTH:
            misses.append(
                f"pages.{page.name}: cold {colds['huge'].page_ms:.2f} ms at ten times the "
                f"large size is {cold_growth:.2f}x the large size "
                f"(target at most {MAX_COLD_GROWTH:g}x)"
            )
        counts_text = " / ".join(str(queries[label]) for label in labels)
        ratios = " / ".join(f"{timings[label].ratio:.2f}x" for label in labels)
        cold_ratios = " / ".join(f"{colds[label].ratio:.2f}x" for label in labels)
        summary.append(
            f"# {page.name:<12} {counts_text:<12} {ratios:<22} {cold_ratios:<22} {cold_growth:.2f}x"
        )
        for kind, counts, statements in (
            ("", queries, sql),
            ("cold ", cold_queries, cold_sql),
        ):
            if len(set(counts.values())) > 1:
                found = ", ".join(f"{counts[label]} at the {label} size" for label in labels)
                misses.append(f"pages.{page.name}: {kind}queries {found} (target: the same)")
                if os.environ.get("BENCH_SHOW_SQL"):
                    for label in labels:
                        progress(f"-- {page.name} {kind}{label}:\n" + "\n".join(statements[label]))

    bench_line("pages.floor.median_ms", statistics.median(floor_samples), "ms")
    bench_line("pages.floor.queries", floor_queries, "queries")
    for key, value, unit in lines:
        bench_line(key, value, unit)

    print(
        "# summary: page, queries (small / large / huge), warm ratio to floor, cold ratio "
        "to floor, cold growth (huge / large)"
    )
    for line in summary:
        print(line)
    print(
        f"# targets: queries equal at every size, warm and cold; at the large size warm "
        f"median <= {MAX_RATIO:g}x floor and cold median <= {MAX_COLD_RATIO:g}x floor; "
        f"cold median at ten times the large size <= {MAX_COLD_GROWTH:g}x the large one"
    )
    if misses:
        for miss in misses:
            print(f"# MISS {miss}")
        print(f"# {len(misses)} target(s) missed")
        return 1
    print("# all targets hold")
    return 0


if __name__ == "__main__":
    sys.exit(run())
