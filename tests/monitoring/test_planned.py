"""Planned versus done per schedule row (issue 11 §5), the report's deliverables (§4), and the cost
of the deliverables list — expected values worked out by hand from the records built here."""

import datetime as dt

import pytest
from django.utils import translation

from loim.monitoring.access import Viewer
from loim.monitoring.deliverables.services import DeliverableInput, deliverable_record_save
from loim.monitoring.planned import planned_vs_done
from loim.monitoring.report import build_report
from loim.plans.models import Deliverable
from tests.queries import page_queries

from .builders import make_activity, make_event, make_plan

COUNTY_INFO_DAYS = {
    "count": 2, "max": None, "kinds": ["info_day"], "reach": "county", "unit": "",
    "quote": "vähemalt kaks maakondlikku infopäeva", "note": "",
}  # fmt: skip
ACTION_PLAN = {
    "count": 1, "max": None, "kinds": [], "reach": "", "unit": "tegevuskava", "quote": "tegevuskava koostamine",
    "note": "",
}  # fmt: skip


@pytest.fixture
def rows(programme):
    elvl, tartu = programme["elvl"], programme["tartu"]
    plan = make_plan(2024)
    comms = make_activity(plan, "3.5.1.3", responsible=[elvl])
    info = make_activity(plan, "3.5.1.3", parent=comms, row_key="1", responsible=[elvl], title="Infopäevad")
    info.planned = [COUNTY_INFO_DAYS, ACTION_PLAN]
    info.save()
    sub = make_activity(plan, "3.5.1.3", parent=info, row_key="1.1", responsible=[elvl])
    other = make_activity(plan, "3.5.1.3", parent=comms, row_key="2", responsible=[elvl])
    # counted: county info days linked to row 1 or the row under it, in 2024, by whoever organised them
    make_event(elvl, "info_day", dt.date(2024, 2, 15), activity=info, reach="county")
    make_event(elvl, "info_day", dt.date(2024, 5, 20), activity=sub, reach="county")
    make_event(tartu, "info_day", dt.date(2024, 10, 10), activity=info, reach="county")
    # not counted: a local info day, a county info day of another row, a training, one of 2025, none linked
    make_event(elvl, "info_day", dt.date(2024, 6, 3), activity=info, reach="local")
    make_event(elvl, "info_day", dt.date(2024, 3, 1), activity=other, reach="county")
    make_event(elvl, "training", dt.date(2024, 4, 9), activity=info, reach="county")
    make_event(elvl, "info_day", dt.date(2025, 1, 10), activity=info, reach="county")
    make_event(elvl, "info_day", dt.date(2024, 9, 9), reach="county")
    return {"plan": plan, "info": info, "comms": comms, "elvl": elvl, "tartu": tartu}


def test_planned_versus_done_counts_the_rows_events(rows):
    with translation.override("en"):
        found = planned_vs_done(rows["plan"], Viewer.system(), as_of=dt.date(2025, 3, 1))
        days, action_plan = found[rows["info"].pk]
        assert (days.count, days.done, days.text) == (2, 3, "planned 2, done 3")
        assert [e.start.date() for e in days.events] == [
            dt.date(2024, 2, 15),
            dt.date(2024, 5, 20),
            dt.date(2024, 10, 10),
        ]
        assert action_plan.done is None
        assert action_plan.text == "planned 1 (tegevuskava), not counted by Lõim"
    # as of 30.06.2024 the October day has not happened yet
    midyear = planned_vs_done(rows["plan"], Viewer.system(), as_of=dt.date(2024, 6, 30))
    assert midyear[rows["info"].pk][0].done == 2
    assert set(found) == {rows["info"].pk}  # rows that plan nothing have no entry


def test_a_partner_counts_what_it_may_see(rows, member):
    """Tenancy: a partner's count holds only the events it may read."""
    tartu = Viewer(user=member("tartu", "coordinator"))
    done = planned_vs_done(rows["plan"], tartu, as_of=dt.date(2025, 3, 1))[rows["info"].pk][0].done
    assert done == 1  # Tartu's own county info day on 10.10.2024


def test_the_report_shows_planned_and_done_and_lists_the_deliverables(rows, member):
    deliverable = Deliverable.objects.create(
        plan=rows["plan"], party=rows["plan"].party, activity=rows["info"], key="platform", title="Platvorm on loodud",
        owner=rows["elvl"], due_date=dt.date(2024, 12, 31), quote="luua ühine kommunikatsiooniplatvorm",
    )  # fmt: skip
    Deliverable.objects.create(
        plan=rows["plan"], party=rows["plan"].party, activity=rows["comms"], key="guide", title="Juhend on valminud",
        owner=rows["elvl"], due_date=dt.date(2024, 6, 30), quote="juhendmaterjalide koostamine",
    )  # fmt: skip
    deliverable_record_save(
        deliverable=deliverable,
        data=DeliverableInput(status="done", done_on=dt.date(2024, 11, 5), links="https://example.org/platvorm"),
        author=member("elvl", "coordinator"),
        today=dt.date(2024, 11, 6),
    )
    with translation.override("en"):
        report = build_report(rows["plan"], Viewer.system(), as_of=dt.date(2025, 3, 1))
    row = next(r for r in report.activities if r.activity_id == rows["info"].pk)
    assert [p.text for p in row.planned] == ["planned 2, done 3", "planned 1 (tegevuskava), not counted by Lõim"]
    assert [(d.key, d.state, d.done_on, d.evidence) for d in report.deliverables] == [
        ("platform", "done", dt.date(2024, 11, 5), ["https://example.org/platvorm"]),
        ("guide", "late", None, []),  # due 30.06.2024, nothing recorded
    ]


def _deliverables(plan, activity, owner, n, *, record):
    for i in range(n):
        deliverable = Deliverable.objects.create(
            plan=plan, party=plan.party, activity=activity, key=f"d-{n}-{i}", title=f"Tulemus {i}", owner=owner,
            due_date=dt.date(2024, 12, 31), quote="…",
        )  # fmt: skip
        if record:
            event = make_event(owner, "network_meeting", dt.date(2024, 3, 1 + i), activity=activity)
            deliverable_record_save(
                deliverable=deliverable,
                data=DeliverableInput(
                    status="done", done_on=dt.date(2024, 3, 2), events=[event], links="https://a.ee/x"
                ),
                author=None,
                today=dt.date(2024, 4, 1),
            )


def test_the_deliverables_list_costs_the_same_queries_whatever_its_size(rows, member, client):
    client.force_login(member("elvl", "coordinator"))
    _deliverables(rows["plan"], rows["info"], rows["elvl"], 2, record=True)

    def queries() -> int:
        response, count = page_queries(client, "/monitoring/2024/deliverables/")
        assert response.status_code == 200
        return count

    few = queries()
    _deliverables(rows["plan"], rows["info"], rows["elvl"], 8, record=True)
    _deliverables(rows["plan"], rows["comms"], rows["tartu"], 3, record=False)
    assert queries() == few
