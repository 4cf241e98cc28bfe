"""Making a book into a file (journal.models.Rendering), off the request, on the task
queue (journal.tasks, django-tasks with its database back-end and `db_worker`).

- `rendering_request` asks for a file of the draft or of a publication. The same book in
  the same format is made once: a rendering that is ready, waiting or being made is
  reused. A draft's book is "the same" while the programme's data_version (raised by
  every audited change of the programme, so by every edit of the report) stays as it
  was; this is also why renderings write nothing that raises it (see Rendering).
- `rendering_run` is the work itself, done by a worker: it claims the row, composes the
  book, renders it while reporting progress in short writes of their own, and stores
  the file, or the reason it failed (the member may try again).
- `renderings_recover` puts back in the queue a rendering whose worker was stopped or
  restarted in the middle of a book (no sign of life for RENDER_STALE_AFTER_SECONDS),
  up to RENDER_MAX_ATTEMPTS; a task still waiting for a worker is left waiting. The
  progress page and every request call it: one small query when nothing is lost.
- `publication_renderings_queue` makes the files of a new publication at once, so that
  readers can download them without waiting.

A worker that only seems lost (one step of a book that takes longer than the stale
limit) is superseded safely: each attempt writes only while the row is still its own
(`attempts` and `state` as it claimed them), so its late writes change nothing.
"""

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from samenspel.common.services import audit_record
from samenspel.journal import compose, outputs
from samenspel.journal.book import Book, Progress, no_progress
from samenspel.journal.constants import (
    RENDER_MAX_ATTEMPTS,
    RENDER_STALE_AFTER_SECONDS,
    RenderFormat,
    RenderState,
)
from samenspel.journal.models import Journal, Publication, Rendering
from samenspel.programmes.models import Programme

logger = logging.getLogger(__name__)

# A rendering in one of these states answers a new request for the same book.
REUSABLE = (RenderState.QUEUED, RenderState.RUNNING, RenderState.DONE)
WORKING = (RenderState.QUEUED, RenderState.RUNNING)
# Progress is written at most this often (seconds), unless the percentage changed.
PROGRESS_INTERVAL = 0.5
# Composing the book is this share of the work; rendering it the rest.
COMPOSE_SHARE = 15
# Per book and format, this many finished renderings are kept; older ones are removed.
KEEP_RENDERINGS = 3
# An anonymous reader of a public report cannot ask for a failed file again before this.
PUBLIC_RETRY_AFTER = timedelta(hours=1)
# The formats of a new publication made at once (the others when someone asks).
PUBLICATION_FORMATS = (RenderFormat.PDF, RenderFormat.HTML)


class RenderingSupersededError(Exception):
    """The row is no longer this attempt's: recovery queued it again, or another worker
    claimed it. The attempt stops without writing."""


class WorkerLostError(Exception):
    """Recorded on a task whose worker stopped in the middle of it (see _task_abandoned)."""


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    file_name: str


# Reading -------------------------------------------------------------------------------


def draft_version(journal: Journal) -> int:
    """The programme's data version now: a draft's book changes exactly when it does."""
    return int(
        Programme.objects.values_list("data_version", flat=True).get(pk=journal.programme_id)
    )


def book_language(publication: Publication) -> str:
    """The language its book was composed in, read without loading the book."""
    language = (
        Publication.objects.filter(pk=publication.pk)
        .values_list("book__language", flat=True)
        .first()
    )
    return str(language or settings.LANGUAGE_CODE)


def _of_book(
    journal: Journal, publication: Publication | None, language: str
) -> QuerySet[Rendering]:
    """The renderings of one book (a publication, or the draft as it is now in
    `language`), without the files' content."""
    renderings = Rendering.objects.filter(journal=journal).defer("content")
    if publication is not None:
        return renderings.filter(publication=publication)
    return renderings.filter(
        publication=None, data_version=draft_version(journal), language=language
    )


