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

import os
import statistics
import sys
import time
from pathlib import Path

# Run as a script (`python bench/auth.py`), the project folder is not on the path yet.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import (
    bench_line,
    setup_django,
    throwaway_database,
)

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
    setup_django()
    from django.conf import settings

    from samenspel.conf import base

    count = int(os.environ.get("BENCH_LOGINS", "20"))
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    if "*" not in settings.ALLOWED_HOSTS and "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    with throwaway_database(prefix="samenspel-bench-auth-"):
        samples = time_logins(count=count)
        bench_line("auth.login.ms", statistics.median(samples), "ms")
    return 0


if __name__ == "__main__":
    sys.exit(run())
