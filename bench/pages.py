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
MAX_COLD_GROWTH times the one at the large size. The compass pages (COMPASS_PAGES, each
measured once its URL name exists) are held to the query counts and to a warm median at
most MAX_COMPASS_RATIO times the floor; the dashboards and the helicopter view's pages
(INSIGHTS_PAGES, each measured once its URL name exists) to the query counts and to a
warm median at most MAX_INSIGHTS_RATIO times the floor. Exit status 1 on a miss.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
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
    database_url,
    free_port,
    progress,
    setup_django,
    throwaway_database,
)

MAX_RATIO = 2.5
MAX_COLD_RATIO = 4.0
MAX_COLD_GROWTH = 1.3
# The compass pages, warm (from the cache), at most this many times the floor.
MAX_COMPASS_RATIO = 3.0

# The dashboards and the other pages of the helicopter view, warm (from the cache), at
# most this many times the floor (issue 9), with the same query count at every size.
MAX_INSIGHTS_RATIO = 3.0

# The helicopter view's pages (key, URL name, whether the address names the programme,
# query string with {slug} for the programme's), each measured once its URL name exists:
# they are built side by side, and a page not built yet is left out, not failed.
INSIGHTS_PAGES = [
    ("dashboard", "dashboard", True, ""),
    ("governance", "governance", True, ""),
    ("helicopter", "helicopter", True, ""),
    ("themes", "themes", True, ""),
    ("search", "search", False, "?q=experimenten&programme={slug}"),
]

# The compass pages (key, URL name).
COMPASS_PAGES = [
    ("compass", "compass"),
    ("compass_trend", "compass-trend"),
    ("compass_facets", "compass-facets"),
    ("compass_answer", "compass-answer"),
    ("compass_personal", "compass-personal"),
]


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Generated], str]
    max_ratio: float = MAX_RATIO
    # False: the cold figures are printed, with no target. The compass pages count their
    # figures over every assessment of the programme, a cost that grows with the data;
    # bench/compass.py measures it.
    cold_targets: bool = True


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
        *compass_pages(),
        *insights_pages(),
    ]


def compass_pages() -> list[Page]:
    """The compass pages, held to the query counts and to warm at most
    MAX_COMPASS_RATIO times the floor; their cold figures are printed without a target
    (bench/compass.py measures what a cold compass page computes)."""
    from django.urls import reverse

    return [
        Page(
            key,
            lambda g, url_name=url_name: reverse(url_name, kwargs={"slug": g.programme.slug}),
            max_ratio=MAX_COMPASS_RATIO,
            cold_targets=False,
        )
        for key, url_name in COMPASS_PAGES
    ]


def insights_pages() -> list[Page]:
    """The dashboards and the helicopter view's pages whose URL names exist, held to the
    query counts and to warm at most MAX_INSIGHTS_RATIO times the floor. Their cold
    figures are printed without a target: a cold governance overview counts the compass
    trend over every assessment, as the compass pages do (bench/compass.py)."""
    from django.urls import NoReverseMatch, reverse

    pages = []
    for key, url_name, in_programme, query in INSIGHTS_PAGES:
        try:
            reverse(url_name, kwargs={"slug": "bench"} if in_programme else None)
        except NoReverseMatch:
            progress(f"{key}: not built yet ({url_name}), not measured")
            continue

        def url(
            g: Generated,
            url_name: str = url_name,
            in_programme: bool = in_programme,
            query: str = query,
        ) -> str:
            slug = g.programme.slug
            address = reverse(url_name, kwargs={"slug": slug} if in_programme else None)
            return address + query.format(slug=slug)

        pages.append(Page(key, url, max_ratio=MAX_INSIGHTS_RATIO, cold_targets=False))
    return pages


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


# --- Served: the pages through gunicorn over HTTP, as production serves them -------------


