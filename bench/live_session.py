"""The live-session benchmark (`make bench`, or `make bench BENCH=live`): N participants in
one learning session, served as in production, each watching the board while submitting
contributions and votes.

    .venv/bin/python -m bench.live_session                     # N = 200, then N = 1,000
    .venv/bin/python -m bench.live_session --participants 200

Set-up (not measured): a throwaway PostgreSQL database (bench.harness; the address is
DATABASE_URL when it names PostgreSQL, else LIVE_DATABASE_URL below), migrated; the
static files collected; gunicorn with the production settings on a free port of
127.0.0.1 (SERVER below). For each N a programme, a facilitator and a session in the
silent-input phase, made through the services.

The load, one asyncio loop with one httpx client per participant (its own cookies, at
most two kept-alive connections, as a browser tab):

1. **join**: the participants join one after another (JOIN_RATE a second): GET /join/,
   POST /join/ with the code and a name, GET the room (its CSRF token, `data-live`,
   `data-version`). From then on each one polls `/live/<key>/` as static/samenspel/
   live.js does: every 0.8 to 1.2 s after the previous answer, with If-None-Match, and
   reloads the room when the phase changed.
2. **idle**: IDLE seconds of polling only (every answer a 304); the server's, the
   database's and the client's CPU are read before and after.
3. **input**: each participant sends K contributions at random moments within INPUT
   seconds (POST /contribute/, 302 back to the room, which it then loads, as a browser
   follows the redirect).
4. the facilitator's steps, through the services: themes, then voting.
5. **voting**: each participant casts its votes at random moments within VOTING seconds.
6. **tail**: TAIL seconds more of polling, so that the last changes arrive.

Then the database is checked: every acknowledged contribution (its text carries a
unique mark) must be stored, and the themes' votes must add up to the acknowledged
votes. Figures, one a line (progress goes to stderr); bench/README.md defines them:

    BENCH session.200.submit.p95_ms 41.20 ms
    BENCH session.200.watch.p95_ms 3.10 ms
    BENCH session.200.watch.delay_p95_ms 1180.00 ms
    BENCH session.200.errors 0 errors
    BENCH session.200.lost 0 contributions and votes
    ...

Targets, for N up to 200 (TARGET_PARTICIPANTS): submit p95 under 200 ms, no errors,
nothing lost, and a change reaching the other watchers within 2 s (p95). Larger N are
reported without a target. Exit status 1 on a miss.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import itertools
import math
import os
import random
import re
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import httpx

    from samenspel.learning_sessions.models import LearningSession

# Run as a script (`python bench/live_session.py`), the project folder is not on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import (
    bench_line,
    database_url,
    free_port,
    progress,
    setup_django,
    throwaway_database,
)

LIVE_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/samenspel_bench_live"
PARTICIPANTS = (200, 1000)
# The targets hold for sessions up to this size; larger ones are reported as they are.
TARGET_PARTICIPANTS = 200
MAX_SUBMIT_P95_MS = 200.0
MAX_DELAY_P95_MS = 2000.0

# gunicorn on two cores: two processes, so that Python runs on both cores (a process runs
# Python on one core at a time), and four threads each, so that a request waiting for the
# database or for the session's row lock does not hold up the polls behind it. gthread
# keeps connections alive between requests, so a poll costs no new connection.
SERVER = {"worker_class": "gthread", "workers": 2, "threads": 4}
# The participants talk to gunicorn directly, where in production they talk to the reverse
# proxy, which keeps their connections alive (nginx: 75 s) and opens its own to gunicorn.
# So gunicorn keeps connections alive as long as the proxy would, and the client lets an
# idle connection go well before that: reusing a connection at the moment the server
# closes it fails the request, a race a starved client would otherwise run into.
KEEP_ALIVE_SECONDS = 75
CLIENT_KEEP_ALIVE_SECONDS = 30.0

POLL_SECONDS = 1.0  # live.js: FAST (the option --poll-seconds tries another)
POLL_JITTER = (0.8, 1.2)  # live.js: base * (0.8 + random * 0.4)
POLL_AFTER_ERROR_SECONDS = 5.0  # live.js: SLOW
REQUEST_TIMEOUT_SECONDS = 30.0
DELAY_SAMPLE = 100  # watchers per change whose delay is computed (all of them when fewer)
SEED = 20_261_201

OK_STATUSES = frozenset({200, 302, 304})

T = TypeVar("T")


# Figures ------------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile by the nearest-rank method: the smallest value with at least p
    percent of the values at or below it. NaN when there are none."""
    if not values:
        return math.nan
    if not 0 < p <= 100:
        raise ValueError("p lies in (0, 100].")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def change_delays(
    changes: Sequence[tuple[float, int, int]],
    sightings: Sequence[tuple[list[float], list[int]]],
    *,
    sample: int,
    rng: random.Random,
) -> tuple[list[float], int]:
    """For each change (acknowledged at `at`, giving the session at least `version`, by
    watcher `who`): how long until other watchers saw a version at least as new. A
    watcher's sightings are its times and versions, both rising. At most `sample`
    watchers per change. Returns the delays in ms and how many never saw the change."""
    delays: list[float] = []
    undelivered = 0
    everyone = range(len(sightings))
    for at, version, who in changes:
        others = [index for index in everyone if index != who]
        if len(others) > sample:
            others = rng.sample(others, sample)
        for index in others:
            times, versions = sightings[index]
            position = bisect.bisect_left(versions, version)
            if position == len(versions):
                undelivered += 1
            else:
                delays.append(max(0.0, times[position] - at) * 1000)
    return delays, undelivered