def renderings_ready(
    *, journal: Journal, publication: Publication | None = None, language: str | None = None
) -> dict[str, Rendering]:
    """The newest rendering of this book per format that is ready, waiting or being
    made (the download panel)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    newest: dict[str, Rendering] = {}
    renderings = _of_book(journal, publication, language).filter(state__in=REUSABLE)
    for rendering in renderings.order_by("-requested_at", "-id"):
        newest.setdefault(rendering.format, rendering)
    return newest


# Asking for a file ---------------------------------------------------------------------


def _check_format(fmt: str) -> None:
    if fmt not in RenderFormat.values:
        raise ValidationError(_("Choose one of the file formats."), code="format")


@transaction.atomic
def rendering_request(
    *,
    journal: Journal,
    publication: Publication | None = None,
    fmt: str,
    by: Any,
    language: str | None = None,
) -> Rendering:
    """A file of the draft (publication None) or of a publication, in `fmt`: the one
    that is ready, waiting or being made, else a new one, queued once this transaction
    commits. The draft is composed in `language` (default: the active one); a
    publication in its book's own language.

    Work stays bounded: the same book is never made twice at once, and an anonymous
    visitor (`by` None: the public download of a public report) cannot ask again for a
    file that failed in the last PUBLIC_RETRY_AFTER; a member can."""
    _check_format(fmt)
    if publication is not None and publication.journal_id != journal.pk:
        raise ValidationError(_("This version belongs to another travel report."))
    renderings_recover()
    # Two requests for the same book at once make one rendering (a row lock on
    # PostgreSQL; SQLite's IMMEDIATE transactions already take turns).
    Journal.objects.select_for_update().filter(pk=journal.pk).first()
    if publication is not None:
        language = book_language(publication)
    else:
        language = language or translation.get_language() or settings.LANGUAGE_CODE
    same = _of_book(journal, publication, language).filter(format=fmt)
    existing = same.filter(state__in=REUSABLE).order_by("-requested_at", "-id").first()
    if existing is not None:
        return existing
    anonymous = by is None or not by.is_authenticated
    if anonymous:
        failed = (
            same.filter(
                state=RenderState.FAILED, finished_at__gte=timezone.now() - PUBLIC_RETRY_AFTER
            )
            .order_by("-requested_at", "-id")
            .first()
        )
        if failed is not None:
            return failed
    rendering = Rendering.objects.create(
        journal=journal,
        publication=publication,
        format=fmt,
        data_version=draft_version(journal) if publication is None else 0,
        language=language,
        requested_by=None if anonymous else by,
    )
    # Without the programme: asking for a file changes nothing of the programme (and
    # so keeps its data version, see Rendering). The event holds no file content.
    audit_record(
        actor=None if anonymous else by,
        action="rendering.request",
        target=rendering,
        data={
            "journal": journal.pk,
            "format": fmt,
            "version": publication.number if publication is not None else None,
        },
    )
    _enqueue_on_commit(rendering.pk)
    return rendering


def publication_renderings_queue(*, publication: Publication, by: Any) -> list[Rendering]:
    """Queue the files of a new publication (PDF and HTML), so its readers download
    them at once. Called by the publish service, in its transaction."""
    return [
        rendering_request(journal=publication.journal, publication=publication, fmt=fmt, by=by)
        for fmt in PUBLICATION_FORMATS
    ]


def _enqueue_on_commit(rendering_id: int) -> None:
    transaction.on_commit(lambda: _enqueue(rendering_id))


def _enqueue(rendering_id: int) -> None:
    # Imported here: the task module imports this one.
    from samenspel.journal.tasks import render_journal

    result = render_journal.enqueue(rendering_id)
    Rendering.objects.filter(pk=rendering_id).update(task_id=str(result.id))


# Doing the work ------------------------------------------------------------------------


def book_of(
    *,
    journal: Journal,
    publication: Publication | None = None,
    language: str,
    progress: Progress = no_progress,
) -> Book:
    """The book a file is made of: a publication's frozen book, or the draft composed
    now in `language`."""
    if publication is not None:
        progress(100, publication.title)
        return Book.from_json(publication.book)
    with translation.override(language):
        return compose.compose_book(journal, progress=progress)


def book_render(
    *,
    journal: Journal,
    publication: Publication | None = None,
    fmt: str,
    language: str,
    progress: Progress = no_progress,
) -> RenderedFile:
    """The book made into a file in this process, with its download name; its steps
    are reported in `language`. Writes nothing: `rendering_run` (a worker) and
    `samenspel export_journal` both use it."""
    _check_format(fmt)

    def composing(percent: int, step: str) -> None:
        progress(
            percent * COMPOSE_SHARE // 100,
            _("Composing: %(chapter)s") % {"chapter": step} if step else _("Composing"),
        )

    def rendering(percent: int, step: str) -> None:
        share = 100 - COMPOSE_SHARE
        progress(min(COMPOSE_SHARE + percent * share // 100, 99), step or _("Making the file"))

    with translation.override(language):
        book = book_of(
            journal=journal, publication=publication, language=language, progress=composing
        )
    # The file speaks its book's language (a publication's may differ from `language`).
    with translation.override(book.language or language):
        progress(COMPOSE_SHARE, _("Making the file"))
        content = outputs.render(book, fmt, rendering)
        name = outputs.file_name(book, fmt)
    progress(100, _("Ready"))
    return RenderedFile(content=content, file_name=name)


class _Reporter:
    """The Progress of one attempt: each report is a short write of its own (no
    transaction around the work, so the page sees it at once), at most every
    PROGRESS_INTERVAL seconds unless the percentage changed. It raises
    RenderingSupersededError when the row is no longer this attempt's."""

    def __init__(self, rendering_id: int, attempt: int, also: Progress | None) -> None:
        self.rendering_id = rendering_id
        self.attempt = attempt
        self.also = also
        self.percent = -1
        self.written_at = 0.0

    def __call__(self, percent: int, step: str) -> None:
        percent = min(max(int(percent), 0), 100)
        if self.also is not None:
            self.also(percent, step)
        now = time.monotonic()
        if percent == self.percent and now - self.written_at < PROGRESS_INTERVAL:
            return
        self.percent, self.written_at = percent, now
        mine = _mine(self.rendering_id, self.attempt)
        if not mine.update(progress=percent, step=step[:200], heartbeat_at=timezone.now()):
            raise RenderingSupersededError


