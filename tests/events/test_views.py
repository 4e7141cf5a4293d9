"""Event pages: list with filters and htmx, quick entry, edit, copy, delete, calendar, series, kinds."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from loim.events.models import Event, EventSeries
from tests.events.helpers import kind, make_event, municipality


@pytest.fixture
def tartu(member):
    return member("tartu", "coordinator")


def form_data(**overrides):
    data = {
        "party": "",
        "kind": kind("conversation_club").pk,
        "title": "Eesti keele suhtlusklubi",
        "date": "06.03.2024",
        "start_time": "17:00",
        "end_time": "18:30",
        "format": "on_site",
        "municipality": municipality("Tartu linn").pk,
        "address": "Raekoja plats 1",
        "languages": ["et", "en"],
        "reach": "local",
        "count_newcomer": "12",
        "count_other_background": "3",
        "organisations": "Tartu Linnaraamatukogu\nMTÜ Sõprus",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_pages_need_sign_in(client):
    response = client.get(reverse("events:list"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_quick_entry_defaults_to_today_the_users_party_and_the_last_kind(client, tartu, programme):
    client.force_login(tartu)
    page = client.get(reverse("events:create")).content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page
    assert f'name="party" value="{programme["tartu"].pk}"' in page
    assert "Tartu LV" in page
    data = form_data(party=programme["tartu"].pk, kind=kind("language_cafe").pk)
    assert client.post(reverse("events:create"), data).status_code == 302
    page = client.get(reverse("events:create")).content.decode()
    assert re.search(rf'<option value="{kind("language_cafe").pk}" selected>', page)


def test_recording_an_event(client, tartu, programme):
    client.force_login(tartu)
    municipalities = [municipality("Elva vald").pk, municipality("Kambja vald").pk]
    response = client.post(
        reverse("events:create"), form_data(party=programme["tartu"].pk, municipalities=municipalities)
    )
    event = Event.objects.get()
    assert response.url == reverse("events:detail", args=[event.pk])
    assert event.party == programme["tartu"] and event.languages == ["en", "et"]
    assert timezone.localtime(event.start) == timezone.make_aware(dt.datetime(2024, 3, 6, 17))
    assert dict(event.counts.values_list("group", "count")) == {"newcomer": 12, "other_background": 3}
    assert event.municipalities.count() == 2 and event.organisations.count() == 2
    page = client.get(response.url).content.decode()
    assert "Eesti keele suhtlusklubi" in page and "Elva vald" in page and "MTÜ Sõprus" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_time": "16:00"}, "end_time", "lõpeb enne, kui see algab"),
        ({"count_newcomer": "-2"}, "count_newcomer", ""),
        ({"count_newcomer": "kaksteist"}, "count_newcomer", ""),
        ({"municipality": "99999"}, "municipality", ""),
        ({"municipalities": ["99999"]}, "municipalities", ""),
        ({"title": ""}, "title", ""),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(client, tartu, programme, changes, field, message):
    client.force_login(tartu)
    response = client.post(reverse("events:create"), form_data(party=programme["tartu"].pk, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    if message:
        assert message in response.content.decode()
    assert not Event.objects.exists()


def test_outside_the_plan_row_the_form_warns_and_saves_only_when_confirmed(client, tartu, programme, rows):
    client.force_login(tartu)
    data = form_data(party=programme["tartu"].pk, activity=rows["3.5.2.1/2.1"].pk, date="02.10.2024")
    response = client.post(reverse("events:create"), data)
    page = response.content.decode()
    assert "jääb väljapoole tegevuskava rea kuupäevi" in page
    assert 'name="confirm"' in page
    assert not Event.objects.exists()
    assert client.post(reverse("events:create"), {**data, "confirm": "on"}).status_code == 302
    assert Event.objects.get().activity == rows["3.5.2.1/2.1"]


def test_only_rows_the_party_answers_for_are_offered(client, tartu, programme, rows):
    client.force_login(tartu)
    form = client.get(reverse("events:create")).context["form"]
    offered = set(form.fields["activity"].queryset)
    assert rows["3.5.2.1/2.1"] in offered and rows["3.5.1.3/1"] not in offered
    response = client.post(
        reverse("events:create"), form_data(party=programme["tartu"].pk, activity=rows["3.5.1.3/1"].pk)
    )
    assert "activity" in response.context["form"].errors


def test_readers_cannot_open_the_entry_pages(client, member):
    for user in (member("tartu", "viewer"), member("ministry", "ministry_reader")):
        client.force_login(user)
        assert client.get(reverse("events:create")).status_code == 404
        assert client.get(reverse("events:series_create")).status_code == 404
        assert client.get(reverse("events:import")).status_code == 404


def test_a_coordinator_cannot_create_for_another_party(client, tartu, programme):
    client.force_login(tartu)
    response = client.post(reverse("events:create"), form_data(party=programme["parnu"].pk))
    assert "party" in response.context["form"].errors
    assert not Event.objects.exists()


def test_edit_copy_and_delete(client, tartu, programme):
    event = make_event(programme["tartu"], title="Keelekohvik", counts={"newcomer": 4})
    client.force_login(tartu)
    edit = client.get(reverse("events:edit", args=[event.pk]))
    assert edit.context["form"].initial["count_newcomer"] == 4
    data = form_data(party=programme["tartu"].pk, title="Keelekohvik (muudetud)", count_newcomer="9")
    assert client.post(reverse("events:edit", args=[event.pk]), {**data, "version": 1}).status_code == 302
    event.refresh_from_db()
    assert event.title == "Keelekohvik (muudetud)" and event.counts.get(group="newcomer").count == 9

    copy = client.get(reverse("events:copy", args=[event.pk]))
    assert copy.context["form"].initial["title"] == "Keelekohvik (muudetud)"
    client.post(reverse("events:create"), {**data, "date": "13.03.2024"})
    assert Event.objects.count() == 2

    assert client.get(reverse("events:delete", args=[event.pk])).status_code == 200
    assert client.post(reverse("events:delete", args=[event.pk])).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()


def test_elvl_reads_every_partys_events_but_edits_none(client, member, programme):
    event = make_event(programme["tartu"], title="Tartu klubi")
    client.force_login(member("elvl", "coordinator"))
    assert "Tartu klubi" in client.get(reverse("events:list")).content.decode()
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert reverse("events:edit", args=[event.pk]) not in page
    assert client.get(reverse("events:edit", args=[event.pk])).status_code == 404


def test_ministry_reads_events(client, member, programme):
    event = make_event(programme["saaremaa"], title="Situatsioonikaardistus")
    client.force_login(member("ministry", "ministry_reader"))
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 200


# --- the list ---------------------------------------------------------------------------------------


def listed(client, **params) -> set[str]:
    response = client.get(reverse("events:list"), params)
    return {event.title for event in response.context["page"]}


def test_list_filters(client, member, programme, rows):
    elvl = programme["elvl"]
    make_event(
        elvl,
        title="Infopäev Jõhvis",
        kind_code="info_day",
        municipality=municipality("Jõhvi vald"),
        municipalities=[municipality("Narva linn")],
        activity=rows["3.5.1.3/1"],
        languages=["et", "ru"],
        day=dt.date(2024, 4, 17),
    )
    make_event(programme["tartu"], title="Klubi", languages=["en"], day=dt.date(2024, 3, 6))
    make_event(programme["tartu"], title="Eelmise aasta klubi", day=dt.date(2023, 11, 8))
    client.force_login(member("elvl", "coordinator"))
    assert listed(client) == {"Infopäev Jõhvis", "Klubi", "Eelmise aasta klubi"}
    assert listed(client, party=elvl.pk) == {"Infopäev Jõhvis"}
    assert listed(client, kind=kind("info_day").pk) == {"Infopäev Jõhvis"}
    assert listed(client, activity=rows["3.5.1.3/1"].pk) == {"Infopäev Jõhvis"}
    narva = municipality("Narva linn")
    assert listed(client, municipality=narva.pk) == {"Infopäev Jõhvis"}  # taking part counts
    assert listed(client, county=narva.county_id) == {"Infopäev Jõhvis"}
    assert listed(client, county=municipality("Tartu linn").county_id) == {"Klubi", "Eelmise aasta klubi"}
    assert listed(client, language="ru") == {"Infopäev Jõhvis"}
    assert listed(client, language="en") == {"Klubi"}
    assert listed(client, date_from="2024-01-01", date_to="2024-12-31") == {"Infopäev Jõhvis", "Klubi"}
    assert listed(client, date_from="01.04.2024") == {"Infopäev Jõhvis"}
    assert listed(client, q="jõhvi") == {"Infopäev Jõhvis"}
    # a malformed filter is reported, never a 500
    assert client.get(reverse("events:list"), {"date_from": "eile", "kind": "x"}).status_code == 200


def test_the_list_updates_in_place_with_htmx(client, tartu, programme):
    make_event(programme["tartu"], title="Klubi")
    client.force_login(tartu)
    full = client.get(reverse("events:list")).content.decode()
    assert 'hx-push-url="true"' in full and 'id="event-results"' in full
    partial = client.get(
        reverse("events:list"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="event-results"
    ).content.decode()
    assert "Klubi" in partial and "<html" not in partial and 'hx-swap-oob="innerHTML"' in partial


def test_the_list_costs_the_same_queries_for_10_or_60_events(client, member, programme):
    from django.core.cache import cache

    user = member("elvl", "coordinator")
    client.force_login(user)

    def queries_for(n):
        Event.objects.all().delete()
        for i in range(n):
            make_event(
                programme["tartu" if i % 2 else "parnu"],
                counts={"newcomer": i},
                municipalities=[municipality("Elva vald")],
                day=dt.date(2024, 1, 1) + dt.timedelta(days=i),
            )
        client.get(reverse("events:list"))  # warm the session
        cache.clear()  # the filter form computed each time (it is cached under its own tables' generation)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                reverse("events:list"), {"date_from": "2024-01-01", "county": municipality("Elva vald").county_id}
            )
        assert len(response.context["page"]) == min(n, 50)
        return len(captured)

    assert queries_for(10) == queries_for(60)


def test_the_filter_form_is_cached_under_the_tables_it_reads(client, member, programme):
    """The list's filter form is rendered once per user, language and query (issue 18 §8) and read
    again only while nothing it is built from changed: it reads no table outside FILTER_TABLES, and a
    new organiser, a renamed kind or a new plan row is in it on the next visit."""
    from django.core.cache import cache

    from loim.core.generations import tables_read
    from loim.events.views.events import FILTER_TABLES
    from loim.parties.models import Party
    from loim.plans.models import EventKind
    from tests.monitoring.builders import make_activity, make_plan

    client.force_login(member("tartu", "coordinator"))
    url, query = reverse("events:list"), {"date_from": "2024-01-01", "county": municipality("Elva vald").county_id}
    client.get(url, query)  # warm the session
    cache.clear()

    def form(response) -> str:
        return re.search(r'<form method="get" action="/events/".*?</form>', response.content.decode(), re.S).group(0)

    with CaptureQueriesContext(connection) as computed:
        first = form(client.get(url, query))
    with CaptureQueriesContext(connection) as repeated:
        assert form(client.get(url, query)) == first
    assert len(repeated) < len(computed)  # the options' five queries are not run again
    form_tables = tables_read(q["sql"] for q in computed.captured_queries) - tables_read(
        q["sql"] for q in repeated.captured_queries
    )
    assert form_tables and form_tables <= FILTER_TABLES
    assert 'name="county"' in first and "selected>" in first  # the chosen county stays chosen

    club = EventKind.objects.get(code="conversation_club")
    club.name_et = "Keeleklubi"
    club.save()
    assert ">Keeleklubi</option>" in form(client.get(url, query))
    Party.objects.create(name="Narva Linnavalitsus", short_name="Narva", slug="narva", kind="partner")
    assert "Narva</option>" in form(client.get(url, query))
    plan = make_plan(2024)
    make_activity(plan, "3.5.9.9", title="Uus tegevus Tartus", responsible=[programme["tartu"]])
    assert "Uus tegevus Tartus" in form(client.get(url, query))
    other = form(client.get(url, {"county": "x"}))  # another query: its own form, with its error
    assert other != first and "errorlist" in other


def test_list_shows_totals(client, tartu, programme):
    make_event(
        programme["tartu"],
        counts={"newcomer": 7, "official": 2},
        municipalities=[municipality("Elva vald"), municipality("Nõo vald")],
    )
    client.force_login(tartu)
    event = client.get(reverse("events:list")).context["page"][0]
    assert (event.participants_total, event.participations_total) == (9, 2)


# --- the calendar ------------------------------------------------------------------------------------


def test_month_and_quarter_calendars(client, tartu, programme):
    make_event(programme["tartu"], title="Märtsi klubi", day=dt.date(2024, 3, 6))
    trip = make_event(programme["tartu"], title="Õppereis", day=dt.date(2024, 5, 30))
    trip.end = trip.end + dt.timedelta(days=2)
    trip.save()
    client.force_login(tartu)
    month = client.get(reverse("events:calendar"), {"year": 2024, "month": 3})
    assert "Märtsi klubi" in month.content.decode()
    days = {day: events for week in month.context["months"][0].weeks for day, events in week}
    assert [e.title for e in days[dt.date(2024, 3, 6)]] == ["Märtsi klubi"]
    quarter = client.get(reverse("events:calendar"), {"view": "quarter", "year": 2024, "quarter": 2})
    assert len(quarter.context["months"]) == 3
    days = {
        day: events
        for m in quarter.context["months"]
        for week in m.weeks
        for day, events in week
        if day.month == m.month
    }
    assert [d for d, events in days.items() if events] == [
        dt.date(2024, 5, 30),
        dt.date(2024, 5, 31),
        dt.date(2024, 6, 1),
    ]
    assert quarter.context["previous"] == {"year": 2024, "quarter": 1}
    assert client.get(reverse("events:calendar"), {"year": "x", "month": "13"}).status_code == 200


# --- the series --------------------------------------------------------------------------------------


def series_data(programme, **overrides):
    data = form_data(
        party=programme["tartu"].pk,
        repeats="weekly",
        weekdays=["2"],
        starts_on="01.01.2024",
        ends_on="31.12.2024",
        excluded_quarters=["Q3"],
        date=None,
        end_date=None,
        count_newcomer=None,
        count_other_background=None,
        organisations=None,
    )
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_series_preview_then_create(client, tartu, programme):
    client.force_login(tartu)
    preview = client.post(reverse("events:series_create"), {**series_data(programme), "preview": "1"})
    assert len(preview.context["preview"]) == 39 and not EventSeries.objects.exists()
    response = client.post(reverse("events:series_create"), series_data(programme))
    series = EventSeries.objects.get()
    assert response.url == reverse("events:series_detail", args=[series.pk])
    assert series.events.count() == 39 and series.excluded_periods == ["Q3"]
    assert "39" in client.get(response.url).content.decode()


def test_a_series_of_thousands_is_refused_on_the_page(client, tartu, programme):
    client.force_login(tartu)
    response = client.post(
        reverse("events:series_create"),
        series_data(programme, weekdays=["0", "1", "2", "3", "4"], ends_on="31.12.2030"),
    )
    assert "400" in response.content.decode()
    assert not Event.objects.exists()


# --- named attendance link ---------------------------------------------------------------------------


@override_settings(ROOT_URLCONF="tests.events.urls_with_attendance")
def test_named_attendance_link_only_with_personal_data_access(client, member, programme):
    event = make_event(programme["tartu"])
    link = f"/register/events/{event.pk}/attendance/"
    client.force_login(member("tartu", "coordinator", register_access=True))
    assert link in client.get(reverse("events:detail", args=[event.pk])).content.decode()
    for user in (member("tartu", "coordinator"), member("elvl", "admin"), member("tartu", "viewer")):
        client.force_login(user)
        assert link not in client.get(reverse("events:detail", args=[event.pk])).content.decode()


def test_the_named_attendance_link_follows_the_register(client, member, programme):
    """Without the register's page (NoReverseMatch) there is no link and no error; with it, the link."""
    from django.urls import NoReverseMatch

    event = make_event(programme["tartu"])
    try:
        expected = reverse("register:event_attendance", kwargs={"event_pk": event.pk})
    except NoReverseMatch:
        expected = None
    client.force_login(member("tartu", "coordinator", register_access=True))
    page = client.get(reverse("events:detail", args=[event.pk]))
    assert page.status_code == 200 and page.context["attendance_url"] == expected


# --- kinds and the home panel -------------------------------------------------------------------------


def test_implementer_admins_add_and_rename_kinds(client, member):
    client.force_login(member("tartu", "coordinator"))
    assert client.get(reverse("events:kinds")).status_code == 404
    client.force_login(member("elvl", "admin"))
    assert "suhtlusklubi" in client.get(reverse("events:kinds")).content.decode()
    data = {
        "code": "family_day",
        "name_et": "perepäev",
        "name_en": "family day",
        "name_ru": "",
        "name_uk": "",
        "order": 200,
        "active": "on",
    }
    assert client.post(reverse("events:kind_create"), data).status_code == 302
    assert kind("family_day").name_et == "perepäev"


def test_home_shows_coming_events(client, tartu, programme):
    make_event(programme["tartu"], title="Tuleval nädalal", day=timezone.localdate() + dt.timedelta(days=3))
    make_event(programme["parnu"], title="Pärnu klubi", day=timezone.localdate() + dt.timedelta(days=3))
    client.force_login(tartu)
    page = client.get("/").content.decode()
    assert "Tuleval nädalal" in page and "Pärnu klubi" not in page
