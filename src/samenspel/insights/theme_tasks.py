"""The recurring themes' work for the task queue (django-tasks; in production its
database back-end, whose `samenspel db_worker` runs the tasks). The task carries only
the analysis's id; the row holds the rest, so a task that waits through a restart still
knows what to do."""

from django_tasks import task

from samenspel.insights.theme_services import themes_run


@task()
def analyse_themes(analysis_id: int) -> str:
    """Find the themes of one waiting analysis (insights.theme_services.themes_run)."""
    return themes_run(analysis_id=analysis_id)
