"""The inquiry list and statistics files with hostile text in every exported text field (the note, the
topic's and the referral target's names), requested by those who may: the owning party for the
list (row-level data stays with it), the party and the cross-party readers for the statistics. A NUL
in an imported note used to break `/inquiries/list/export.xlsx`."""

import datetime as dt

import pytest

from loim.inquiries.exports import small_cell_explanation
from loim.inquiries.models import Inquiry, ReferralTarget, Topic
from tests.inquiries.helpers import make_inquiry
from tests.tabular_checks import ATTACK_RESULTS, about, attacks, csv_table, sheet_rows, workbook

pytestmark = pytest.mark.django_db
PER_TOPIC = 6  # inquiries per hostile topic: above the small-cell limit, so the own party sees 6


def hostile_inquiries(party) -> None:
    """For each hostile value: a topic and a referral target named by it, and six inquiries on that
    topic referred there, one of them with the value as its note (written after the service saved
    it: the export must hold even for text stored before inputs were checked)."""
    for number, value in enumerate(attacks()):
        Topic.objects.create(code=f"hostile-{number}", name_et=value, name_en=value)
        ReferralTarget.objects.create(code=f"hostile-{number}", name_et=value, name_en=value)
        for day in range(PER_TOPIC):
            inquiry = make_inquiry(
                party,
                topics=[f"hostile-{number}"],
                referrals=[f"hostile-{number}"],
                date=dt.date(2024, 3 + number, 1 + day),
                minutes=10 + number,
            )
        Inquiry.objects.filter(pk=inquiry.pk).update(note=value)


def test_the_list_files_of_the_owning_party_hold_every_value_as_plain_text(client, member, programme):
    hostile_inquiries(programme["tartu"])
    client.force_login(member("tartu"))
    _header, *rows = csv_table(client.get("/inquiries/list/export.csv"))
    assert len(rows) == PER_TOPIC * len(attacks())
    noted = [row for row in rows if row[-1]]
    assert len(noted) == len(attacks())
    for number, value in enumerate(attacks()):
        row = next(r for r in noted if r[1] == f"2024-{3 + number:02d}-{PER_TOPIC:02d}")
        expected, _xlsx = ATTACK_RESULTS[value]
        assert [row[6], row[7], row[11]] == [expected] * 3, value  # topics, referred to, note
        assert row[3] == "kohapeal" and row[4] == "ukraina keel" and row[5] == "uussisserändajad"  # labels
        assert row[8] == str(10 + number)

    book = workbook(client.get("/inquiries/list/export.xlsx"))
    _header, *rows = sheet_rows(book.worksheets[0])
    noted = [row for row in rows if row[-1]]
    for number, value in enumerate(attacks()):
        row = next(r for r in noted if r[1] == dt.datetime(2024, 3 + number, PER_TOPIC))  # a date cell
        _csv, expected = ATTACK_RESULTS[value]
        assert [row[6], row[7], row[11]] == [expected] * 3, value
        assert row[8] == 10 + number  # a number cell
    info = about(book)
    assert info["Eksport"] == "Pöördumised" and info["Filtrid"].startswith("puuduvad")


@pytest.mark.parametrize(
    ("slug", "role", "query"),
    [
        ("tartu", "coordinator", ""),
        ("elvl", "coordinator", "&party="),
        ("ministry", "ministry_reader", "&party="),
    ],
)
def test_the_statistics_files_hold_every_label_as_plain_text(client, member, programme, slug, role, query):
    hostile_inquiries(programme["tartu"])
    client.force_login(member(slug, role))
    url = f"/inquiries/statistics/export.%s?start=01.01.2024&end=31.12.2024{query}"

    _header, *rows = csv_table(client.get(url % "csv"))
    for value in attacks():
        expected, _xlsx = ATTACK_RESULTS[value]
        by_breakdown = {row[0]: row for row in rows if row[1] == expected}
        assert set(by_breakdown) == {"Teemade kaupa", "Suunamiste kaupa"}, value  # by label, not "topic"
        if slug == "tartu":  # the own party's counts are not suppressed
            assert {row[2] for row in by_breakdown.values()} == {str(PER_TOPIC)}

    book = workbook(client.get(url % "xlsx"))
    statistics, top_topics = (sheet_rows(sheet) for sheet in book.worksheets[:2])
    for value in attacks():
        _csv, expected = ATTACK_RESULTS[value]
        assert [row[0] for row in statistics if row[1] == expected] == ["Teemade kaupa", "Suunamiste kaupa"]
        assert [row[0] for row in top_topics].count(expected) <= 1
    info = about(book)
    assert info["Filter: periood"] == "2024-01-01 – 2024-12-31"
    assert info["Filter: osapool"] == ("kõik osapooled" if query else programme["tartu"].name)
    if slug == "tartu":
        assert info["Väikesed arvud"].startswith("ei rakendata")
    else:  # the disclosure rule's own note, as the page shows it
        assert info["Väikesed arvud"] == small_cell_explanation()