# CPU of processes, from /proc (Linux) ----------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name, in brackets, may hold spaces: the fields follow its last ")".
    return text[text.rindex(")") + 2 :].split()


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU of a process so far; None when it is gone."""
    fields = _stat_fields(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (14 and 15)


def children(pid: int) -> list[int]:
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:  # a kernel without that file: look through every process
        found = []
        for entry in Path("/proc").iterdir():
            fields = _stat_fields(int(entry.name)) if entry.name.isdigit() else None
            if fields is not None and int(fields[1]) == pid:
                found.append(int(entry.name))
        return found


def machine_busy_seconds() -> float:
    """CPU seconds all processes of the machine used so far (every core, /proc/stat)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


class CpuMeter:
    """The CPU seconds a changing set of processes used since the first reading. Read
    it often: a process that ends (a database connection closed after
    DATABASE_CONN_MAX_AGE) keeps what it used by its last reading, and a process that
    starts after the first reading counts from zero."""

    def __init__(self) -> None:
        self.base: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.started = False

    def read(self, pids: Sequence[int]) -> float:
        for pid in pids:
            used = cpu_seconds(pid)
            if used is None:
                continue
            self.base.setdefault(pid, used if not self.started else 0.0)
            self.last[pid] = used
        self.started = True
        return sum(self.last[pid] - self.base[pid] for pid in self.last)


