"""The events import asks the database the same number of questions for 10 rows as for 50: the
kinds, municipalities, plan rows (with who answers for them), organisations and import ids are read
once for the file; only each event's own writes (and its audit entry) remain per row."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loim.events.importing import events_import
from loim.events.models import Event

HEADER = (
    "import_id;kind;title;date;start_time;end_time;activity;municipality;languages;"
    "participants_newcomer;participating_municipalities;organisations"
)
# Per created row, counted by hand from event_create: INSERT event, its audit entry (INSERT) and the
# audit diff's read of the event's network meeting (the reverse one-to-one), INSERT of its count, its
# participation and its organisation; two savepoints (write_rows' row and event_create's atomic),
# each SAVEPOINT + RELEASE.
PER_ROW = 1 + 2 + 1 + 1 + 1 + 2 * 2


def upload(first, rows):
    lines = [HEADER]
    for number in range(first, first + rows):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=number)
        lines.append(
            f"q-{number};conversation_club;Klubi {number};{day:%d.%m.%Y};17:00;18:30;3.5.2.1/2.1;Tartu linn;"
            f"et;{number};Elva vald;Tartu Raamatukogu"
        )
    return SimpleUploadedFile("events.csv", "\n".join(lines).encode())


def run(programme, first, rows):
    with CaptureQueriesContext(connection) as queries:
        result = events_import(party=programme["tartu"], upload=upload(first, rows), confirmed=True)
    assert (result.errors, result.warnings, result.created) == ([], [], rows)
    sql = [q["sql"] for q in queries.captured_queries]
    per_row = [s for s in sql if s.startswith(("INSERT", "SAVEPOINT", "RELEASE")) or "network_networkmeeting" in s]
    return len(sql), len(sql) - len(per_row)


def test_the_import_reads_once_for_the_file_and_writes_a_fixed_number_per_row(programme, rows):
    run(programme, 0, 1)  # warms the per-process caches (the audit log's content types)
    total_10, reads_10 = run(programme, 1, 10)
    total_50, reads_50 = run(programme, 100, 50)
    assert reads_10 == reads_50
    assert total_50 - total_10 == 40 * PER_ROW

    assert Event.objects.count() == 61
    event = Event.objects.get(import_id="q-7")
    # row 7: 01.01.2024 + 7 days, 17:00–18:30 Tallinn time (UTC+2 in January)
    assert event.title == "Klubi 7" and event.kind.code == "conversation_club"
    assert event.start == dt.datetime(2024, 1, 8, 15, 0, tzinfo=dt.UTC)
    assert event.end == dt.datetime(2024, 1, 8, 16, 30, tzinfo=dt.UTC)
    assert event.activity.code == "3.5.2.1/2.1" and event.municipality.name == "Tartu linn"
    assert event.languages == ["et"]
    assert dict(event.counts.values_list("group", "count")) == {"newcomer": 7}
    assert list(event.municipalities.values_list("name", flat=True)) == ["Elva vald"]
    assert list(event.organisations.values_list("name", flat=True)) == ["Tartu Raamatukogu"]
    assert Event.objects.get(import_id="q-149").counts.get().count == 149


def test_a_plan_row_the_party_does_not_answer_for_is_still_refused_on_its_line(programme, rows):
    # 3.5.1.3/1 is ELVL's row; Tartu imports an event under it (the answer now from the prefetch)
    line = "x-1;conversation_club;Infopäev;03.01.2024;10:00;12:00;3.5.1.3/1;Tartu linn;et;;;"
    result = events_import(party=programme["tartu"], upload=SimpleUploadedFile("e.csv", f"{HEADER}\n{line}".encode()))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "activity", "Korraldaja ei vastuta selle tegevuskava rea eest.")  # the default language, Estonian
    ]
    assert not Event.objects.exists()