@contextlib.contextmanager
def served() -> Iterator[int]:
    """gunicorn serving the throwaway database (one worker, so that one cache serves
    every request, as a worker's own cache does in production). Yields its port."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "samenspel.conf.test",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "samenspel.wsgi", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*command, "--workers", "1", "--log-level", "warning"], env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start.")
            time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


@dataclass(frozen=True)
class HttpClient:
    """One logged-in person's requests to the served site, a new connection each (the
    sync worker closes it after every answer)."""

    port: int
    cookie: str

    def get(self, url: str) -> float:
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", url, headers={"Cookie": self.cookie, "Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise RuntimeError(f"GET {url} answered {response.status}, not 200.")
        return elapsed


def http_client_for(generated: Generated, port: int) -> HttpClient:
    session = client_for(generated).cookies["sessionid"].value
    return HttpClient(port, f"sessionid={session}")


def programme_changed(generated: Generated) -> None:
    """What any write in the programme does to its cached pages (common.caching): its
    data version goes up."""
    from django.db.models import F

    from samenspel.programmes.models import Programme

    Programme.objects.filter(pk=generated.programme.pk).update(data_version=F("data_version") + 1)


def time_served(
    client: HttpClient,
    url: str,
    floor_url: str,
    *,
    repeat: int,
    warmup: int,
    cold: Callable[[], None] | None = None,
) -> Timing:
    """As time_page, through the server. `cold` is called (untimed) before each page
    request: a change in the programme, so that the page is the first view after it."""
    for _ in range(warmup):
        client.get(floor_url)
        client.get(url)
    pages, floors = [], []
    for _ in range(repeat):
        floors.append(client.get(floor_url))
        if cold is not None:
            cold()
        pages.append(client.get(url))
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
    with served() as port:
        return _measure_pages(
            generated=generated,
            labels=labels,
            floor_url=floor_url,
            floor_queries=floor_queries,
            port=port,
            repeat=repeat,
            warmup=warmup,
        )


@dataclass
class PageFigures:
    """One page's figures at every size: in-process and served, warm and cold."""

    queries: dict[str, int]
    cold_queries: dict[str, int]
    sql: dict[str, list[str]]
    cold_sql: dict[str, list[str]]
    warm: dict[str, Timing]
    cold: dict[str, Timing]
    served_warm: dict[str, Timing]
    served_cold: dict[str, Timing]

    def growth(self, timings: dict[str, Timing]) -> float:
        # Medians in ms, not ratios: both sizes are timed against the same floor page.
        return timings["huge"].page_ms / timings["large"].page_ms


def _measure_page(
    page: Page,
    *,
    generated: dict[str, Generated],
    labels: list[str],
    floor_url: str,
    port: int,
    repeat: int,
    warmup: int,
) -> PageFigures:
    figures = PageFigures({}, {}, {}, {}, {}, {}, {}, {})
    for label in labels:
        g = generated[label]
        client = client_for(g)
        url = page.url(g)
        progress(f"{page.name} ({label}): {url}")
        figures.queries[label], figures.sql[label] = count_queries(client, url)
        figures.cold_queries[label], figures.cold_sql[label] = count_queries(client, url, cold=True)
        n = {"repeat": repeat, "warmup": warmup}
        figures.warm[label] = time_page(client, url, floor_url, cold=False, **n)
        figures.cold[label] = time_page(client, url, floor_url, cold=True, **n)
        browser = http_client_for(g, port)
        figures.served_warm[label] = time_served(browser, url, floor_url, cold=None, **n)
        figures.served_cold[label] = time_served(
            browser, url, floor_url, cold=partial(programme_changed, g), **n
        )
    return figures


def _lines(name: str, figures: PageFigures, labels: list[str]) -> list[tuple[str, float, str]]:
    lines: list[tuple[str, float, str]] = []
    for label in labels:
        warm, cold = figures.warm[label], figures.cold[label]
        served_warm, served_cold = figures.served_warm[label], figures.served_cold[label]
        lines += [
            (f"pages.{name}.queries.{label}", figures.queries[label], "queries"),
            (f"pages.{name}.median_ms.{label}", warm.page_ms, "ms"),
            (f"pages.{name}.ratio_to_floor.{label}", warm.ratio, "x"),
            (f"pages.{name}.cold_queries.{label}", figures.cold_queries[label], "queries"),
            (f"pages.{name}.cold_median_ms.{label}", cold.page_ms, "ms"),
            (f"pages.{name}.cold_ratio_to_floor.{label}", cold.ratio, "x"),
            (f"pages.{name}.served.median_ms.{label}", served_warm.page_ms, "ms"),
            (f"pages.{name}.served.ratio_to_floor.{label}", served_warm.ratio, "x"),
            (f"pages.{name}.served.cold_median_ms.{label}", served_cold.page_ms, "ms"),
            (f"pages.{name}.served.cold_ratio_to_floor.{label}", served_cold.ratio, "x"),
        ]
    lines.append((f"pages.{name}.cold_growth", figures.growth(figures.cold), "x"))
    lines.append((f"pages.{name}.served.cold_growth", figures.growth(figures.served_cold), "x"))
    return lines


