"""Area names are unique per programme whatever their case, in the database.

Names that already clash in case (stored before this constraint, e.g. by two posts at
the same moment) keep the first and get " (2)", " (3)", ... appended, so the constraint
can be added; nothing is deleted."""

import django.db.models.functions.text
from django.db import migrations, models


def rename_case_duplicates(apps, schema_editor):
    Area = apps.get_model("programmes", "Area")
    seen: dict[tuple[int, str], int] = {}
    taken = {(a.programme_id, a.name.lower()) for a in Area.objects.all()}
    for area in Area.objects.order_by("programme_id", "pk"):
        key = (area.programme_id, area.name.lower())
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == 1:
            continue
        n = seen[key]
        while True:
            suffix = f" ({n})"
            name = area.name[: 120 - len(suffix)] + suffix
            if (area.programme_id, name.lower()) not in taken:
                break
            n += 1
        taken.add((area.programme_id, name.lower()))
        area.name = name
        area.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0002_programme_funding"),
    ]

    operations = [
        migrations.RunPython(rename_case_duplicates, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="area",
            name="area_name_unique",
        ),
        migrations.AddConstraint(
            model_name="area",
            constraint=models.UniqueConstraint(
                models.F("programme"),
                django.db.models.functions.text.Lower("name"),
                name="area_name_unique_ignoring_case",
            ),
        ),
    ]
