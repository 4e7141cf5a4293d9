"""The home page's to-do list is cached (monitoring.todo.panel, core.generations) and never stale:
each kind of write to what it reads — create, edit through the ORM and through QuerySet.update,
attendance entered, delete, bulk_create, an import and its undo, a report part submitted, approved
(locked) and changed since approval — shows on the next request, as does a new day and a change of
language; another user never gets the list cached for someone else.

Expected values by hand from `tartu_todo` (tests/monitoring/test_todo.py), read today (the 2024 plan
year is over, so every 2024 event is past): Tartu's events without a participant count are
"Veebruari kohtumine" (20.02) and "Tulevane kohtumine" (22.02) — the January clubs have counts and
"Jaanuar" was counted as 0 — so the section reads (2).
"""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loim.core import generations
from loim.events.models import Event, ParticipantCount
from loim.events.services import event_delete, event_import_undo
from loim.monitoring import cycle
from loim.monitoring.todo import generation_tables, todo_for
from loim.plans.models import EventKind

from .builders import make_event
from .test_todo import tartu_todo  # noqa: F401  (the fixture)

ATTENDANCE = re.compile(r"Past events without attendance \((\d+)\)")


def todo_section(page: str) -> str:
    return page[page.index('<section aria-labelledby="todo-heading"') :].split("</section>\n</section>")[0]


def home(client) -> str:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def without_attendance(page: str) -> int:
    found = ATTENDANCE.search(page)
    return int(found.group(1)) if found else 0


@pytest.fixture
def tartu_client(client, tartu_todo, member):  # noqa: F811
    client.force_login(member("tartu", "coordinator"))
    page = home(client)
    assert without_attendance(page) == 2 and "Veebruari kohtumine" in page and "Tulevane kohtumine" in page
    return client


def test_a_second_request_reads_the_list_from_the_cache(tartu_client):
    with CaptureQueriesContext(connection) as first:
        page = home(tartu_client)
    with CaptureQueriesContext(connection) as second:
        again = home(tartu_client)
    assert todo_section(again) == todo_section(page)
    assert len(second) == len(first)  # both cached now: the first request above was the fixture's
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as computed:
        assert todo_section(home(tartu_client)) == todo_section(page)
    # computing the list costs its sources' queries; the cached list one (its generation)
    assert len(computed) > len(second)
    assert sum("core_datageneration" in q["sql"] for q in second.captured_queries) == 1


def test_a_new_event_without_attendance_shows_at_once(tartu_client, tartu_todo):  # noqa: F811
    make_event(tartu_todo["tartu"], "network_meeting", dt.date(2024, 3, 5), title="Märtsi kohtumine")
    page = home(tartu_client)
    assert without_attendance(page) == 3 and "Märtsi kohtumine" in page


def test_an_edit_shows_at_once_also_through_queryset_update(tartu_client):
    event = Event.objects.get(title="Tulevane kohtumine")
    event.title = "Ümbernimetatud kohtumine"
    event.save()
    page = home(tartu_client)
    assert "Ümbernimetatud kohtumine" in page and "Tulevane kohtumine" not in page
    Event.objects.filter(pk=event.pk).update(title="Uuendatud kohtumine")  # no signal, no save()
    page = home(tartu_client)
    assert "Uuendatud kohtumine" in page and "Ümbernimetatud kohtumine" not in page


def test_attendance_entered_takes_the_event_off(tartu_client):
    ParticipantCount.objects.create(event=Event.objects.get(title="Veebruari kohtumine"), group="newcomer", count=7)
    page = home(tartu_client)
    assert without_attendance(page) == 1 and "Veebruari kohtumine" not in page


def test_a_deleted_event_goes_and_so_does_a_bulk_deleted_one(tartu_client):
    event_delete(event=Event.objects.get(title="Veebruari kohtumine"))
    page = home(tartu_client)
    assert without_attendance(page) == 1 and "Veebruari kohtumine" not in page
    Event.objects.filter(title="Tulevane kohtumine").delete()  # a queryset delete: no per-object signal path
    assert without_attendance(home(tartu_client)) == 0


