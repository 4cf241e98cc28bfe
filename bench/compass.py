"""The compass benchmark (`make bench BENCH=compass`): the figures of a programme with
100,000 assessments, counted cold.

Creates a throwaway database (as bench/pages.py does: SQLite by default, PostgreSQL when
DATABASE_URL points at it), generates the large programme (bench/generate.py) with its
compass, then computes what the compass pages show of the whole programme over all time:
the picture (compass.selectors.compass_picture), the trend of every facet (compass_trend)
and the notes with the perspective gaps (gap_notes). The cache is emptied before every
run, so nothing is drawn from it; the median of BENCH_COMPASS_REPEAT runs is printed:

    # engine: sqlite
    BENCH compass.generate.seconds 12.00 s
    BENCH compass.aggregate.ms 250.00 ms
    BENCH compass.aggregate.queries 7 queries
    ...

Target (see bench/README.md): at most MAX_QUERIES queries, whatever the number of
assessments. The time has no target; it is the cost of the first compass page after a
change in the programme. Exit status 1 on a miss.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

# Run as a script (`python bench/compass.py`), the project folder is not on the path yet.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import SEED, bench_line, progress, setup_django, throwaway_database

MAX_QUERIES = 10


def aggregate(compass_id: int) -> dict[str, float]:
    """One cold computation of the programme's figures; milliseconds per part."""
    from samenspel.compass.models import Compass
    from samenspel.compass.selectors import Scope, compass_picture, compass_trend, gap_notes

    parts: dict[str, float] = {}
    start = time.perf_counter()
    compass = Compass.objects.select_related("programme").get(pk=compass_id)
    scope = Scope()
    picture = compass_picture(compass=compass, scope=scope)
    parts["picture"] = time.perf_counter() - start
    mark = time.perf_counter()
    compass_trend(compass=compass, scope=scope)
    parts["trend"] = time.perf_counter() - mark
    mark = time.perf_counter()
    gap_notes(compass=compass, scope=scope, gaps=picture.gaps)
    parts["notes"] = time.perf_counter() - mark
    parts["total"] = time.perf_counter() - start
    return {key: seconds * 1000 for key, seconds in parts.items()}


def measure(compass_id: int, *, repeat: int) -> tuple[dict[str, float], int]:
    """Median milliseconds per part over `repeat` cold runs, and the queries of one."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        aggregate(compass_id)
    runs = []
    for _ in range(repeat):
        cache.clear()
        runs.append(aggregate(compass_id))
    medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    return medians, len(captured.captured_queries)


def exports(compass_id: int) -> dict[str, float]:
    """The whole programme's answers downloaded once as CSV and once as XLSX: seconds
    and size (compass.exports, as the download addresses send them)."""
    from samenspel.compass import exports as compass_exports
    from samenspel.compass.models import Compass

    programme = Compass.objects.select_related("programme").get(pk=compass_id).programme
    start = time.perf_counter()
    lines = 0
    size = 0
    for line in compass_exports.csv_lines(programme):
        lines += 1
        size += len(line.encode())
    csv_seconds = time.perf_counter() - start
    start = time.perf_counter()
    workbook = compass_exports.xlsx_bytes(programme)
    return {
        "csv_s": csv_seconds,
        "csv_mb": size / 1e6,
        "rows": lines - 1,
        "xlsx_s": time.perf_counter() - start,
        "xlsx_mb": len(workbook) / 1e6,
    }


def run() -> int:
    setup_django()
    from django.conf import settings
    from django.db import connection

    from bench.generate import LARGE, generate

    settings.DEBUG = False
    repeat = int(os.environ.get("BENCH_COMPASS_REPEAT", "5"))
    with throwaway_database():
        progress(f"generating the large programme ({LARGE}) …")
        start = time.perf_counter()
        generated = generate(slug="bench-large", size=LARGE, seed=SEED)
        bench_line("compass.generate.seconds", time.perf_counter() - start, "s")
        bench_line("compass.generate.compass_seconds", generated.seconds["compass"], "s")
        bench_line("compass.assessments", generated.counts["assessments"], "assessments")
        bench_line("compass.scores", generated.counts["scores"], "scores")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        assert generated.compass_id is not None
        progress(f"computing the figures {repeat} times, cold …")
        medians, queries = measure(generated.compass_id, repeat=repeat)
        progress("downloading all answers as CSV and as XLSX …")
        files = exports(generated.compass_id)
    bench_line("compass.aggregate.ms", medians["total"], "ms")
    for part in ("picture", "trend", "notes"):
        bench_line(f"compass.aggregate.{part}_ms", medians[part], "ms")
    bench_line("compass.aggregate.queries", queries, "queries")
    bench_line("compass.export.rows", files["rows"], "rows")
    for key, unit in (("csv_s", "s"), ("csv_mb", "MB"), ("xlsx_s", "s"), ("xlsx_mb", "MB")):
        bench_line(f"compass.export.{key}", files[key], unit)
    print(f"# target: at most {MAX_QUERIES} queries, whatever the number of assessments")
    if queries > MAX_QUERIES:
        print(f"# MISS compass.aggregate: {queries} queries (target at most {MAX_QUERIES})")
        return 1
    print("# all targets hold")
    return 0


if __name__ == "__main__":
    sys.exit(run())
