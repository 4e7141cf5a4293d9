"""Each review mark (ReportReview) becomes an approved yearly part of the reviewed party, with an
"approved" step by the reviewer at the time of the mark; reversed, each approved or changed yearly
part becomes a mark again (its last decision), so 0006 can be unapplied without losing them."""

from django.db import migrations


def marks_to_parts(apps, schema_editor):
    ReportReview = apps.get_model("monitoring", "ReportReview")
    ReportPart = apps.get_model("monitoring", "ReportPart")
    ReportPartStep = apps.get_model("monitoring", "ReportPartStep")
    for review in ReportReview.objects.all().iterator():
        part, created = ReportPart.objects.get_or_create(
            plan_id=review.plan_id,
            period="year",
            party_id=review.reviewed_party_id,
            defaults={
                "state": "approved",
                "decided_by_id": review.reviewed_by_id,
                "decided_at": review.reviewed_at,
                "comment": review.comment,
            },
        )
        if created:
            step = ReportPartStep.objects.create(
                part=part, party_id=part.party_id, action="approved", actor_id=review.reviewed_by_id, text=review.comment
            )
            ReportPartStep.objects.filter(pk=step.pk).update(created_at=review.reviewed_at)


def parts_to_marks(apps, schema_editor):
    ReportReview = apps.get_model("monitoring", "ReportReview")
    ReportPart = apps.get_model("monitoring", "ReportPart")
    Party = apps.get_model("parties", "Party")
    implementer = Party.objects.filter(kind="implementer").order_by("pk").first()
    if implementer is None:
        return
    for part in ReportPart.objects.filter(period="year", state__in=["approved", "changed"]).iterator():
        ReportReview.objects.get_or_create(
            plan_id=part.plan_id,
            reviewed_party_id=part.party_id,
            defaults={
                "party_id": implementer.pk,
                "reviewed_by_id": part.decided_by_id,
                "reviewed_at": part.decided_at or part.updated_at,
                "comment": part.comment,
            },
        )


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0004_report_parts'),
    ]

    operations = [
        migrations.RunPython(marks_to_parts, parts_to_marks),
    ]
