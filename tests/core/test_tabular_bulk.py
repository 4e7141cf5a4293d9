"""core.tabular.bulk.insert_rows writes what bulk_create writes, returns the ids in row order, and
refuses what it cannot do faithfully."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loim.core.tabular.bulk import insert_rows
from loim.inquiries.models import Inquiry, Topic
from loim.places.models import Municipality

COLUMNS = ("date", "channel", "language", "category", "minutes", "municipality_id", "note")
COMPARED = ("party_id", "date", "channel", "language", "category", "minutes", "municipality_id", "note")
COMPARED += ("version", "batch_id", "created_by_id", "activity_id")


def _rows(count: int, municipality_id: int) -> list[tuple]:
    return [
        (
            dt.date(2024, 1, 1) + dt.timedelta(days=n % 40),
            ("phone", "email", "in_person")[n % 3],
            ("ru", "et")[n % 2],
            "newcomer",
            (None, 15, 30)[n % 3],
            (None, municipality_id)[n % 2],
            f"rida {n}",
        )
        for n in range(count)
    ]


def test_rows_are_written_as_bulk_create_writes_them(programme, member):
    party, user = programme["tartu"], member("tartu")
    tartu = Municipality.objects.get(name="Tartu linn").pk
    rows = _rows(5, tartu)
    Inquiry.objects.bulk_create(
        [Inquiry(party=party, created_by=user, **dict(zip(COLUMNS, row, strict=True))) for row in rows]
    )
    by_orm = list(Inquiry.objects.order_by("pk").values(*COMPARED))
    from loim.inquiries import rollups

    rollups.rebuild()  # bulk_create passes by the rollup's writer; count them so the delete may remove them
    Inquiry.objects.all().delete()

    before = dt.datetime.now(dt.UTC)
    ids = insert_rows(Inquiry, COLUMNS, rows, constants={"party_id": party.pk, "created_by_id": user.pk})
    after = dt.datetime.now(dt.UTC)

    assert list(Inquiry.objects.order_by("pk").values(*COMPARED)) == by_orm
    assert list(Inquiry.objects.order_by("pk").values_list("pk", flat=True)) == ids
    assert by_orm[1]["date"] == dt.date(2024, 1, 2) and by_orm[1]["municipality_id"] == tartu
    assert by_orm[0]["version"] == 1  # the model default
    for created, updated in Inquiry.objects.values_list("created_at", "updated_at"):
        assert before <= created <= updated <= after  # auto_now(_add): the time of the call


def test_ids_come_back_in_row_order_across_batches(programme):
    rows = _rows(250, Municipality.objects.first().pk)  # several INSERT statements on SQLite (999 params)
    ids = insert_rows(Inquiry, COLUMNS, rows, constants={"party_id": programme["tartu"].pk})
    assert len(ids) == len(set(ids)) == 250
    notes = dict(Inquiry.objects.values_list("pk", "note"))
    assert [notes[pk] for pk in ids] == [f"rida {n}" for n in range(250)]


def test_link_rows_without_defaults(programme):
    (pk,) = insert_rows(Inquiry, COLUMNS, _rows(1, None)[:1], constants={"party_id": programme["tartu"].pk})
    topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True)[:2])
    insert_rows(Inquiry.topics.through, ("inquiry_id", "topic_id"), [(pk, t) for t in topics])
    assert list(Inquiry.objects.get(pk=pk).topics.order_by("pk").values_list("pk", flat=True)) == topics


def test_no_rows_no_query(db):
    with CaptureQueriesContext(connection) as captured:
        assert insert_rows(Inquiry, COLUMNS, []) == []
    assert len(captured) == 0


def test_a_field_with_a_callable_default_must_be_given(programme):
    # Inquiry.date defaults to timezone.localdate: one value for every row would be a guess
    with pytest.raises(ValueError, match="date"):
        insert_rows(Inquiry, COLUMNS[1:], [r[1:] for r in _rows(2, None)], constants={"party_id": 1})
    assert not Inquiry.objects.exists()
