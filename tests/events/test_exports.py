"""`/events/export.csv` and `.xlsx` with hostile text in every exported text field, requested by the
party itself and by the cross-party readers (ELVL, the ministry): nothing runs as a formula, no
control character survives (one used to make the XLSX answer 500 for everyone), codes are labels,
the header is frozen and filtered, the About sheet names the filters."""

import datetime as dt

import pytest
from django.urls import reverse

from loim.events.models import Event, EventOrganisation
from loim.plans.models import EventKind
from tests.events.helpers import make_event
from tests.tabular_checks import ATTACK_RESULTS, about, attacks, csv_table, sheet_rows, workbook

pytestmark = pytest.mark.django_db

# Text fields of an event the export writes, by heading (Estonian, the default language).
TEXT_HEADINGS = ["Impordi tunnus", "Liik", "Pealkiri", "Aadress või toimumiskoht", "Osalenud organisatsioonid"]
TEXT_HEADINGS += ["Kirjeldus"]


def hostile_events(party) -> dict[str, Event]:
    """One event per hostile value, carrying it in every text field: title, description, address,
    import id, an organisation's name, and its kind's name. The values are written into the rows after
    the service saved them: the export must hold even for text stored before inputs were checked."""
    events = {}
    for number, value in enumerate(attacks()):
        kind = EventKind.objects.create(code=f"hostile-{number}", name_et=value, name_en=value)
        event = make_event(party, title=f"Sündmus {number}", day=dt.date(2024, 3, 6 + number), organisations=["SKA"])
        Event.objects.filter(pk=event.pk).update(
            title=value, description=value, address=value, import_id=value, kind=kind
        )
        EventOrganisation.objects.filter(event=event).update(name=value)
        events[value] = event
    return events


@pytest.mark.parametrize(
    ("slug", "role"), [("tartu", "coordinator"), ("elvl", "coordinator"), ("ministry", "ministry_reader")]
)
def test_hostile_text_in_every_field_reads_back_as_plain_text(client, member, programme, slug, role):
    hostile_events(programme["tartu"])
    client.force_login(member(slug, role))
    query = {"date_from": "2024-03-01", "date_to": "2024-03-31"}

    header, *rows = csv_table(client.get(reverse("events:export_csv"), query))
    assert len(rows) == len(attacks())
    columns = [header.index(h) for h in TEXT_HEADINGS]
    by_date = {row[header.index("Kuupäev")]: row for row in rows}
    for number, value in enumerate(attacks()):
        row = by_date[f"2024-03-{6 + number:02d}"]
        expected, _xlsx = ATTACK_RESULTS[value]
        assert [row[i] for i in columns] == [expected] * len(columns), value
        assert row[header.index("Vorm")] == "kohapeal" and row[header.index("Ulatus")] == "kohalik"
        assert row[header.index("Korraldaja")] == programme["tartu"].name

    book = workbook(client.get(reverse("events:export_xlsx"), query))  # was a 500 with "\x01" in a title
    header, *rows = sheet_rows(book.worksheets[0])
    columns = [header.index(h) for h in TEXT_HEADINGS]
    by_date = {row[header.index("Kuupäev")]: row for row in rows}
    for number, value in enumerate(attacks()):
        row = by_date[dt.datetime(2024, 3, 6 + number)]  # a date cell, not text
        _csv, expected = ATTACK_RESULTS[value]
        assert [row[i] for i in columns] == [expected] * len(columns), value
        assert row[header.index("Algusaeg")] == dt.time(17, 0)
    info = about(book)
    assert info["Eksport"] == "Üritused"
    assert info["Filter: Alates"] == "2024-03-01" and info["Filter: Kuni"] == "2024-03-31"
    assert info["Ridu lehel „Üritused“"] == len(attacks())


def test_the_about_sheet_names_record_filters_by_their_labels(client, member, programme):
    make_event(programme["tartu"], title="Klubi")
    make_event(programme["parnu"], title="Pärnu klubi")
    client.force_login(member("elvl", "coordinator"))
    book = workbook(
        client.get(reverse("events:export_xlsx"), {"party": programme["tartu"].pk, "event_format": "on_site"})
    )
    assert [row[2] for row in sheet_rows(book.worksheets[0])[1:]] == ["Klubi"]
    info = about(book)
    assert info["Filter: Korraldaja"] == str(programme["tartu"])
    assert info["Filter: Vorm"] == "kohapeal"
    assert "Filtrid" not in info
    assert info["Eksportija"].endswith(">")


def test_a_hostile_filter_value_is_plain_text_in_the_about_sheet(client, member, programme):
    make_event(programme["tartu"], title="=1+1 klubi")
    client.force_login(member("tartu", "coordinator"))
    book = workbook(client.get(reverse("events:export_xlsx"), {"q": "=1+1"}))
    assert [row[2] for row in sheet_rows(book.worksheets[0])[1:]] == ["=1+1 klubi"]
    assert about(book)["Filter: Pealkirjas on"] == "=1+1"  # a text cell, quoted (checked by workbook())
    book = workbook(client.get(reverse("events:export_xlsx"), {"q": "=x\x01y"}))
    assert sheet_rows(book.worksheets[0])[1:] == []
    assert about(book)["Filter: Pealkirjas on"] == "=xy"  # the control character gone
