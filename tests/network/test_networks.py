"""Networks and councils (issue 12): members with dates, meetings with minutes, the agreed cadence
that settles the plan's open commitment (the Lõimumiskoda case), and what is refused.

Hand-worked: Tallinn's Lõimumiskoda, founded 01.02.2024, meets on 15.03, 14.06 and 20.09.2024 and
agrees on 14.06.2024 (in that meeting's minutes) to meet at least once a quarter. The plan's open
commitment "tallinn-council-meetings" (council meetings, per year, open) becomes "at least 1 per
quarter": as of 31.12.2024, Q1, Q2 and Q3 hold one meeting each (met), Q4 none (missed).
"""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from loim.monitoring.access import Viewer
from loim.monitoring.obligations.checking import check
from loim.network.models import Network, NetworkMember, Organisation
from loim.network.network_services import (
    CadenceInput,
    MeetingInput,
    MemberInput,
    cadence_agree,
    meeting_create,
    member_add,
    network_save,
)
from loim.plans.models import Obligation
from tests.monitoring.builders import make_activity, make_obligation, make_plan, municipality

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def minutes_file(name="protokoll.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def council(programme):
    tallinn = programme["tallinn"]
    return network_save(
        network=Network(party=tallinn),
        values={
            "name": "Lõimumiskoda",
            "kind": "council",
            "municipality": municipality("Tallinn"),
            "communities": "ukrainlased, venelased, valgevenelased",
            "founded_on": dt.date(2024, 2, 1),
        },
    )


@pytest.fixture
def ngo(programme):
    return Organisation.objects.create(party=programme["tallinn"], name="Ukraina Kultuurikeskus", kind="minority")


def meeting(network, day, **kwargs):
    return meeting_create(
        network=network,
        data=MeetingInput(title=f"Lõimumiskoja kohtumine {day:%d.%m}", day=day, start=dt.time(16), end=dt.time(18)),
        **kwargs,
    )


def test_a_member_twice_with_overlapping_dates_is_refused_naming_the_field(council, ngo):
    member_add(network=council, data=MemberInput(ngo, None, dt.date(2024, 2, 1), dt.date(2024, 6, 30), "ukrainlased"))
    with pytest.raises(ValidationError) as refused:
        member_add(network=council, data=MemberInput(ngo, None, dt.date(2024, 6, 1), None, "ukrainlased"))
    assert "organisation" in refused.value.message_dict
    assert "01.02.2024" in refused.value.message_dict["organisation"][0]
    assert NetworkMember.objects.filter(network=council).count() == 1
    # after leaving, joining again is a second membership, kept apart
    member_add(network=council, data=MemberInput(ngo, None, dt.date(2024, 9, 1), None, "ukrainlased"))
    assert NetworkMember.objects.filter(network=council).count() == 2


def test_a_community_is_recorded_only_for_a_council(programme, ngo):
    network = network_save(
        network=Network(party=programme["tallinn"]),
        values={"name": "Tallinna võrgustik", "kind": "local", "founded_on": dt.date(2024, 1, 1)},
    )
    with pytest.raises(ValidationError) as refused:
        member_add(network=network, data=MemberInput(ngo, None, dt.date(2024, 2, 1), None, "ukrainlased"))
    assert "represents" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        network_save(network=network, values={"communities": "ukrainlased"})
    assert list(refused.value.message_dict) == ["communities"]
    network.refresh_from_db()
    assert (network.communities, network.version) == ("", 1)


def test_a_council_records_the_communities_its_members_represent(client, council, ngo, member):
    """The council's page shows the communities it records and, per member, the community represented."""
    member_add(network=council, data=MemberInput(ngo, None, dt.date(2024, 2, 1), None, "ukrainlased"))
    client.force_login(member("tallinn", "viewer"))
    from django.urls import reverse

    page = client.get(reverse("network:network_detail", kwargs={"pk": council.pk}))
    text = page.content.decode()
    assert "ukrainlased, venelased, valgevenelased" in text and "Esindatud kogukonnad" in text
    assert [(m.organisation.name, m.represents) for m in page.context["members"]] == [
        ("Ukraina Kultuurikeskus", "ukrainlased")
    ]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"agreed": False, "period": "quarter", "min_count": 1}, "cadence_agreed"),
        ({"agreed": True, "period": "", "min_count": 1}, "cadence_period"),
        ({"agreed": True, "period": "quarter", "min_count": None}, "cadence_min"),
        ({"agreed": True, "period": "quarter", "min_count": 3, "max_count": 2}, "cadence_max"),
        ({"agreed": True, "period": "week", "min_count": 8}, "cadence_min"),
        ({"agreed": True, "period": "quarter", "min_count": 1, "agreed_on": dt.date(2024, 1, 15)}, "cadence_agreed_on"),
    ],
)
def test_a_cadence_that_contradicts_itself_is_refused_naming_the_field(council, values, field):
    data = CadenceInput(**{"max_count": None, "agreed_on": dt.date(2024, 6, 14), **values})
    with pytest.raises(ValidationError) as refused:
        cadence_agree(network=council, data=data)
    assert field in refused.value.message_dict
    council.refresh_from_db()
    assert not council.cadence_agreed and council.cadence_period == "" and council.version == 1


