"""The migrations build a fresh database, as `make demo` and a new installation run them.
(The rest of the suite creates its tables without migrations, for speed.)"""

import os
import subprocess
import sys


def test_migrate_builds_an_empty_database_from_scratch(tmp_path):
    env = {**os.environ, "SAMENSPEL_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "samenspel.conf.dev"
    command = [sys.executable, "-m", "samenspel.manage"]
    subprocess.run([*command, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    result = subprocess.run(
        [*command, "showmigrations", "--plan"], env=env, check=True, capture_output=True, text=True
    )
    assert "[ ]" not in result.stdout
    assert "[X]  cycles.0003_cycle_tally" in result.stdout


CHECK_TALLIES = """
from django.db.models import Count, Sum
from samenspel.cycles.models import AreaCycleTally, LearningCycle, QuestionCycle, QuestionTally
from samenspel.programmes.models import Initiative, InitiativeTally, LearningQuestion

links = LearningCycle.learning_questions.through.objects
assert QuestionCycle.objects.count() == links.count() > 0
for question in LearningQuestion.objects.all():
    assert QuestionTally.objects.get(pk=question.pk).cycles == links.filter(
        learningquestion=question).count()
for tally in AreaCycleTally.objects.all():
    assert tally.closed == LearningCycle.objects.filter(
        initiative__area=tally.area_id, state="closed").count()
assert AreaCycleTally.objects.aggregate(n=Sum("closed"))["n"] > 0
assert InitiativeTally.objects.aggregate(n=Sum("count"))["n"] == Initiative.objects.count()
assert list(LearningCycle.objects.filter(due_on__isnull=False).values_list("pk", flat=True))
from samenspel.cycles.models import OwnerCycleTally
assert OwnerCycleTally.objects.aggregate(n=Sum("open"))["n"] == LearningCycle.objects.filter(
    due_on__isnull=False).count() > 0
print("tallies ok")
"""


def test_migrations_count_the_figures_of_an_existing_database(tmp_path):
    """The migrations that add derived tables fill them from the data already there."""
    env = {**os.environ, "SAMENSPEL_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "samenspel.conf.dev"
    command = [sys.executable, "-m", "samenspel.manage"]
    subprocess.run([*command, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    subprocess.run([*command, "load_demo"], env=env, check=True, capture_output=True)
    # Back to before the derived tables (they are dropped), and forward again.
    subprocess.run([*command, "migrate", "cycles", "0003", "-v", "0"], env=env, check=True)
    subprocess.run([*command, "migrate", "programmes", "0006", "-v", "0"], env=env, check=True)
    subprocess.run([*command, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    result = subprocess.run(
        [*command, "shell", "-c", CHECK_TALLIES], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "tallies ok" in result.stdout
