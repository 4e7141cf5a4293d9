"""The yearly report's XLSX, requested and downloaded by those who may (ELVL and the ministry for the
programme, Tartu for its own part), with hostile text in the fields people type: activity titles,
indicator names and units, commitment titles and quotes, explanations of deviations and the review
comment. Nothing runs as a formula, no control character survives, outlooks are labels, and the
About sheet says for whom, which plan and which date."""

import datetime as dt

import pytest
from django.urls import reverse

from loim.monitoring.engine.outlook import AT_RISK, BEHIND, CONTEXT, NO_TARGET, ON_TRACK, REACHED, UNKNOWN, Outlook
from loim.monitoring.models import ActivityReportNote, ReportPart
from loim.plans.models import Activity, Indicator, Obligation
from tests.tabular_checks import ATTACK_RESULTS, about, attacks, sheet_rows, workbook

pytestmark = pytest.mark.django_db


def hostile_report(scenario) -> dict[int, str]:
    """Each of the plan's rows gets a hostile value as its title and as its party's explanation;
    ELVL's review of Tartu carries the first. Returns {activity pk: value}."""
    parties = scenario["parties"]
    values = {}
    activities = Activity.objects.filter(plan=scenario["plan"]).order_by("position", "pk")
    for activity, value in zip(activities, attacks(), strict=False):
        party = activity.responsible_parties.first()
        ActivityReportNote.objects.create(party=party, activity=activity, text=value)
        Activity.objects.filter(pk=activity.pk).update(title=value)
        values[activity.pk] = value
    for indicator, value in zip(scenario["indicators"].values(), attacks(), strict=False):
        Indicator.objects.filter(pk=indicator.pk).update(name=value, unit=value)
    for obligation, value in zip(scenario["obligations"].values(), reversed(attacks()), strict=False):
        Obligation.objects.filter(pk=obligation.pk).update(title=value, quote=value)
    ReportPart.objects.create(
        party=parties["tartu"], plan=scenario["plan"], period="year", state="approved", comment=attacks()[0]
    )
    return values


def download(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:report_request", kwargs={"year": 2024}), {"format": "xlsx"})
    return client.get(response.url + "download/")


@pytest.mark.parametrize(
    ("slug", "role", "sees"),
    [("elvl", "coordinator", "all"), ("ministry", "ministry_reader", "all"), ("tartu", "coordinator", "tartu")],
)
def test_the_report_file_holds_typed_text_as_plain_text(
    client, scenario, member, django_capture_on_commit_callbacks, slug, role, sees
):
    values = hostile_report(scenario)
    tartu = scenario["parties"]["tartu"]
    expected_notes = {
        pk: value
        for pk, value in values.items()
        if sees == "all" or Activity.objects.get(pk=pk).responsible_parties.filter(pk=tartu.pk).exists()
    }
    user = member(slug, role)
    client.force_login(user)
    book = workbook(download(client, django_capture_on_commit_callbacks))

    explanations = sheet_rows(book["Selgitused"])[1:]
    texts = sorted(row[3] for row in explanations)
    assert texts == sorted(ATTACK_RESULTS[v][1] for v in expected_notes.values())
    assert all(row[1] == row[3] for row in explanations)  # each row's title is its hostile value too

    titles = [row[2] for row in sheet_rows(book["Tegevused"])[1:]]
    for value in expected_notes.values():
        assert ATTACK_RESULTS[value][1] in titles

    reviews = sheet_rows(book["Ülevaatus"])[1:]
    tartu_review = next(row for row in reviews if row[0] == str(tartu))
    assert tartu_review[1] == "kinnitatud" and tartu_review[6] == ATTACK_RESULTS[attacks()[0]][1]

    hostile = {xlsx for _csv, xlsx in ATTACK_RESULTS.values()}
    indicators = sheet_rows(book["Näitajad"])[1:]
    assert indicators and all(row[1] in hostile and row[2] == row[1] for row in indicators)  # name, unit
    commitments = sheet_rows(book["Kohustused"])[1:]
    assert commitments and all(row[1] in hostile and row[11] == row[1] for row in commitments)  # title, quote

    outlooks = {row[11] for row in sheet_rows(book["Näitajad"])[1:]} - {None}
    labels = {Outlook(code, "").label for code in (REACHED, ON_TRACK, AT_RISK, BEHIND, UNKNOWN, NO_TARGET, CONTEXT)}
    assert outlooks and outlooks <= labels, outlooks  # labels such as "graafikus", never "on_track"

    info = about(book)
    assert info["Filter: Tegevuskava"] == scenario["plan"].title
    assert isinstance(info["Filter: Loetud seisuga"], dt.datetime)  # a date cell
    assert info["Eksportija"] == f"{user.get_full_name()} <{user.email}>"


def test_counselling_figures_are_number_cells_where_the_report_shows_the_number(
    client, scenario, member, django_capture_on_commit_callbacks
):
    from tests.inquiries.helpers import make_inquiry

    for day in range(1, 7):
        make_inquiry(scenario["parties"]["tartu"], date=dt.date(2024, 3, day), topics=["bus-card"])
    client.force_login(member("tartu", "coordinator"))
    book = workbook(download(client, django_capture_on_commit_callbacks))
    rows = sheet_rows(book["Nõustamine"])[1:]
    tartu = next(row for row in rows if row[0] == str(scenario["parties"]["tartu"]))
    assert tartu[1:4] == [6, "bussikaart", 6]  # the own party's figures: numbers, not text