def database_backends() -> list[int]:
    """The PostgreSQL server processes serving the throwaway database, but this one."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


# The server ---------------------------------------------------------------------------------


def server_environment(workdir: Path) -> dict[str, str]:
    """The production settings, on the throwaway database. Plain HTTP on loopback, so the
    cookies are not marked secure (production sends them over HTTPS only)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samenspel.conf.production",
        "SECRET_KEY": f"bench-live-{uuid.uuid4()}",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "SAMENSPEL_DATA_DIR": str(workdir),
        "STATIC_ROOT": str(workdir / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Every participant joins with the same code, well within ten minutes.
        "JOIN_ATTEMPTS_PER_CODE": "1000000",
        "LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def served(
    workdir: Path, app: str = "samenspel.wsgi", server: dict[str, Any] | None = None
) -> Iterator[tuple[int, int]]:
    """gunicorn with the production settings (`server`, by default SERVER), after
    collecting the static files as production does. Yields its port and its process id.
    `app` is the WSGI module to serve: another one (on PYTHONPATH) measures a change
    without committing it."""
    server = {**SERVER, **(server or {})}
    env = server_environment(workdir)
    binaries = Path(sys.executable).parent
    progress("collecting the static files …")
    subprocess.run(
        [str(binaries / "samenspel"), "collectstatic", "--no-input", "--verbosity", "0"],
        env=env,
        check=True,
    )
    port = free_port()
    command = [
        str(binaries / "gunicorn"),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        str(server["worker_class"]),
        "--workers",
        str(server["workers"]),
        "--threads",
        str(server["threads"]),
        "--worker-connections",
        "4000",
        "--keep-alive",
        str(KEEP_ALIVE_SECONDS),
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    progress(f"starting gunicorn: {' '.join(command[1:])}")
    process = subprocess.Popen(command, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start.")
            time.sleep(0.1)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=60)


# The session, through the services (the facilitator's part; not measured) -----------------------


@dataclass(frozen=True)
class Stage:
    session_id: int
    join_code: str
    questions: int
    votes_per_person: int


def plan_session(participants: int) -> Stage:
    """A programme, its facilitator, and a session in silent input (anonymous, as the
    default is), through the services."""
    from datetime import timedelta

    from django.utils import timezone

    from samenspel.accounts.models import User
    from samenspel.learning_sessions import services
    from samenspel.learning_sessions.constants import SessionKind, SessionPhase
    from samenspel.programmes.constants import Role
    from samenspel.programmes.services import membership_add, programme_create

    mark = uuid.uuid4().hex[:8]
    admin = User.objects.create_user(f"admin-{mark}@bench.example", None, name="Beheer")
    facilitator = User.objects.create_user(f"begeleider-{mark}@bench.example", None, name="Bea")
    programme = programme_create(name=f"Leersessie {participants} {mark}", by=admin)
    membership_add(programme=programme, user=facilitator, role=Role.FACILITATOR, by=admin)
    now = timezone.now()
    session = services.session_plan(
        programme=programme,
        kind=SessionKind.TEAM,
        title=f"Terugblik met {participants} deelnemers",
        starts_at=now,
        ends_at=now + timedelta(hours=3),
        facilitator=facilitator,
        by=facilitator,
    )
    for expected in (SessionPhase.PLANNED, SessionPhase.ACTIONS):
        session = services.session_advance(session=session, by=facilitator, expected=expected)
    assert session.phase == SessionPhase.INPUT and session.join_code
    return Stage(session.pk, session.join_code, len(session.questions), session.votes_per_person)


def _session(stage: Stage) -> LearningSession:
    from samenspel.learning_sessions.models import LearningSession

    return LearningSession.objects.select_related("programme", "facilitator").get(
        pk=stage.session_id
    )


def open_voting(stage: Stage, themes: int) -> tuple[list[int], int]:
    """The facilitator's steps after silent input, through the services: on to the themes,
    `themes` themes that share the contributions, on to voting. Returns the themes' ids
    and the session's version after."""
    from samenspel.learning_sessions import services
    from samenspel.learning_sessions.constants import SessionPhase

    session = _session(stage)
    by = session.facilitator
    session = services.session_advance(session=session, by=by, expected=SessionPhase.INPUT)
    contributions = list(session.contributions.order_by("sort_key"))
    ids = []
    for number in range(themes):
        theme = services.theme_create(
            session=session,
            title=f"Thema {number + 1}",
            contributions=contributions[number::themes],
            by=by,
        )
        ids.append(theme.pk)
    session = services.session_advance(session=session, by=by, expected=SessionPhase.GROUPING)
    return ids, session.version


MARK = re.compile(r"\[(b[0-9a-f]{12})\]")


@dataclass(frozen=True)
class Stored:
    marks: frozenset[str]
    contributions: int
    theme_votes: int
    votes_used: int
    participants: int


def stored(stage: Stage) -> Stored:
    from django.db.models import Sum

    session = _session(stage)
    texts = list(session.contributions.values_list("text", flat=True))
    marks = frozenset(match.group(1) for text in texts for match in MARK.finditer(text))
    return Stored(
        marks=marks,
        contributions=len(texts),
        theme_votes=session.themes.aggregate(total=Sum("votes"))["total"] or 0,
        votes_used=session.participants.aggregate(total=Sum("votes_used"))["total"] or 0,
        participants=session.participants.count(),
    )


# The load ------------------------------------------------------------------------------------


@dataclass
class Settings:
    participants: int
    contributions: int = 3
    themes: int = 6
    join_rate: float = 40.0
    settle_seconds: float = 3.0
    idle_seconds: float = 15.0
    input_seconds: float = 30.0
    voting_seconds: float = 20.0
    tail_seconds: float = 5.0
    poll_seconds: float = POLL_SECONDS


@dataclass
class Load:
    """What the participants share: the server's address, the clock, the stage they are
    in, and every figure measured."""

    base: str
    stage: Stage
    settings: Settings
    ssl_context: ssl.SSLContext
    started: float = field(default_factory=time.perf_counter)
    step: str = "join"
    samples: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    received: Counter[str] = field(default_factory=Counter)  # bytes, per step
    largest_board: Counter[str] = field(default_factory=Counter)  # bytes, per step
    polls: int = 0
    acknowledged: set[str] = field(default_factory=set)
    votes: int = 0
    changes: list[tuple[float, int, int]] = field(default_factory=list)
    change_steps: list[str] = field(default_factory=list)  # the step of each change
    input_at: float = 0.0
    voting_at: float = 0.0
    input_open: asyncio.Event = field(default_factory=asyncio.Event)
    voting_open: asyncio.Event = field(default_factory=asyncio.Event)
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    theme_ids: list[int] = field(default_factory=list)

    def sample(self, kind: str, ms: float) -> None:
        self.samples.setdefault((self.step, kind), []).append(ms)

    def values(self, kinds: Sequence[str], steps: Sequence[str] | None = None) -> list[float]:
        return [
            value
            for (step, kind), values in self.samples.items()
            if kind in kinds and (steps is None or step in steps)
            for value in values
        ]

    def error(self, what: str) -> None:
        if not self.errors:
            progress(f"  first error: {what}")
        self.errors[what] += 1


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LIVE = re.compile(r'data-live="([^"]+)"')
VERSION = re.compile(r'data-version="(\d+)"')
PHASE = re.compile(r'data-phase="([a-z_]+)"')
THEME = re.compile(r'name="theme" value="(\d+)"')


class Participant:
    """One guest in the session, as a browser tab with live.js would act."""

    def __init__(self, index: int, load: Load, rng: random.Random) -> None:
        import httpx

        self.index = index
        self.load = load
        self.rng = rng
        self.client = httpx.AsyncClient(
            base_url=load.base,
            timeout=REQUEST_TIMEOUT_SECONDS,
            limits=httpx.Limits(
                max_connections=2,
                max_keepalive_connections=2,
                keepalive_expiry=CLIENT_KEEP_ALIVE_SECONDS,
            ),
            verify=load.ssl_context,  # one context for all: making one per client is slow
            trust_env=False,
            follow_redirects=False,
        )
        self.room = f"/room/{load.stage.session_id}/"
        self.live = ""
        self.token = ""
        self.phase = ""
        self.theme_ids: list[int] = []
        self.times: list[float] = []  # when this watcher saw a newer version …
        self.versions: list[int] = []  # … and which
        self.joined = False
        self.ready = asyncio.Event()  # joined, or failed to
        self.contributed = asyncio.Event()  # every contribution answered (or none to send)

    def now(self) -> float:
        return time.perf_counter() - self.load.started

    def saw(self, version: int) -> None:
        if not self.versions or version > self.versions[-1]:
            self.times.append(self.now())
            self.versions.append(version)

    @property
    def version(self) -> int:
        return self.versions[-1] if self.versions else 0

    async def request(
        self, kind: str, method: str, url: str, expect: frozenset[int] = OK_STATUSES, **options: Any
    ) -> httpx.Response | None:
        """One request, timed and counted; None after an error (any answer not in
        `expect`, a lost connection, a timeout)."""
        import httpx

        load = self.load
        load.requests += 1
        start = time.perf_counter()
        try:
            response = await self.client.request(method, url, **options)
        except httpx.HTTPError as error:
            load.error(f"{kind}: {type(error).__name__}")
            return None
        load.sample(kind, (time.perf_counter() - start) * 1000)
        load.received[load.step] += len(response.content)
        if response.status_code not in expect:
            load.error(f"{kind}: {method} answered {response.status_code}")
            return None
        return response

    async def load_room(self) -> bool:
        response = await self.request("page", "GET", self.room, expect=frozenset({200}))
        if response is None:
            return False
        page = response.text
        found = (CSRF.search(page), LIVE.search(page), VERSION.search(page), PHASE.search(page))
        if not all(found):
            self.load.error("page: the room has no form, board or live address")
            return False
        token, live, version, phase = (match.group(1) for match in found if match)
        self.token, self.live, self.phase = token, live, phase
        self.theme_ids = [int(theme) for theme in THEME.findall(page)]
        self.saw(int(version))
        return True

    async def join(self) -> bool:
        form = await self.request("join", "GET", "/join/", expect=frozenset({200}))
        token = CSRF.search(form.text) if form is not None else None
        if token is None:
            if form is not None:
                self.load.error("join: the form has no CSRF token")
            return False
        name = f"Deelnemer {self.index + 1}"
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "code": self.load.stage.join_code,
            "name": name,
            "display_name": name,
        }
        answer = await self.request("join", "POST", "/join/", expect=frozenset({302}), data=data)
        if answer is None:
            return False
        if answer.headers.get("location") != self.room:
            self.load.error(f"join: sent to {answer.headers.get('location')}, not the room")
            return False
        return await self.load_room()

    async def watch(self) -> None:
        """live.js: poll about once a second after the previous answer; reload the room when
        the phase changed; after an error, wait five seconds."""
        load = self.load
        interval = load.settings.poll_seconds
        wait = interval * self.rng.uniform(*POLL_JITTER)
        while True:
            await asyncio.sleep(wait)
            if load.stopping.is_set():
                return
            headers = {"If-None-Match": f'"{self.version}"'}
            response = await self.request("poll", "GET", self.live, headers=headers)
            load.polls += 1
            wait = interval * self.rng.uniform(*POLL_JITTER)
            if response is None:
                wait = POLL_AFTER_ERROR_SECONDS * self.rng.uniform(*POLL_JITTER)
                continue
            if response.status_code == 304:
                continue
            size = len(response.content)
            load.largest_board[load.step] = max(load.largest_board[load.step], size)
            try:
                data = response.json()
                version, phase = int(data["version"]), str(data["phase"])
            except (ValueError, KeyError, TypeError):
                load.error("poll: the answer is not the board's JSON")
                continue
            if phase != self.phase:
                await self.load_room()
            else:
                self.saw(version)

    async def submit(self, kind: str, path: str, data: dict[str, str]) -> bool:
        """POST a form of the room; acknowledged by the redirect back to the room, which is
        then loaded, as the browser does. A change for the delay figures when the room
        then shows a newer version than the participant had (a write the board does not
        show need not raise it)."""
        data = {"csrfmiddlewaretoken": self.token, **data}
        before = self.version
        answer = await self.request(kind, "POST", path, expect=frozenset({302}), data=data)
        if answer is None:
            return False
        if answer.headers.get("location") != self.room:
            self.load.error(f"{kind}: sent to {answer.headers.get('location')}, not the room")
            return False
        at, step = self.now(), self.load.step
        if await self.load_room() and self.version > before:
            self.load.changes.append((at, self.version, self.index))
            self.load.change_steps.append(step)
        return True

    async def contribute(self) -> None:
        load = self.load
        await load.input_open.wait()
        moments = sorted(
            self.rng.uniform(0, load.settings.input_seconds)
            for _ in range(load.settings.contributions)
        )
        for number, moment in enumerate(moments):
            await asyncio.sleep(max(0.0, load.input_at + moment - self.now()))
            mark = f"b{uuid.uuid4().hex[:12]}"
            text = (
                f"Bijdrage {number + 1} van deelnemer {self.index + 1}: wat hielp was dat "
                f"we elke week even bijpraatten. [{mark}]"
            )
            question = str(self.rng.randrange(load.stage.questions))
            sent = await self.submit(
                "contribute", self.room + "contribute/", {"question": question, "text": text}
            )
            if sent:
                load.acknowledged.add(mark)

    async def vote(self) -> None:
        load = self.load
        await load.voting_open.wait()
        moments = sorted(
            self.rng.uniform(0, load.settings.voting_seconds)
            for _ in range(load.stage.votes_per_person)
        )
        for moment in moments:
            await asyncio.sleep(max(0.0, load.voting_at + moment - self.now()))
            # The themes as the room shows them; the facilitator's list if the room was not
            # reloaded yet (its poll has not seen the new phase).
            theme = self.rng.choice(self.theme_ids or load.theme_ids)
            if await self.submit("vote", self.room + "vote/", {"theme": str(theme)}):
                load.votes += 1

    async def take_part(self, start_at: float) -> None:
        try:
            await asyncio.sleep(max(0.0, start_at - self.now()))
            self.joined = await self.join()
            self.ready.set()
            if not self.joined:
                return
            watching = asyncio.create_task(self.watch())
            await self.contribute()
            self.contributed.set()
            await self.vote()
            await watching
        finally:
            self.ready.set()
            self.contributed.set()

    async def close(self) -> None:
        await self.client.aclose()


