"""The statistics' exact rollup (inquiries.rollups), filled from the inquiries already recorded."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    """Count every existing inquiry into the rollup, per day and per month, in SQL (the same counts
    as `rollups.contributions`; a test compares the two)."""
    Inquiry = apps.get_model("inquiries", "Inquiry")
    Rollup = apps.get_model("inquiries", "InquiryRollup")
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    inquiry, rollup = quote(Inquiry._meta.db_table), quote(Rollup._meta.db_table)
    topics, referrals = quote(Inquiry.topics.through._meta.db_table), quote(Inquiry.referrals.through._meta.db_table)
    text = "TEXT" if connection.vendor == "sqlite" else "VARCHAR"
    parts = [f"SELECT i.party_id, i.date, 'total', '', COUNT(*) FROM {inquiry} i GROUP BY i.party_id, i.date"]
    for name, column in (("channel", "i.channel"), ("language", "i.language"), ("category", "i.category")):
        parts.append(
            f"SELECT i.party_id, i.date, '{name}', {column}, COUNT(*) FROM {inquiry} i "
            f"GROUP BY i.party_id, i.date, {column}"
        )
    parts.append(
        f"SELECT i.party_id, i.date, 'municipality', COALESCE(CAST(i.municipality_id AS {text}), ''), COUNT(*) "
        f"FROM {inquiry} i GROUP BY i.party_id, i.date, i.municipality_id"
    )
    for name, table, column in (("topic", topics, "topic_id"), ("referral", referrals, "referraltarget_id")):
        parts.append(
            f"SELECT i.party_id, i.date, '{name}', CAST(l.{column} AS {text}), COUNT(*) FROM {inquiry} i "
            f"JOIN {table} l ON l.inquiry_id = i.id GROUP BY i.party_id, i.date, l.{column}"
        )
    month = "date(day, 'start of month')" if connection.vendor == "sqlite" else "date_trunc('month', day)::date"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {rollup} (party_id, day, dimension, value, n, grain) "  # noqa: S608
            f"SELECT *, 'd' FROM ({' UNION ALL '.join(parts)}) AS counted"
        )
        cursor.execute(
            f"INSERT INTO {rollup} (party_id, day, dimension, value, n, grain) "  # noqa: S608
            f"SELECT party_id, {month}, dimension, value, SUM(n), 'm' FROM {rollup} WHERE grain = 'd' "
            f"GROUP BY party_id, {month}, dimension, value"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0009_directory_links"),
        ("parties", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="InquiryRollup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("grain", models.CharField(choices=[("d", "day"), ("m", "month")], max_length=1)),
                ("day", models.DateField()),
                ("dimension", models.CharField(max_length=12)),
                ("value", models.CharField(blank=True, max_length=60)),
                ("n", models.IntegerField()),
                (
                    "party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="parties.party"
                    ),
                ),
            ],
            options={
                "verbose_name": "inquiry rollup",
                "verbose_name_plural": "inquiry rollups",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("grain", "day", "party", "dimension", "value"), name="inquiry_rollup_key"
                    ),
                    models.CheckConstraint(condition=models.Q(("n__gte", 0)), name="inquiry_rollup_n_not_negative"),
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
