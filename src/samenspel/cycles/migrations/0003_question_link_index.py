from django.db import migrations

TABLE = "cycles_learningcycle_learning_questions"


class Migration(migrations.Migration):
    """The question page lists a question's cycles the most recently linked first; this
    index lets it read only the rows of the page shown (cycles.selectors.cycles_of_question).
    Django creates the link table itself, so the index is plain SQL (both engines)."""

    dependencies = [("cycles", "0002_cycle_tally")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX cycle_question_link_newest ON {TABLE} (learningquestion_id, id)",
            "DROP INDEX cycle_question_link_newest",
        )
    ]