# One run ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """CPU seconds used so far by the server (gunicorn's processes), the database (the
    PostgreSQL processes serving it) and this process (the client), and polls answered."""

    at: float
    server: float
    database: float
    client: float
    machine: float
    polls: int

    @property
    def others(self) -> float:
        """What other processes of the machine used (other people's test suites)."""
        return self.machine - self.server - self.database - self.client


BUSY = ("input", "voting")


@dataclass
class Result:
    participants: int
    load: Load
    watchers: list[Participant]
    readings: list[tuple[str, Reading]]  # at the start of each step, and at the end
    stored: Stored

    def reading(self, step: str) -> Reading:
        return next(reading for name, reading in self.readings if name == step)

    @property
    def idle(self) -> tuple[Reading, Reading]:
        return self.reading("idle"), self.reading("input")

    @property
    def whole(self) -> tuple[Reading, Reading]:
        return self.readings[0][1], self.readings[-1][1]

    def delays(self, step: str | None = None) -> tuple[list[float], int]:
        """The change delays (ms) and the undelivered changes, of the changes acknowledged
        in `step` (all when None)."""
        changes = [
            change
            for change, in_step in zip(self.load.changes, self.load.change_steps, strict=True)
            if step is None or in_step == step
        ]
        return change_delays(
            changes,
            [(watcher.times, watcher.versions) for watcher in self.watchers],
            sample=DELAY_SAMPLE,
            rng=random.Random(SEED),
        )

    def steps(self) -> list[str]:
        """What happened in each step, as `#` lines."""
        load = self.load
        lines = [
            "# step      s   requests  polls/s  poll p95  submit p95  page p95  delay p95  "
            "board kB  MB in  server CPU  database CPU  client CPU  others' CPU"
        ]
        for (name, start), (_next, end) in itertools.pairwise(self.readings):
            seconds = end.at - start.at
            requests = sum(
                len(values) for (step, _k), values in load.samples.items() if step == name
            )
            polls = end.polls - start.polls
            lines.append(
                f"# {name:<7} {seconds:4.0f} {requests:>10} {polls / seconds:8.0f} "
                f"{percentile(load.values(['poll'], [name]), 95):6.0f} ms "
                f"{percentile(load.values(['contribute', 'vote'], [name]), 95):8.0f} ms "
                f"{percentile(load.values(['page'], [name]), 95):6.0f} ms "
                f"{percentile(self.delays(name)[0], 95):7.0f} ms "
                f"{load.largest_board[name] / 1000:8.1f} {load.received[name] / 1e6:6.1f} "
                f"{end.server - start.server:8.1f} s {end.database - start.database:11.1f} s "
                f"{end.client - start.client:9.1f} s {end.others - start.others:11.1f} s"
            )
        return lines

    def lines(self) -> list[tuple[str, float, str]]:
        load, key = self.load, f"session.{self.participants}"
        submits = load.values(["contribute", "vote"])
        idle_polls = load.values(["poll"], ["idle"])
        delays, undelivered = self.delays()
        lost_contributions = len(load.acknowledged - self.stored.marks)
        lost_votes = max(0, load.votes - self.stored.theme_votes)
        before, after = self.idle
        idle_polls_answered = max(1, after.polls - before.polls)
        per_thousand = 1000 / idle_polls_answered
        first, last = self.whole
        seconds = last.at - first.at
        return [
            (f"{key}.submit.p95_ms", percentile(submits, 95), "ms"),
            (f"{key}.watch.p95_ms", percentile(idle_polls, 95), "ms"),
            (f"{key}.watch.delay_p95_ms", percentile(delays, 95), "ms"),
            (f"{key}.errors", sum(load.errors.values()), "errors"),
            (f"{key}.lost", lost_contributions + lost_votes, "contributions and votes"),
            (f"{key}.submit.median_ms", percentile(submits, 50), "ms"),
            (f"{key}.contribute.p95_ms", percentile(load.values(["contribute"]), 95), "ms"),
            (f"{key}.vote.p95_ms", percentile(load.values(["vote"]), 95), "ms"),
            (f"{key}.watch.median_ms", percentile(idle_polls, 50), "ms"),
            (f"{key}.watch.delay_median_ms", percentile(delays, 50), "ms"),
            (f"{key}.watch.undelivered", undelivered, "changes"),
            (f"{key}.poll.busy_p95_ms", percentile(load.values(["poll"], BUSY), 95), "ms"),
            (f"{key}.page.p95_ms", percentile(load.values(["page"]), 95), "ms"),
            (f"{key}.join.p95_ms", percentile(load.values(["join"]), 95), "ms"),
            (f"{key}.joined", len(self.watchers), "participants"),
            (f"{key}.acknowledged.contributions", len(load.acknowledged), "contributions"),
            (f"{key}.acknowledged.votes", load.votes, "votes"),
            (f"{key}.stored.contributions", self.stored.contributions, "contributions"),
            (f"{key}.stored.votes", self.stored.theme_votes, "votes"),
            (f"{key}.lost.contributions", lost_contributions, "contributions"),
            (f"{key}.lost.votes", lost_votes, "votes"),
            (f"{key}.idle.polls_per_s", idle_polls_answered / (after.at - before.at), "polls/s"),
            (
                f"{key}.idle.server_cpu_s_per_1000_polls",
                (after.server - before.server) * per_thousand,
                "s",
            ),
            (
                f"{key}.idle.database_cpu_s_per_1000_polls",
                (after.database - before.database) * per_thousand,
                "s",
            ),
            (
                f"{key}.idle.client_cpu_s_per_1000_polls",
                (after.client - before.client) * per_thousand,
                "s",
            ),
            (f"{key}.requests", load.requests, "requests"),
            (f"{key}.requests_per_s", load.requests / seconds, "requests/s"),
            (f"{key}.received_mb", sum(load.received.values()) / 1e6, "MB"),
            (f"{key}.seconds", seconds, "s"),
            (f"{key}.server.cpu_s", last.server - first.server, "s"),
            (f"{key}.database.cpu_s", last.database - first.database, "s"),
            (f"{key}.client.cpu_s", last.client - first.client, "s"),
            (f"{key}.others.cpu_s", last.others - first.others, "s"),
        ]

    def misses(self) -> list[str]:
        """The targets, for a session of up to TARGET_PARTICIPANTS."""
        if self.participants > TARGET_PARTICIPANTS:
            return []
        figures = {name: value for name, value, _unit in self.lines()}
        key = f"session.{self.participants}"
        misses = []
        submit, delay = figures[f"{key}.submit.p95_ms"], figures[f"{key}.watch.delay_p95_ms"]
        if not submit < MAX_SUBMIT_P95_MS:
            misses.append(f"{key}: submit p95 {submit:.0f} ms (target under {MAX_SUBMIT_P95_MS:g})")
        if not delay <= MAX_DELAY_P95_MS:
            misses.append(f"{key}: delay p95 {delay:.0f} ms (target at most {MAX_DELAY_P95_MS:g})")
        for name in ("errors", "lost", "watch.undelivered"):
            if figures[f"{key}.{name}"]:
                misses.append(f"{key}: {name} {figures[f'{key}.{name}']:g} (target 0)")
        if figures[f"{key}.joined"] < self.participants:
            misses.append(f"{key}: {figures[f'{key}.joined']:g} joined (target all)")
        return misses


async def _in(executor: ThreadPoolExecutor, work: Callable[..., T], *args: Any) -> T:
    """Django's work (the facilitator's steps, the checks) on its own thread: the event
    loop keeps serving the participants meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(executor, work, *args)


class Meters:
    """The CPU of the server, the database and the client, read every second."""

    def __init__(self, server_pid: int, executor: ThreadPoolExecutor, load: Load) -> None:
        self.server_pid = server_pid
        self.executor = executor
        self.load = load
        self.server = CpuMeter()
        self.database = CpuMeter()

    async def read(self) -> Reading:
        backends = await _in(self.executor, database_backends)
        return Reading(
            at=time.perf_counter(),
            server=self.server.read([self.server_pid, *children(self.server_pid)]),
            database=self.database.read(backends),
            client=time.process_time(),
            machine=machine_busy_seconds(),
            polls=self.load.polls,
        )

    async def keep_reading(self) -> None:
        while not self.load.stopping.is_set():
            await self.read()
            await asyncio.sleep(1)


async def run_load(
    settings: Settings, stage: Stage, port: int, server_pid: int, executor: ThreadPoolExecutor
) -> Result:
    n = settings.participants
    load = Load(
        base=f"http://127.0.0.1:{port}",
        stage=stage,
        settings=settings,
        ssl_context=ssl.create_default_context(),
    )
    rng = random.Random(SEED + n)
    people = [Participant(index, load, random.Random(rng.random())) for index in range(n)]
    meters = Meters(server_pid, executor, load)

    readings: list[tuple[str, Reading]] = []

    async def step(name: str, detail: str = "") -> None:
        readings.append((name, await meters.read()))
        load.step = name
        progress(f"  {time.perf_counter() - load.started:6.1f} s  {name} {detail}".rstrip())

    metering = asyncio.create_task(meters.keep_reading())
    await step("join", f"({n} participants, {settings.join_rate:g} a second)")
    tasks = [
        asyncio.create_task(person.take_part(index / settings.join_rate))
        for index, person in enumerate(people)
    ]
    await asyncio.gather(*(person.ready.wait() for person in people))
    await asyncio.sleep(settings.settle_seconds)

    await step("idle", f"({settings.idle_seconds:g} s of polls only)")
    await asyncio.sleep(settings.idle_seconds)

    await step(
        "input", f"({settings.contributions} contributions each in {settings.input_seconds:g} s)"
    )
    load.input_at = time.perf_counter() - load.started
    load.input_open.set()
    await asyncio.sleep(settings.input_seconds)
    # Voting opens when every contribution is answered: one still on its way would be
    # refused (input closed), which is the facilitator's doing, not the server's.
    await asyncio.gather(*(person.contributed.wait() for person in people))

    await step("voting", f"({stage.votes_per_person} votes each in {settings.voting_seconds:g} s)")
    load.theme_ids, version = await _in(executor, open_voting, stage, settings.themes)
    load.changes.append((time.perf_counter() - load.started, version, -1))
    load.change_steps.append("voting")
    load.voting_at = time.perf_counter() - load.started
    load.voting_open.set()
    await asyncio.sleep(settings.voting_seconds)

    await step("tail", f"({settings.tail_seconds:g} s of polls only)")
    await asyncio.sleep(settings.tail_seconds)
    load.stopping.set()
    for outcome in await asyncio.gather(*tasks, return_exceptions=True):
        if isinstance(outcome, BaseException):
            load.error(f"client: {type(outcome).__name__}: {outcome}")
    await metering
    await step("done")
    await asyncio.gather(*(person.close() for person in people))
    return Result(
        participants=n,
        load=load,
        watchers=[person for person in people if person.joined],
        readings=readings,
        stored=await _in(executor, stored, stage),
    )


def measure(settings: Settings, port: int, server_pid: int) -> Result:
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="django") as executor:
        try:
            stage = executor.submit(plan_session, settings.participants).result()
            return asyncio.run(run_load(settings, stage, port, server_pid, executor))
        finally:
            executor.submit(_close_connection).result()


def _close_connection() -> None:
    from django.db import connection

    connection.close()


def _use_postgresql() -> None:
    """The live benchmark runs on PostgreSQL, as production does: DATABASE_URL when it
    names PostgreSQL, the local server otherwise."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = os.environ.get("LIVE_DATABASE_URL", LIVE_DATABASE_URL)


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--participants",
        type=int,
        action="append",
        help="participants in the session (repeat for several runs; default 200 and 1000)",
    )
    parser.add_argument(
        "--app",
        default="samenspel.wsgi",
        help="the WSGI module gunicorn serves (default samenspel.wsgi); another one, on "
        "PYTHONPATH, measures a change without committing it",
    )
    for name, default in SERVER.items():
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            type=type(default),
            default=default,
            help=f"gunicorn's --{name.replace('_', '-')} (default {default})",
        )
    defaults = Settings(participants=0)
    for name in (
        "contributions",
        "themes",
        "join_rate",
        "idle_seconds",
        "input_seconds",
        "voting_seconds",
        "tail_seconds",
        "poll_seconds",
    ):
        default = getattr(defaults, name)
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            type=type(default),
            default=default,
            help=f"default {default:g}",
        )
    return parser.parse_args(argv)


