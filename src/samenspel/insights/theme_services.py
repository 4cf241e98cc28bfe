"""Finding the recurring themes of a programme, off the request (insights.theme_tasks,
django-tasks with its database back-end and `samenspel db_worker`), and keeping the
queue healthy.

- `themes_request` asks for a new analysis: cheap (a query or two), called by the
  listener on every committed change of the programme (insights.signals) and by the
  "new analysis" button. One analysis waits per programme at most (a partial unique
  constraint keeps it so when two requests race); one that runs does not count, as it
  may have read the texts before the change.
- `themes_run` is the work of a worker: it claims the waiting analysis and does it.
- `themes_analyse` does an analysis at once, in this process (the demo, a command).
- `themes_recover` puts back in the queue an analysis whose worker stopped in the
  middle (no heartbeat for STALE_AFTER_SECONDS), up to MAX_ATTEMPTS; a task that still
  waits for a worker is left waiting.

Results are stored in one transaction (the themes, their texts, the analysis marked
done), after which older analyses of the programme are removed: the last finished one
stays readable until then. Nothing here raises the programme's data version: the audit
events of an analysis carry no programme (and so are not heard by the listener either:
an analysis never queues the next). See theme_models for why.
"""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from samenspel.common.services import audit_record
from samenspel.insights import corpus, themes
from samenspel.insights.theme_constants import (
    MAX_ATTEMPTS,
    STALE_AFTER_SECONDS,
    WORKING,
    AnalysisState,
)
from samenspel.insights.theme_models import Theme, ThemeAnalysis, ThemeText
from samenspel.programmes.models import Programme

logger = logging.getLogger(__name__)

BATCH = 2000


class AnalysisSupersededError(Exception):
    """The row is no longer this attempt's (recovery queued it again): stop quietly."""


# Asking --------------------------------------------------------------------------------


def themes_request(*, programme_id: int, by: Any = None) -> ThemeAnalysis | None:
    """The waiting analysis of the programme, or a new one queued once the transaction
    commits. None when the programme is gone."""
    themes_recover()
    waiting = ThemeAnalysis.objects.filter(
        programme_id=programme_id, state=AnalysisState.QUEUED
    ).first()
    if waiting is not None:
        return waiting
    try:
        with transaction.atomic():
            if not Programme.objects.filter(pk=programme_id).exists():
                return None
            analysis = ThemeAnalysis.objects.create(
                programme_id=programme_id,
                requested_by=by if by is not None and by.is_authenticated else None,
            )
            _audit(analysis, "themes.request", by=by)
    except IntegrityError:  # another request queued one at the same moment
        return ThemeAnalysis.objects.filter(
            programme_id=programme_id, state=AnalysisState.QUEUED
        ).first()
    _enqueue_on_commit(analysis.pk)
    return analysis


def texts_changed(programme_id: int) -> None:
    """The listener (insights.signals.on_texts_changed): queue, never analyse here."""
    themes_request(programme_id=programme_id)


def _audit(analysis: ThemeAnalysis, action: str, *, by: Any = None, **data: Any) -> None:
    # Without the programme: see the module's description.
    audit_record(
        actor=by,
        action=action,
        target=analysis,
        data={"programme": analysis.programme_id, **data},
    )


def _enqueue_on_commit(analysis_id: int) -> None:
    transaction.on_commit(lambda: _enqueue(analysis_id))


def _enqueue(analysis_id: int) -> None:
    # Imported here: the task module imports this one.
    from samenspel.insights.theme_tasks import analyse_themes

    result = analyse_themes.enqueue(analysis_id)
    ThemeAnalysis.objects.filter(pk=analysis_id).update(task_id=str(result.id))


# Doing the work ------------------------------------------------------------------------