def test_bulk_created_events_show_at_once(tartu_client, tartu_todo):  # noqa: F811
    tartu = tartu_todo["tartu"]
    kind = EventKind.objects.get(code="network_meeting")
    start = timezone.make_aware(dt.datetime(2024, 4, 2, 10))
    Event.objects.bulk_create(
        Event(party=tartu, kind=kind, title=f"Aprilli kohtumine {n}", start=start, end=start + dt.timedelta(hours=2))
        for n in (1, 2)
    )
    page = home(tartu_client)
    assert without_attendance(page) == 4 and "Aprilli kohtumine 2" in page


def test_an_import_and_its_undo_show_at_once(tartu_client, tartu_todo):  # noqa: F811
    from loim.events.importing import events_import
    from tests.events.test_tabular import HEADER

    line = "m-1;network_meeting;Imporditud kohtumine;05.03.2024;10:00;12:00;;Tartu linn;et;;;;;"
    upload = SimpleUploadedFile("m.csv", f"{HEADER}\n{line}".encode(), content_type="text/csv")
    result = events_import(party=tartu_todo["tartu"], upload=upload)
    assert (result.errors, result.created) == ([], 1)
    page = home(tartu_client)
    assert without_attendance(page) == 3 and "Imporditud kohtumine" in page
    assert event_import_undo(batch=result.batch) == 1
    page = home(tartu_client)
    assert without_attendance(page) == 2 and "Imporditud kohtumine" not in page


def test_a_new_day_is_a_new_list(client, tartu_todo, member, monkeypatch):  # noqa: F811
    """On Wednesday 21.02.2024 the clubs' W06 and W07 are missed and W08 is due this week; on
    Tuesday 27.02 W08 (19.–25.02) is missed too (test_todo.py works the weeks out)."""
    client.force_login(member("tartu", "coordinator"))
    day = {"today": dt.date(2024, 2, 21)}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day["today"])
    page = home(client)
    assert "tartu-clubs-weekly/2024-W07/" in page and "Commitments due this week" in page
    assert page.count("tartu-clubs-weekly/2024-W08/") == 1  # due this week
    day["today"] = dt.date(2024, 2, 27)
    page = home(client)
    assert "Missed periods awaiting an explanation (3)" in page


def test_the_language_and_the_user_are_part_of_the_key(client, tartu_todo, member):  # noqa: F811
    coordinator, viewer = member("tartu", "coordinator"), member("tartu", "viewer")
    client.force_login(coordinator)
    assert "Enter the attendance" in home(client)
    estonian = client.get("/", HTTP_ACCEPT_LANGUAGE="et").content.decode()
    assert "Past events without attendance" not in estonian and "Tulevane kohtumine" in estonian
    client.force_login(viewer)  # the same party, no right to record: no actions in the list
    page = home(client)
    assert without_attendance(page) == 2 and "Enter the attendance" not in page


@pytest.fixture
def parts(scenario, member):
    """The cycle's scenario (tests/monitoring/conftest.py): both 2024 periods are over today."""
    from .test_cycle import explain

    explain(scenario)
    return scenario


REVIEW_H1 = "Review the report part of Tartu LV: first half-year (1.1–30.6) 2024"


def test_a_report_part_submitted_approved_and_changed_shows_at_once(client, parts, member):
    plan, tartu = parts["plan"], parts["parties"]["tartu"]
    tartu_user, elvl_user = member("tartu", "coordinator"), member("elvl", "coordinator")
    client.force_login(elvl_user)
    assert REVIEW_H1 not in home(client)
    part = cycle.part_submit(plan=plan, period="h1", party=tartu, user=tartu_user)
    assert REVIEW_H1 in home(client)
    cycle.part_approve(part=part, user=elvl_user)  # approved: the period locks
    assert REVIEW_H1 not in home(client)
    cycle.parts_mark_changed(parts=[part], user=tartu_user, what="Klubi 03.01", reason="Osalejate arv parandatud")
    page = home(client)
    assert REVIEW_H1 in page and "changed since approval" in page


