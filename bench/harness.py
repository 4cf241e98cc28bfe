"""What every benchmark shares: Django set up with the test settings, figures printed as
`BENCH <key> <number> <unit>` lines (progress to stderr), and a throwaway database that
is dropped afterwards (SQLite in a file of a temporary folder, like the embedded default
in production; PostgreSQL when DATABASE_URL points at it)."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEED = 20_260_601


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_line(key: str, value: float, unit: str) -> None:
    number = str(value) if isinstance(value, int) else f"{value:.2f}"
    print(f"BENCH {key} {number} {unit}", flush=True)


def database_url() -> str:
    """The address of the throwaway database, for a server process."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    at = f"{user}{password}@" if user else ""
    host = f"{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}"
    return f"postgres://{at}{host}/{settings['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def setup_django() -> None:
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.conf.test")
    import django

    django.setup()


@contextlib.contextmanager
def throwaway_database(prefix: str = "samenspel-bench-") -> Iterator[Path]:
    """Create the throwaway database, print the engine, and yield a temporary folder for
    files; drop both afterwards."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    if connection.vendor == "sqlite":
        # A file, like the embedded default in production, not Django's in-memory test DB.
        database = settings.DATABASES["default"]
        database.setdefault("TEST", {})["NAME"] = str(workdir / "bench.sqlite3")
    print(f"# engine: {connection.vendor}", flush=True)
    progress(f"creating a throwaway {connection.vendor} database …")
    old_config = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        yield workdir
    finally:
        progress("dropping the throwaway database …")
        teardown_databases(old_config, verbosity=0)
        for leftover in workdir.iterdir():
            with contextlib.suppress(OSError):
                leftover.unlink()
        with contextlib.suppress(OSError):
            workdir.rmdir()