def _misses(page: Page, figures: PageFigures, labels: list[str]) -> list[str]:
    """The targets, on the served figures (as production serves the pages); query counts
    from the in-process requests."""
    misses = []
    name = page.name
    warm, cold = figures.served_warm["large"], figures.served_cold["large"]
    if warm.ratio > page.max_ratio:
        misses.append(
            f"pages.{name}: served {warm.page_ms:.2f} ms at the large size is "
            f"{warm.ratio:.2f}x the floor (target at most {page.max_ratio:g}x)"
        )
    if page.cold_targets and cold.ratio > MAX_COLD_RATIO:
        misses.append(
            f"pages.{name}: served cold {cold.page_ms:.2f} ms at the large size is "
            f"{cold.ratio:.2f}x the floor (target at most {MAX_COLD_RATIO:g}x)"
        )
    growth = figures.growth(figures.served_cold)
    if page.cold_targets and growth > MAX_COLD_GROWTH:
        misses.append(
            f"pages.{name}: served cold {figures.served_cold['huge'].page_ms:.2f} ms at ten "
            f"times the large size is {growth:.2f}x the large size "
            f"(target at most {MAX_COLD_GROWTH:g}x)"
        )
    for kind, counts, statements in (
        ("", figures.queries, figures.sql),
        ("cold ", figures.cold_queries, figures.cold_sql),
    ):
        if len(set(counts.values())) > 1:
            found = ", ".join(f"{counts[label]} at the {label} size" for label in labels)
            misses.append(f"pages.{name}: {kind}queries {found} (target: the same)")
            if os.environ.get("BENCH_SHOW_SQL"):
                for label in labels:
                    progress(f"-- {name} {kind}{label}:\n" + "\n".join(statements[label]))
    return misses


def _measure_pages(
    *,
    generated: dict[str, Generated],
    labels: list[str],
    floor_url: str,
    floor_queries: int,
    port: int,
    repeat: int,
    warmup: int,
) -> int:
    lines: list[tuple[str, float, str]] = []
    floor_samples: list[float] = []
    served_floor_samples: list[float] = []
    misses: list[str] = []
    summary: list[str] = []
    for page in main_pages():
        figures = _measure_page(
            page,
            generated=generated,
            labels=labels,
            floor_url=floor_url,
            port=port,
            repeat=repeat,
            warmup=warmup,
        )
        for label in labels:
            floor_samples += figures.warm[label].floor_samples
            served_floor_samples += figures.served_warm[label].floor_samples
        lines += _lines(page.name, figures, labels)
        misses += _misses(page, figures, labels)

        def ratios(timings: dict[str, Timing]) -> str:
            return " / ".join(f"{timings[label].ratio:.2f}x" for label in labels)

        counts = " / ".join(str(figures.queries[label]) for label in labels)
        summary.append(
            f"# {page.name:<12} {counts:<12} {ratios(figures.served_warm):<22} "
            f"{ratios(figures.served_cold):<22} {figures.growth(figures.served_cold):.2f}x   "
            f"| {ratios(figures.cold):<22} {figures.growth(figures.cold):.2f}x"
        )

    bench_line("pages.floor.median_ms", statistics.median(floor_samples), "ms")
    bench_line("pages.floor.served.median_ms", statistics.median(served_floor_samples), "ms")
    bench_line("pages.floor.queries", floor_queries, "queries")
    for key, value, unit in lines:
        bench_line(key, value, unit)

    print(
        "# summary: page, queries (small / large / huge); served: warm ratio to floor, "
        "cold ratio to floor, cold growth (huge / large) | in-process: cold ratio to floor, "
        "cold growth"
    )
    for line in summary:
        print(line)
    print(
        f"# targets (served): queries equal at every size, warm and cold; at the large "
        f"size warm median <= {MAX_RATIO:g}x floor and cold median <= {MAX_COLD_RATIO:g}x "
        f"floor; cold median at ten times the large size <= {MAX_COLD_GROWTH:g}x the large one; "
        f"the compass pages: queries equal, warm median <= {MAX_COMPASS_RATIO:g}x floor; "
        f"the dashboards and the helicopter view: queries equal, warm median <= "
        f"{MAX_INSIGHTS_RATIO:g}x floor"
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
