"""The backup benchmark (`make bench`): back up the large programme and restore it.

Creates a throwaway database (as bench/pages.py does: SQLite by default, PostgreSQL when
DATABASE_URL points at it), generates the large programme (bench/generate.py), writes a
backup to a temporary file, empties the database and restores the file into it. Prints:

    # engine: sqlite
    BENCH backup.seconds 3.10 s
    BENCH restore.seconds 4.20 s
    BENCH restore.records 61234 records
    BENCH restore.peak_mb 12.50 MB

`restore.peak_mb` is the peak of the memory Python allocates during a second restore
(tracemalloc, which slows Python down, so the timed restore runs without it), above what
it held before: it shows that the file is never read whole.
Target (see bench/README.md): the restore takes at most MAX_RATIO times the backup. Exit
status 1 on a miss.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

# Run as a script (`python bench/backup.py`), the project folder is not on the path yet.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import (
    SEED,
    bench_line,
    progress,
    setup_django,
    throwaway_database,
)

MAX_RATIO = 2.0


def run() -> int:
    setup_django()
    from django.conf import settings

    settings.DEBUG = False
    with throwaway_database() as workdir:
        return _measure(workdir / "backup.json")


def _measure(path: Path) -> int:
    from dataclasses import replace

    from django.core.management import call_command

    from bench.generate import LARGE, generate
    from samenspel.common.backup import backup_write, restore_read

    # Without the compass's 100,000 assessments (half a million rows with their scores):
    # the figures stay comparable with the earlier runs, and the run short.
    size = replace(LARGE, assessments=0)
    progress(f"generating the large programme ({size}) …")
    generate(slug="bench-large", size=size, seed=SEED)

    progress(f"backing up to {path} …")
    start = time.perf_counter()
    with open(path, "w", encoding="utf-8") as stream:
        backup_write(stream=stream)
    backup_seconds = time.perf_counter() - start
    bench_line("backup.seconds", backup_seconds, "s")

    def restore() -> int:
        call_command("flush", interactive=False, verbosity=0)
        with open(path, "rb") as stream:
            return restore_read(stream=stream, allow_administrators=True).total

    progress("restoring …")
    start = time.perf_counter()
    records = restore()
    restore_seconds = time.perf_counter() - start
    bench_line("restore.seconds", restore_seconds, "s")
    bench_line("restore.records", records, "records")

    # Again, traced: tracemalloc slows Python down, so the timing above is made without it.
    progress("restoring again, tracing memory …")
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    restore()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    bench_line("restore.peak_mb", (peak - before) / 1_000_000, "MB")
    progress(f"  file size {path.stat().st_size / 1_000_000:.1f} MB")

    print(f"# target: restore.seconds <= {MAX_RATIO:g}x backup.seconds")
    if restore_seconds > MAX_RATIO * backup_seconds:
        print(
            f"# MISS restore: {restore_seconds:.2f} s is "
            f"{restore_seconds / backup_seconds:.2f}x the backup's {backup_seconds:.2f} s "
            f"(target at most {MAX_RATIO:g}x)"
        )
        print("# 1 target(s) missed")
        return 1
    print("# all targets hold")
    return 0


if __name__ == "__main__":
    sys.exit(run())
