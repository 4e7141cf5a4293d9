from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_event_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="obligation",
            name="reach",
            field=models.CharField(
                blank=True,
                choices=[("national", "nationwide"), ("county", "county"), ("local", "local")],
                help_text="Only events of this reach count (e.g. nationwide trainings); empty means any.",
                max_length=10,
                verbose_name="reach",
            ),
        ),
    ]