def test_the_agreed_cadence_settles_the_open_commitment_and_the_checker_judges_it(programme, council, member):
    tallinn = programme["tallinn"]
    plan = make_plan(2024)
    row = make_activity(plan, "3.5.2.2", section="partner", responsible=[tallinn], title="Lõimumiskoda")
    open_commitment = make_obligation(
        plan, row, "tallinn-council-meetings", tallinn, kinds=["council_meeting"], is_open=True
    )
    coordinator = member("tallinn", "coordinator")
    meeting(council, dt.date(2024, 3, 15))
    june = meeting(council, dt.date(2024, 6, 14), minutes=minutes_file("protokoll-14-06.pdf"), user=coordinator)
    meeting(council, dt.date(2024, 9, 20))
    decision = june.event.attachments.get()
    assert decision.kind == "minutes"

    before = check(plan, Viewer.system(), as_of=dt.date(2024, 12, 31))[0]
    assert [c.verdict for c in before.cells] == ["open"]

    cadence_agree(
        network=council,
        data=CadenceInput(True, "quarter", 1, None, dt.date(2024, 6, 14), minutes=decision, commitment=open_commitment),
        user=coordinator,
    )
    council.refresh_from_db()
    assert (council.cadence_agreed, council.cadence_agreed_by, council.commitment_id) == (
        True,
        coordinator,
        open_commitment.pk,
    )
    settled = Obligation.objects.get(pk=open_commitment.pk)
    assert (settled.is_open, settled.period, settled.min_count) == (False, "quarter", 1)
    assert "14.06.2024" in settled.note and "protokoll-14-06.pdf" in settled.note
    assert LogEntry.objects.get_for_object(settled).filter(action=LogEntry.Action.UPDATE).exists()

    after = check(plan, Viewer.system(), as_of=dt.date(2024, 12, 31))[0]
    assert [(c.verdict, c.count) for c in after.cells] == [("met", 1), ("met", 1), ("met", 1), ("missed", 0)]


def test_minutes_of_another_networks_meeting_cannot_decide(programme, council, member):
    other = network_save(
        network=Network(party=programme["tallinn"]),
        values={"name": "Tallinna võrgustik", "kind": "local", "founded_on": dt.date(2024, 1, 1)},
    )
    foreign = meeting_create(
        network=other,
        data=MeetingInput(title="Võrgustiku kohtumine", day=dt.date(2024, 5, 2), start=dt.time(10), end=dt.time(11)),
        minutes=minutes_file(),
        user=member("tallinn", "coordinator"),
    ).event.attachments.get()
    with pytest.raises(ValidationError) as refused:
        cadence_agree(
            network=council, data=CadenceInput(True, "quarter", 1, None, dt.date(2024, 6, 14), minutes=foreign)
        )
    assert "cadence_minutes" in refused.value.message_dict


