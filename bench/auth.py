"""The log-in benchmark (`make bench`): what one log-in costs with the production password
hasher (samenspel.conf.base, not the test suite's fast one).

Creates a throwaway database like bench/pages.py, makes one account, and logs in
BENCH_LOGINS times through the real log-in view with Django's test client, each time with
a fresh client (no session). Prints the median:

    BENCH auth.login.ms 41.20 ms

Most of a log-in is the password hash, so this figure follows the hasher's cost
parameters (samenspel/accounts/hashers.py).
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
EMAIL = "bench-login@example.nl"
PASSWORD = "een-lang-bench-wachtwoord-42"


def time_logins(*, count: int) -> list[float]:
    """Milliseconds of `count` log-ins of one account through the log-in form."""
    from django.test import Client
    from django.urls import reverse

    from samenspel.accounts.models import User

    if not User.objects.filter(email=EMAIL).exists():
        User.objects.create_user(EMAIL, PASSWORD, name="Bench")
    url = reverse("login")
    samples = []
    for _ in range(count):
        client = Client()
        start = time.perf_counter()
        response = client.post(url, {"username": EMAIL, "password": PASSWORD})
        elapsed = time.perf_counter() - start
        if response.status_code != 302:
            raise RuntimeError(f"log-in answered {response.status_code}, not 302.")
        samples.append(elapsed * 1000)
    return samples


def run() -> int:
    sys.path.insert(0, str(PROJECT_DIR))
    from bench.pages import _bench, _progress, _setup_django

    _setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from samenspel.conf import base

    count = int(os.environ.get("BENCH_LOGINS", "20"))
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    if "*" not in settings.ALLOWED_HOSTS and "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    workdir = tempfile.mkdtemp(prefix="samenspel-bench-auth-")
    if connection.vendor == "sqlite":
        database = settings.DATABASES["default"]
        database.setdefault("TEST", {})["NAME"] = str(Path(workdir) / "bench.sqlite3")
    print(f"# engine: {connection.vendor}", flush=True)
    _progress(f"creating a throwaway {connection.vendor} database …")
    old_config = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        samples = time_logins(count=count)
        _bench("auth.login.ms", statistics.median(samples), "ms")
        return 0
    finally:
        _progress("dropping the throwaway database …")
        teardown_databases(old_config, verbosity=0)
        with contextlib.suppress(OSError):
            os.rmdir(workdir)


if __name__ == "__main__":
    sys.exit(run())