def test_inside_an_atomic_block_nothing_is_cached(tartu_client):
    with transaction.atomic():
        make_event(Event.objects.first().party, "network_meeting", dt.date(2024, 5, 7), title="Tagasivõetav")
        assert "Tagasivõetav" in home(tartu_client)
        transaction.set_rollback(True)
    assert "Tagasivõetav" not in home(tartu_client)


def tables_of_the_list(member) -> set[str]:
    read = set()
    for slug in ("tartu", "elvl"):
        for day in (None, dt.date(2024, 2, 21), dt.date(2024, 7, 1)):
            with CaptureQueriesContext(connection) as queries:
                todo_for(member(slug, "coordinator"), day)
            read |= generations.tables_read(q["sql"] for q in queries.captured_queries)
    return read - {generations.TABLE}  # the generation itself (the plan's, monitoring.plan_data)


def test_every_table_the_list_reads_is_counted(tartu_todo, member):  # noqa: F811
    """The cache is only as good as its list of inputs: run every source for users of a partner and
    of ELVL on days in and after the plan year and compare the tables of the SQL with the list."""
    read = tables_of_the_list(member)
    assert {"events_event", "events_participantcount", "plans_obligation"} <= read
    assert read <= generation_tables(), sorted(read - generation_tables())


def test_every_table_the_list_reads_is_counted_with_report_parts(parts, member):
    cycle.part_submit(plan=parts["plan"], period="h1", party=parts["parties"]["tartu"], user=member("tartu"))
    read = tables_of_the_list(member)
    assert "monitoring_reportpart" in read
    assert read <= generation_tables(), sorted(read - generation_tables())


def test_the_database_counts_every_kind_of_write(tartu_todo):  # noqa: F811
    tables = [Event._meta.db_table]
    seen = [generations.generation(tables)]

    def bumped():
        now = generations.generation(tables)
        assert now > seen[-1]
        seen.append(now)

    event = Event.objects.get(title="Tulevane kohtumine")
    event.save()
    bumped()
    Event.objects.filter(pk=event.pk).update(title="x")
    bumped()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {tables[0]} SET title = %s WHERE id = %s", ["y", event.pk])  # noqa: S608
    bumped()
    Event.objects.filter(pk=event.pk).delete()
    bumped()
    assert generations.generation(["no_such_table"]) == 0


def test_the_list_expires_when_the_next_event_ends(tartu_todo, member):  # noqa: F811
    """An event ending later today becomes "past without attendance" with no write: the cached list
    lives only until that moment (or midnight, whichever is first)."""
    from loim.monitoring.engine.counting import moment
    from loim.monitoring.todo import Desk, changes_by_itself

    desk = Desk.of(member("tartu", "coordinator"))
    midnight = moment(desk.today + dt.timedelta(days=1))
    assert changes_by_itself(desk) == midnight  # every event of the scenario is over
    end = min(timezone.now() + dt.timedelta(minutes=5), midnight - dt.timedelta(seconds=1))
    kind = EventKind.objects.get(code="network_meeting")
    start = end - dt.timedelta(hours=1)
    Event.objects.create(party=tartu_todo["tartu"], kind=kind, title="Tänane", start=start, end=end)
    assert changes_by_itself(desk) == end


def test_the_other_cached_panels_change_with_their_records(client, tartu_todo, member):  # noqa: F811
    from loim.parties.models import Membership, Party

    user = member("tartu", "coordinator")
    client.force_login(user)
    assert "Coming events" not in home(client)  # nothing of Tartu's is ahead
    kind = EventKind.objects.get(code="network_meeting")
    start = timezone.now() + dt.timedelta(days=3)
    Event.objects.create(party=tartu_todo["tartu"], kind=kind, title="Tulev võrgustik", start=start, end=start)
    page = home(client)
    assert "Coming events" in page and "Tulev võrgustik" in page
    assert page.count('<span class="role">') == 1
    tallinn = Party.objects.get(slug="tallinn")
    Membership.objects.create(user=user, party=tallinn, role="viewer", starts_on=dt.date(2020, 1, 1))
    assert home(client).count('<span class="role">') == 2
