"""The event list's indexes (issue 18 §8): the start with the municipality (replacing the start
alone: every range of dates still reads it), and the participations by municipality and event. The
new index is built before the old one goes, so no moment is without an index on the start."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_public_texts"),
        ("parties", "0003_party_public_names"),
        ("places", "0001_initial"),
        ("plans", "0007_deliverable"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["start", "municipality"], name="event_start_place"),
        ),
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(fields=["municipality", "event"], name="participation_place_event"),
        ),
        migrations.RemoveIndex(
            model_name="event",
            name="event_start",
        ),
    ]
