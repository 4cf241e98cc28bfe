"""The search index's work for the task queue (django-tasks, its database back-end and
`samenspel db_worker`; decision 0016). The task carries only the programme's number:
the build reads the programme as it is when the worker gets to it."""

from django_tasks import task

from samenspel.insights.search_services import search_index_build
from samenspel.programmes.models import Programme


@task()
def build_search_index(programme_id: int) -> int:
    """Rebuild one programme's search index; the number of rows it holds (0 when the
    programme has been deleted meanwhile)."""
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return 0
    return search_index_build(programme=programme).documents