@transaction.atomic
def _claim(analysis_id: int) -> ThemeAnalysis | None:
    analysis = (
        ThemeAnalysis.objects.select_for_update(of=("self",))
        .select_related("programme")
        .filter(pk=analysis_id)
        .first()
    )
    if analysis is None or analysis.state != AnalysisState.QUEUED:
        return None
    now = timezone.now()
    analysis.state = AnalysisState.RUNNING
    analysis.attempts += 1
    analysis.started_at = analysis.heartbeat_at = now
    ThemeAnalysis.objects.filter(pk=analysis.pk).update(
        state=analysis.state, attempts=analysis.attempts, started_at=now, heartbeat_at=now
    )
    return analysis


def _mine(analysis: ThemeAnalysis) -> Any:
    return ThemeAnalysis.objects.filter(
        pk=analysis.pk, state=AnalysisState.RUNNING, attempts=analysis.attempts
    )


def _beat(analysis: ThemeAnalysis) -> None:
    if not _mine(analysis).update(heartbeat_at=timezone.now()):
        raise AnalysisSupersededError


def themes_run(*, analysis_id: int) -> str:
    """Do a waiting analysis (the task insights.theme_tasks.analyse_themes); returns the
    state it ends in. A failure is stored with a short message and raised again."""
    analysis = _claim(analysis_id)
    if analysis is None:
        state = ThemeAnalysis.objects.filter(pk=analysis_id).values_list("state", flat=True)
        return str(state.first() or "gone")
    try:
        _work(analysis)
    except AnalysisSupersededError:
        logger.info("Theme analysis %s: attempt %s superseded", analysis.pk, analysis.attempts)
        return "superseded"
    except Exception:
        logger.exception("Theme analysis %s failed", analysis.pk)
        _mine(analysis).update(
            state=AnalysisState.FAILED,
            error=_("The themes could not be found. A new analysis is made at the next change."),
            finished_at=timezone.now(),
        )
        raise
    return str(AnalysisState.DONE)


def themes_analyse(*, programme: Programme, by: Any = None) -> ThemeAnalysis:
    """Analyse the programme now, in this process, and store the result."""
    now = timezone.now()
    analysis = ThemeAnalysis.objects.create(
        programme=programme,
        state=AnalysisState.RUNNING,
        requested_by=by if by is not None and by.is_authenticated else None,
        requested_at=now,
        started_at=now,
        heartbeat_at=now,
        attempts=1,
    )
    analysis.programme = programme
    _work(analysis, by=by)
    analysis.refresh_from_db()
    return analysis


def _work(analysis: ThemeAnalysis, *, by: Any = None) -> None:
    programme = analysis.programme
    # The version first: a change while the texts are read makes the result look older
    # than it is (and queues the next), never newer.
    version = int(Programme.objects.values_list("data_version", flat=True).get(pk=programme.pk))
    texts = corpus.programme_texts(programme)
    _beat(analysis)
    result = themes.analyse(texts)
    _beat(analysis)
    _store(analysis, version, texts, result, by=by)


@transaction.atomic
def _store(
    analysis: ThemeAnalysis,
    version: int,
    texts: list[corpus.CorpusText],
    result: themes.Result,
    *,
    by: Any,
) -> None:
    if not _mine(analysis).select_for_update().exists():
        raise AnalysisSupersededError
    stored = Theme.objects.bulk_create(
        Theme(
            analysis=analysis,
            number=theme.number,
            words=theme.words,
            size=theme.size,
            trend=theme.trend,
            initiatives=[list(pair) for pair in theme.initiatives],
            areas=[list(pair) for pair in theme.areas],
        )
        for theme in result.themes
    )
    rows: list[ThemeText] = []
    for row, theme in zip(stored, result.themes, strict=True):
        for position, member in enumerate(theme.members):
            text = texts[member.index]
            rows.append(
                ThemeText(
                    theme_id=row.pk,
                    position=position,
                    kind=text.kind,
                    source_key=text.source_key,
                    initiative_id=text.initiative_id,
                    area_id=text.area_id,
                    day=text.day,
                    fit=member.fit,
                )
            )
        if len(rows) >= BATCH:
            ThemeText.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    ThemeText.objects.bulk_create(rows, batch_size=BATCH)
    now = timezone.now()
    _mine(analysis).update(
        state=AnalysisState.DONE,
        data_version=version,
        texts=result.texts,
        outside=result.outside,
        reason=result.reason,
        quarters=[quarter.isoformat() for quarter in result.quarters],
        finished_at=now,
        heartbeat_at=now,
        error="",
    )
    _audit(
        analysis,
        "themes.analyse",
        by=by,
        texts=result.texts,
        themes=len(result.themes),
    )
    _prune(analysis)