def test_without_an_open_commitment_the_cadence_creates_one(programme, council):
    tallinn = programme["tallinn"]
    plan = make_plan(2024)
    make_activity(plan, "3.5.2.2", section="partner", responsible=[tallinn], title="Tallinna sisutegevused")
    cadence_agree(network=council, data=CadenceInput(True, "month", 1, 2, dt.date(2024, 4, 1)))
    created = Obligation.objects.get(key=f"network-{council.pk}-meetings")
    assert (created.responsible, created.period, created.min_count, created.max_count, created.is_open) == (
        tallinn,
        "month",
        1,
        2,
        False,
    )
    assert list(created.event_kinds.values_list("code", flat=True)) == ["council_meeting"]


def test_the_network_list_costs_the_same_queries_however_many_networks(client, programme, member, ngo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client.force_login(member("elvl", "coordinator"))
    url = reverse("network:network_list")

    def add(n):
        for i in range(n):
            network = network_save(
                network=Network(party=programme["tallinn"]),
                values={"name": f"Võrgustik {n}-{i}", "kind": "local", "founded_on": dt.date(2024, 1, 1)},
            )
            member_add(network=network, data=MemberInput(ngo, None, dt.date(2024, 2, 1)))

    add(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(10)
    with CaptureQueriesContext(connection) as eleven:
        page = client.get(url)
    assert page.content.decode().count("Võrgustik 10-") == 10
    assert len(eleven.captured_queries) == len(one.captured_queries)


def test_another_partys_network_is_404_and_its_cadence_cannot_be_agreed(client, council, member):
    from django.urls import reverse

    client.force_login(member("tartu", "coordinator"))
    for name in ("network_detail", "network_edit", "cadence_edit", "member_create", "meeting_add"):
        assert client.get(reverse(f"network:{name}", kwargs={"pk": council.pk})).status_code == 404
    url = reverse("network:cadence_edit", kwargs={"pk": council.pk})
    data = {
        "version": 1,
        "cadence_agreed": "on",
        "cadence_period": "year",
        "cadence_min": 1,
        "cadence_agreed_on": "2024-06-01",
    }
    assert client.post(url, data).status_code == 404
    council.refresh_from_db()
    assert not council.cadence_agreed


def test_a_contradictory_cadence_on_the_page_names_the_field_and_writes_nothing(client, council, member):
    from django.urls import reverse

    client.force_login(member("tallinn", "coordinator"))
    url = reverse("network:cadence_edit", kwargs={"pk": council.pk})
    data = {
        "version": 1,
        "cadence_agreed": "on",
        "cadence_period": "quarter",
        "cadence_min": 3,
        "cadence_max": 2,
        "cadence_agreed_on": "2024-06-14",
    }
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "At most 2 is below at least 3." in response.context["form"].errors["cadence_max"][0]
    council.refresh_from_db()
    assert (council.cadence_agreed, council.version) == (False, 1)


def test_the_api_lists_the_networks_the_user_reads_with_members_and_meetings(client, programme, council, ngo, member):
    from django.urls import reverse

    member_add(network=council, data=MemberInput(ngo, None, dt.date(2024, 4, 25), None, "ukrainlased"))
    june = meeting(council, dt.date(2024, 6, 14))
    network_save(
        network=Network(party=programme["tartu"]),
        values={"name": "Tartu võrgustik", "kind": "local", "founded_on": dt.date(2024, 3, 1)},
    )
    client.force_login(member("tallinn", "viewer"))
    rows = client.get(reverse("v1:network-list")).json()["results"]
    assert [(r["name"], r["party"], r["meetings"]) for r in rows] == [("Lõimumiskoda", "tallinn", [june.event_id])]
    assert [(m["organisation"], m["represents"]) for m in rows[0]["members"]] == [(ngo.pk, "ukrainlased")]
    client.force_login(member("ministry", "ministry_reader"))
    rows = client.get(reverse("v1:network-list")).json()["results"]
    assert {r["name"] for r in rows} == {"Lõimumiskoda", "Tartu võrgustik"}
