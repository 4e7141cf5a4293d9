# ReportReview is replaced by ReportPart (0004) and its marks were carried over (0005).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0005_review_marks_to_parts'),
    ]

    operations = [
        migrations.DeleteModel(
            name='ReportReview',
        ),
    ]
