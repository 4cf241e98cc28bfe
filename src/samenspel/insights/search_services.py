"""Writing the search index (insights.search_models): a programme's rows rebuilt at once,
and a rebuild asked for off the request, on the task queue (insights/search_tasks.py,
django-tasks with its database back-end, decision 0016).

- `search_index_build` replaces a programme's rows in one transaction: a search during
  the rebuild reads the old rows, never half of the new ones. It records the
  programme's data_version the rows reflect (SearchIndexState).
- `search_index_request` queues one build, unless one is already waiting for a worker:
  many changes in a row cost one build. It is what the listener calls after every
  committed change of a programme (insights.signals.on_texts_changed): cheap, a row
  lock and at most one task.

Neither raises the programme's data_version: the index is derived data, and a build
that counted as a change would ask for the next build. For the same reason the build's
audit event names no programme (it would be heard as a change); it carries the
programme's number in its data.
"""

import logging

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from samenspel.common.services import audit_record
from samenspel.insights.search_index import programme_documents
from samenspel.insights.search_models import SearchDocument, SearchIndexState
from samenspel.programmes.models import Programme

logger = logging.getLogger(__name__)

BATCH_SIZE = 1_000


def search_index_build(*, programme: Programme) -> SearchIndexState:
    """Replace the programme's search index with its texts as they are now."""
    # The version read first: a change committed during the build raises it past this
    # one, so the page says the results may be behind until the next build.
    version = Programme.objects.values_list("data_version", flat=True).get(pk=programme.pk)
    # Read and stem every text before the transaction: on SQLite a write transaction
    # holds the database's one write lock, on PostgreSQL the state row's lock makes the
    # listener of every change wait (search_index_request). Only the swap is locked.
    documents = list(programme_documents(programme=programme))
    return _swap(programme=programme, documents=documents, version=version)


@transaction.atomic
def _swap(
    *, programme: Programme, documents: list[SearchDocument], version: int
) -> SearchIndexState:
    state, _created = SearchIndexState.objects.select_for_update().get_or_create(
        programme_id=programme.pk
    )
    with connection.cursor() as cursor:
        # One statement, not Django's delete (which reads every row to send its signals);
        # on SQLite the table's trigger takes each row out of the FTS5 index.
        cursor.execute(
            f"DELETE FROM {SearchDocument._meta.db_table} WHERE programme_id = %s",
            [programme.pk],
        )
    SearchDocument.objects.bulk_create(documents, batch_size=BATCH_SIZE)
    state.data_version = version
    state.built_at = timezone.now()
    state.documents = len(documents)
    state.save(update_fields=["data_version", "built_at", "documents"])
    audit_record(
        actor=None,
        action="search_index.build",
        target=state,
        data={"programme": programme.pk, "documents": len(documents), "version": version},
    )
    return state


def _waiting(task_id: str) -> bool:
    """Whether the task is still queued, not yet taken by a worker."""
    from samenspel.insights.search_tasks import build_search_index

    if not task_id:
        return False
    try:
        result = build_search_index.get_result(task_id)
    except (TaskResultDoesNotExist, NotImplementedError):  # an immediate back-end keeps none
        return False
    return bool(result.status == TaskResultStatus.READY)


@transaction.atomic
def search_index_request(*, programme_id: int) -> bool:
    """Queue a build of the programme's index unless one is waiting. True when queued."""
    from samenspel.insights.search_tasks import build_search_index

    if not Programme.objects.filter(pk=programme_id).exists():
        return False  # deleted with this change
    # A build that is swapping its rows holds the row: then queue one more rather than
    # wait for it (the listener runs after the user's change, on their request).
    state = (
        SearchIndexState.objects.select_for_update(skip_locked=True)
        .filter(programme_id=programme_id)
        .first()
    )
    if state is None and SearchIndexState.objects.filter(programme_id=programme_id).exists():
        build_search_index.enqueue(programme_id)
        return True
    if state is None:
        state, _created = SearchIndexState.objects.get_or_create(programme_id=programme_id)
    if _waiting(state.task_id):
        return False
    result = build_search_index.enqueue(programme_id)
    state.task_id = str(result.id)
    state.save(update_fields=["task_id"])
    return True


def texts_changed(programme_id: int) -> None:
    """The listener (insights.signals.on_texts_changed): ask for a build, never fail
    the request that made the change."""
    try:
        search_index_request(programme_id=programme_id)
    except Exception:  # the change is committed; a missed rebuild is caught by the next
        logger.exception("could not queue the search index of programme %s", programme_id)
