"""The travel report's work for the task queue (django-tasks; in production its database
back-end, whose `samenspel db_worker` runs the tasks: see docs/deployment.md). The task
only carries the rendering's id; the row holds everything else, so a task that waits
through a restart of the worker or the site still knows what to do."""

from django_tasks import task

from samenspel.journal.rendering_services import rendering_run


@task()
def render_journal(rendering_id: int) -> str:
    """Make the file of one rendering (journal.rendering_services.rendering_run)."""
    return rendering_run(rendering_id=rendering_id)