def _mine(rendering_id: int, attempt: int) -> QuerySet[Rendering]:
    return Rendering.objects.filter(pk=rendering_id, state=RenderState.RUNNING, attempts=attempt)


@transaction.atomic
def _claim(rendering_id: int) -> Rendering | None:
    """The queued rendering, now running as this attempt; None when there is nothing to
    do (made already, failed, gone, or another worker has it)."""
    rendering = (
        Rendering.objects.select_for_update(of=("self",))
        .select_related("journal__programme", "publication")
        .defer("content")
        .filter(pk=rendering_id)
        .first()
    )
    if rendering is None or rendering.state != RenderState.QUEUED:
        return None
    now = timezone.now()
    rendering.state = RenderState.RUNNING
    rendering.attempts += 1
    rendering.started_at = rendering.heartbeat_at = now
    rendering.progress, rendering.step, rendering.error = 0, "", ""
    Rendering.objects.filter(pk=rendering.pk).update(
        state=rendering.state,
        attempts=rendering.attempts,
        started_at=now,
        heartbeat_at=now,
        progress=0,
        step="",
        error="",
    )
    return rendering


def rendering_run(*, rendering_id: int, progress: Progress | None = None) -> str:
    """Make the file of a queued rendering (the task journal.tasks.render_journal).
    Returns the state it ends in. A failure is stored with a short message for the page
    and its traceback logged, then raised again, so the task shows as failed too."""
    rendering = _claim(rendering_id)
    if rendering is None:
        state = Rendering.objects.filter(pk=rendering_id).values_list("state", flat=True).first()
        return str(state or "gone")
    attempt = rendering.attempts
    reporter = _Reporter(rendering.pk, attempt, progress)
    try:
        made = book_render(
            journal=rendering.journal,
            publication=rendering.publication,
            fmt=rendering.format,
            language=rendering.language,
            progress=reporter,
        )
    except RenderingSupersededError:
        logger.info("Rendering %s: attempt %s was superseded", rendering.pk, attempt)
        return "superseded"
    except Exception:
        logger.exception("Rendering %s (%s) failed", rendering.pk, rendering.format)
        with translation.override(rendering.language):
            message = _(
                "The file could not be made. Try again. If it fails again, tell the "
                "administrator of Samenspel."
            )
        _mine(rendering.pk, attempt).update(
            state=RenderState.FAILED, error=message, finished_at=timezone.now()
        )
        raise
    finished = _mine(rendering.pk, attempt).update(
        state=RenderState.DONE,
        content=made.content,
        size=len(made.content),
        file_name=made.file_name[:200],
        progress=100,
        step="",
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    if not finished:
        logger.info("Rendering %s: attempt %s was superseded at the end", rendering.pk, attempt)
        return "superseded"
    rendering_prune(journal=rendering.journal, publication=rendering.publication)
    return str(RenderState.DONE)


# Keeping the queue healthy -------------------------------------------------------------


def _last_sign_of_life() -> Q:
    cutoff = timezone.now() - timedelta(seconds=RENDER_STALE_AFTER_SECONDS)
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at=None, requested_at__lt=cutoff)