def run(argv: Sequence[str] | None = None) -> int:
    options = arguments(argv)
    _use_postgresql()
    setup_django()
    from django.db import connection

    if connection.vendor != "postgresql":
        progress("The live-session benchmark needs PostgreSQL (see LIVE_DATABASE_URL).")
        return 1
    results = []
    with (
        throwaway_database(prefix="samenspel-bench-live-") as workdir,
        served(workdir, options.app, {name: getattr(options, name) for name in SERVER}) as server,
    ):
        port, server_pid = server
        for n in options.participants or PARTICIPANTS:
            settings = Settings(
                participants=n,
                **{
                    name: getattr(options, name)
                    for name in Settings.__dataclass_fields__
                    if name != "participants" and hasattr(options, name)
                },
            )
            load_average = ", ".join(f"{value:.2f}" for value in os.getloadavg())
            progress(f"session of {n} participants (load average before: {load_average}) …")
            result = measure(settings, port, server_pid)
            results.append(result)
            print(f"# session of {n}: load average before {load_average}", flush=True)
            for key, value, unit in result.lines():
                bench_line(key, value, unit)
            print("\n".join(result.steps()), flush=True)
            for what, count in result.load.errors.most_common(5):
                print(f"# errors, {count}x: {what}", flush=True)
    print(
        f"# server: gunicorn {options.worker_class}, {options.workers} workers x "
        f"{options.threads} threads; {os.cpu_count()} cores shared with the client"
    )
    print(
        f"# targets (up to {TARGET_PARTICIPANTS} participants): submit p95 under "
        f"{MAX_SUBMIT_P95_MS:g} ms, delay p95 at most {MAX_DELAY_P95_MS:g} ms, no errors, "
        "nothing lost, everyone joined"
    )
    misses = [miss for result in results for miss in result.misses()]
    if misses:
        for miss in misses:
            print(f"# MISS {miss}")
        print(f"# {len(misses)} target(s) missed")
        return 1
    print("# all targets hold")
    return 0


if __name__ == "__main__":
    sys.exit(run())
