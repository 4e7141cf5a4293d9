"""Writing inquiries: what a coordinator may save, what is refused with a message, and the audit."""

import datetime as dt
import itertools

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from loim.inquiries.models import NOTE_MAX_LENGTH, Inquiry, ServiceGapNote
from loim.inquiries.services import (
    inquiry_delete,
    inquiry_update,
    service_gap_note_create,
    vocabulary_entry_save,
)
from loim.plans.models import Activity, Plan
from tests.inquiries.helpers import make_inquiry, referral, topic

_codes = itertools.count(1)


def plan_row(programme, *, year=2024, responsible="tartu", row="1.1"):
    plan, _ = Plan.objects.get_or_create(
        year=year,
        defaults={
            "party": programme["elvl"],
            "title": f"Tegevuskava {year}",
            "period_start": dt.date(year, 1, 1),
            "period_end": dt.date(year, 12, 31),
            "frame_end": dt.date(2029, 10, 31),
        },
    )
    activity = Activity.objects.create(
        plan=plan,
        party=programme["elvl"],
        code=f"test-{next(_codes)}/{row}",
        section="partner",
        measure_code="3.5.2.1",
        row_number=row,
        row_key=row,
        level=1,
        title="Nõustamisteenuse ja infohaldamise arendamine ja elluviimine",
    )
    activity.responsible_parties.add(programme[responsible])
    return activity


def test_an_inquiry_with_topics_and_referrals_is_saved(programme):
    inquiry = make_inquiry(
        programme["tartu"], topics=["personal-id-code", "bus-card"], referrals=["ppa"], minutes=15, note="kiire küsimus"
    )
    inquiry.refresh_from_db()
    assert {t.code for t in inquiry.topics.all()} == {"personal-id-code", "bus-card"}
    assert [r.code for r in inquiry.referrals.all()] == ["ppa"]
    assert inquiry.minutes == 15


def test_the_date_defaults_to_today_in_tallinn():
    assert Inquiry._meta.get_field("date").default() == timezone.localdate()


@pytest.mark.parametrize(
    ("fields", "field", "topics"),
    [
        ({"date": dt.date.today() + dt.timedelta(days=2)}, "date", ["housing"]),
        ({}, "topics", []),
        ({"note": "x" * (NOTE_MAX_LENGTH + 1)}, "note", ["housing"]),
        ({"note": "kirjuta mari.maasikas@example.ee"}, "note", ["housing"]),
        ({"channel": "pigeon"}, "channel", ["housing"]),
        ({"language": "xx"}, "language", ["housing"]),
        ({"minutes": 0}, "minutes", ["housing"]),
        ({"minutes": 9999}, "minutes", ["housing"]),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_written(programme, fields, field, topics):
    before = Inquiry.objects.count()
    with pytest.raises(ValidationError) as caught:
        make_inquiry(programme["tartu"], topics=topics, **fields)
    assert field in caught.value.message_dict
    assert Inquiry.objects.count() == before


def test_an_activity_must_be_the_partys_and_of_the_inquirys_year(programme):
    tartu_row = plan_row(programme)
    inquiry = make_inquiry(programme["tartu"], activity=tartu_row)
    assert inquiry.activity == tartu_row
    with pytest.raises(ValidationError) as caught:
        make_inquiry(programme["parnu"], activity=tartu_row)
    assert "activity" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        make_inquiry(programme["tartu"], activity=tartu_row, date=dt.date(2023, 12, 31))
    assert "2024" in caught.value.message_dict["activity"][0]


def test_correction_and_deletion_are_audited(programme, member):
    user = member("tartu")
    from auditlog.context import set_actor

    with set_actor(user):
        inquiry = make_inquiry(programme["tartu"], created_by=user)
        inquiry_update(
            inquiry=inquiry,
            date=inquiry.date,
            channel="phone",
            language="ru",
            topics=[topic("housing")],
            referrals=[referral("tootukassa")],
        )
        pk = inquiry.pk
        inquiry_delete(inquiry=inquiry)
    entries = LogEntry.objects.filter(object_pk=str(pk), content_type__model="inquiry").order_by("timestamp")
    actions = [entry.action for entry in entries]
    assert LogEntry.Action.CREATE in actions and LogEntry.Action.UPDATE in actions
    assert actions[-1] == LogEntry.Action.DELETE
    assert all(entry.actor == user for entry in entries)
    assert all(entry.additional_data == {"party_id": programme["tartu"].pk} for entry in entries)
    change = next(e for e in entries if e.action == LogEntry.Action.UPDATE and "channel" in e.changes_dict)
    assert change.changes_dict["channel"] == ["in_person", "phone"]
    assert not Inquiry.objects.filter(pk=pk).exists()


def test_a_correction_that_breaks_a_rule_changes_nothing(programme):
    inquiry = make_inquiry(programme["tartu"], note="algne")
    with pytest.raises(ValidationError):
        inquiry_update(
            inquiry=inquiry,
            date=inquiry.date,
            channel="phone",
            language="ru",
            topics=[],
            note="muudetud",
        )
    inquiry.refresh_from_db()
    assert (inquiry.channel, inquiry.note) == ("in_person", "algne")


def test_a_service_gap_note_needs_an_ordered_period(programme):
    with pytest.raises(ValidationError):
        service_gap_note_create(
            party=programme["tartu"],
            topic=topic("bus-card"),
            period_start=dt.date(2024, 12, 31),
            period_end=dt.date(2024, 1, 1),
            inquiry_count=3,
            text="x",
        )
    assert not ServiceGapNote.objects.exists()


def test_topics_have_two_levels_only(db):
    parent = topic("housing")
    child = vocabulary_entry_save(
        entry=type(parent)(), code="rent-support", parent=parent, name_et="üüritoetus", name_en="rent support"
    )
    with pytest.raises(ValidationError):
        vocabulary_entry_save(entry=type(parent)(), code="deeper", parent=child, name_et="sügavam", name_en="deeper")
    with pytest.raises(ValidationError):  # a topic with sub-topics cannot itself become a sub-topic
        vocabulary_entry_save(entry=parent, parent=topic("legal"))