def _task_waiting(task_id: str) -> bool:
    """Whether the rendering's task still waits for a worker (then nothing is lost:
    the queue is long, or no worker runs yet)."""
    if not task_id:
        return False
    from samenspel.journal.tasks import render_journal

    try:
        result = render_journal.get_backend().get_result(task_id)
    except TaskResultDoesNotExist:
        return False
    except NotImplementedError:  # a back-end that cannot tell: leave it to its worker
        return True
    return bool(result.status == TaskResultStatus.READY)


def _task_abandoned(task_id: str) -> None:
    """The database back-end keeps the task of a killed worker "running" for ever; say
    it failed, so the task list shows what happened and its pruning can remove it."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from samenspel.journal.tasks import render_journal

    if not task_id or not isinstance(render_journal.get_backend(), DatabaseBackend):
        return
    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=f"{WorkerLostError.__module__}.{WorkerLostError.__qualname__}",
        traceback="The worker stopped before the task finished; the rendering was queued again.",
    )


def renderings_recover(*, now: datetime | None = None) -> int:
    """Queue again every rendering whose worker was lost mid-book; fail those that ran
    out of attempts. Returns how many were queued again. Each row is changed only if
    it is still as it was read, so two pages recovering at once queue it once."""
    stale = list(
        Rendering.objects.filter(state__in=WORKING)
        .filter(_last_sign_of_life())
        .only("pk", "state", "attempts", "task_id", "heartbeat_at", "language")
        .order_by()
    )
    requeued = 0
    for rendering in stale:
        if rendering.state == RenderState.QUEUED and _task_waiting(rendering.task_id):
            continue
        as_read = Rendering.objects.filter(
            pk=rendering.pk,
            state=rendering.state,
            attempts=rendering.attempts,
            heartbeat_at=rendering.heartbeat_at,
        )
        moment = now or timezone.now()
        if rendering.attempts >= RENDER_MAX_ATTEMPTS:
            with translation.override(rendering.language):
                message = _(
                    "The file could not be made: the work was interrupted %(count)d times. "
                    "Try again later."
                ) % {"count": rendering.attempts}
            if as_read.update(state=RenderState.FAILED, error=message, finished_at=moment):
                _task_abandoned(rendering.task_id)
                logger.warning(
                    "Rendering %s failed after %s attempts", rendering.pk, RENDER_MAX_ATTEMPTS
                )
            continue
        if as_read.update(
            state=RenderState.QUEUED, heartbeat_at=moment, progress=0, step="", task_id=""
        ):
            _task_abandoned(rendering.task_id)
            logger.warning("Rendering %s was lost by its worker; queued again", rendering.pk)
            _enqueue_on_commit(rendering.pk)
            requeued += 1
    return requeued


def rendering_prune(
    *, journal: Journal, publication: Publication | None = None, keep: int = KEEP_RENDERINGS
) -> int:
    """Remove the older finished renderings of one book beyond the newest `keep` per
    format; waiting and running ones stay. Not audited: a rendering is a copy of the
    book in a file, made again on request. Returns how many were removed."""
    finished = Rendering.objects.filter(
        journal=journal,
        publication=publication,
        state__in=[RenderState.DONE, RenderState.FAILED],
    )
    doomed: list[int] = []
    for fmt in RenderFormat.values:
        newest_first = finished.filter(format=fmt).order_by("-requested_at", "-id")
        doomed += list(newest_first.values_list("pk", flat=True))[keep:]
    if not doomed:
        return 0
    deleted, _counts = Rendering.objects.filter(pk__in=doomed).delete()
    return int(deleted)
