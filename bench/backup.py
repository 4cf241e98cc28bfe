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

import contextlib
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
MAX_RATIO = 2.0
SEED = 20_260_601


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _bench(key: str, value: float, unit: str) -> None:
    number = str(value) if isinstance(value, int) else f"{value:.2f}"
    print(f"BENCH {key} {number} {unit}", flush=True)


def _setup_django() -> None:
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.conf.test")
    import django

    django.setup()


def run() -> int:
    _setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    settings.DEBUG = False
    workdir = tempfile.mkdtemp(prefix="samenspel-bench-")
    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        # A file, like the embedded default in production, not Django's in-memory test DB.
        database.setdefault("TEST", {})["NAME"] = str(Path(workdir) / "bench.sqlite3")
    print(f"# engine: {connection.vendor}", flush=True)
    _progress(f"creating a throwaway {connection.vendor} database …")
    old_config = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        return _measure(Path(workdir) / "backup.json")
    finally:
        _progress("dropping the throwaway database …")
        teardown_databases(old_config, verbosity=0)
        with contextlib.suppress(OSError):
            Path(workdir, "backup.json").unlink()
            os.rmdir(workdir)


def _measure(path: Path) -> int:
    from django.core.management import call_command

    from bench.generate import LARGE, generate
    from samenspel.common.backup import backup_write, restore_read

    _progress(f"generating the large programme ({LARGE}) …")
    generate(slug="bench-large", size=LARGE, seed=SEED)

    _progress(f"backing up to {path} …")
    start = time.perf_counter()
    with open(path, "w", encoding="utf-8") as stream:
        backup_write(stream=stream)
    backup_seconds = time.perf_counter() - start
    _bench("backup.seconds", backup_seconds, "s")

    def restore() -> int:
        call_command("flush", interactive=False, verbosity=0)
        with open(path, "rb") as stream:
            return restore_read(stream=stream, allow_administrators=True).total

    _progress("restoring …")
    start = time.perf_counter()
    records = restore()
    restore_seconds = time.perf_counter() - start
    _bench("restore.seconds", restore_seconds, "s")
    _bench("restore.records", records, "records")

    # Again, traced: tracemalloc slows Python down, so the timing above is made without it.
    _progress("restoring again, tracing memory …")
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    restore()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    _bench("restore.peak_mb", (peak - before) / 1_000_000, "MB")
    _progress(f"  file size {path.stat().st_size / 1_000_000:.1f} MB")

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
