from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_obligation_reach"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="measurement_note",
            field=models.TextField(
                blank=True,
                help_text="Why the indicator is entered by hand, or how its rule reads the plan's wording.",
                verbose_name="how it is measured",
            ),
        ),
        migrations.AddField(
            model_name="obligation",
            name="note",
            field=models.TextField(
                blank=True,
                help_text="How the quote was read where the plan leaves something open.",
                verbose_name="interpretation note",
            ),
        ),
    ]