def _prune(analysis: ThemeAnalysis) -> None:
    """Remove the programme's finished analyses older than this one. Their texts go in
    one statement: a cascade through Django would load each row to signal its deletion."""
    older = list(
        ThemeAnalysis.objects.filter(programme_id=analysis.programme_id, pk__lt=analysis.pk)
        .exclude(state__in=WORKING)
        .values_list("pk", flat=True)
    )
    if not older:
        return
    marks = ", ".join(["%s"] * len(older))
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {ThemeText._meta.db_table} WHERE theme_id IN "
            f"(SELECT id FROM {Theme._meta.db_table} WHERE analysis_id IN ({marks}))",
            older,
        )
    ThemeAnalysis.objects.filter(pk__in=older).delete()


# Keeping the queue healthy -------------------------------------------------------------


def _lost() -> Q:
    cutoff = timezone.now() - timedelta(seconds=STALE_AFTER_SECONDS)
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at=None, requested_at__lt=cutoff)


def _task_waiting(task_id: str) -> bool:
    if not task_id:
        return False
    from samenspel.insights.theme_tasks import analyse_themes

    try:
        result = analyse_themes.get_backend().get_result(task_id)
    except TaskResultDoesNotExist:
        return False
    except NotImplementedError:  # a back-end that cannot tell: leave it to its worker
        return True
    return bool(result.status == TaskResultStatus.READY)


def themes_recover(*, now: datetime | None = None) -> int:
    """Queue again every analysis whose worker was lost; fail those out of attempts.
    Returns how many were queued again. One small query when nothing is lost."""
    stale = list(
        ThemeAnalysis.objects.filter(state__in=WORKING)
        .filter(_lost())
        .only("pk", "programme_id", "state", "attempts", "task_id", "heartbeat_at")
        .order_by()
    )
    requeued = 0
    for analysis in stale:
        if analysis.state == AnalysisState.QUEUED and _task_waiting(analysis.task_id):
            continue
        as_read = ThemeAnalysis.objects.filter(
            pk=analysis.pk,
            state=analysis.state,
            attempts=analysis.attempts,
            heartbeat_at=analysis.heartbeat_at,
        )
        moment = now or timezone.now()
        if analysis.attempts >= MAX_ATTEMPTS or (
            analysis.state == AnalysisState.RUNNING
            and ThemeAnalysis.objects.filter(
                programme_id=analysis.programme_id, state=AnalysisState.QUEUED
            ).exists()
        ):
            # Out of attempts, or a newer analysis already waits: this one is given up.
            if as_read.update(
                state=AnalysisState.FAILED,
                error=_("The analysis was interrupted."),
                finished_at=moment,
            ):
                logger.warning("Theme analysis %s given up", analysis.pk)
            continue
        try:
            with transaction.atomic():
                # A queued analysis that no worker ever claimed counts a try too, or
                # one whose task fails before its claim would be queued forever.
                changed = as_read.update(
                    state=AnalysisState.QUEUED,
                    heartbeat_at=moment,
                    task_id="",
                    attempts=F("attempts") + (1 if analysis.state == AnalysisState.QUEUED else 0),
                )
        except IntegrityError:  # another one waits already
            continue
        if changed:
            logger.warning("Theme analysis %s was lost by its worker; queued again", analysis.pk)
            _enqueue_on_commit(analysis.pk)
            requeued += 1
    return requeued
