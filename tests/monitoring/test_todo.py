"""The to-do home (issue 11 §7), with a scenario whose items are worked out by hand.

Tartu, plan 2024, "today" Wednesday 21.02.2024; week 2024-W08 is Monday 19.02 – Sunday 25.02.
- weekly clubs (at least 1 a week, paused in Q3): clubs on the Wednesdays of January (3, 10, 17, 24,
  31.01), none in February so far: W01–W05 met, W06 (05.02–11.02) and W07 (12.02–18.02) missed, W08
  in progress with 0 (ends Sunday 25.02: due this week);
- monthly network meetings (at least 1 a month): 15.01 (counted as 0 participants: attendance done)
  and 20.02 (no count: not counted) — January met, February met already, ends 29.02, after Sunday:
  due later this month;
- past events without attendance: only the meeting of 20.02 (the clubs have counts, the meeting of
  15.01 is counted as 0, a meeting planned for 22.02 is not past, Tallinn's uncounted event is
  another party's).
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loim.monitoring import todo

from .builders import make_activity, make_event, make_obligation, make_plan, weekdays

TODAY = dt.date(2024, 2, 21)


@pytest.fixture
def tartu_todo(programme):
    tartu, tallinn = programme["tartu"], programme["tallinn"]
    plan = make_plan(2024)
    row = make_activity(plan, "3.5.2.1", section="partner", responsible=[tartu], title="Sisutegevused Tartus")
    clubs = make_obligation(
        plan, row, "tartu-clubs-weekly", tartu, kinds=["conversation_club"], period="week", min_count=1, excluded=["Q3"]
    )
    meetings = make_obligation(
        plan, row, "tartu-network-monthly", tartu, kinds=["network_meeting"], period="month", min_count=1
    )
    for day in weekdays(dt.date(2024, 1, 1), dt.date(2024, 1, 31), 2):
        make_event(tartu, "conversation_club", day, activity=row, counts={"newcomer": 8}, title=f"Klubi {day:%d.%m}")
    make_event(tartu, "network_meeting", dt.date(2024, 1, 15), activity=row, counts={"official": 0}, title="Jaanuar")
    make_event(tartu, "network_meeting", dt.date(2024, 2, 20), activity=row, title="Veebruari kohtumine")
    make_event(tartu, "network_meeting", dt.date(2024, 2, 22), activity=row, title="Tulevane kohtumine")
    make_event(tallinn, "network_meeting", dt.date(2024, 2, 1), title="Tallinna loendamata")
    return {"plan": plan, "row": row, "clubs": clubs, "meetings": meetings, "tartu": tartu}


def by_kind(todo_list):
    return {section.kind: section for section in todo_list.sections}


def test_week_month_missed_and_attendance_items(tartu_todo, member):
    user = member("tartu", "coordinator")
    sections = by_kind(todo.todo_for(user, TODAY))
    week = sections[todo.DUE_WEEK].items
    assert [(i.url, i.state, i.due) for i in week] == [
        ("/monitoring/2024/commitments/tartu-clubs-weekly/2024-W08/", "in_progress", dt.date(2024, 2, 25))
    ]
    month = sections[todo.DUE_MONTH].items
    assert [(i.url, i.state, i.due) for i in month] == [
        ("/monitoring/2024/commitments/tartu-network-monthly/2024-02/", "met", dt.date(2024, 2, 29))
    ]
    missed = sections[todo.MISSED].items
    assert [(i.url, i.due) for i in missed] == [
        ("/monitoring/2024/commitments/tartu-clubs-weekly/2024-W06/", dt.date(2024, 2, 11)),
        ("/monitoring/2024/commitments/tartu-clubs-weekly/2024-W07/", dt.date(2024, 2, 18)),
    ]
    attendance = sections[todo.ATTENDANCE].items
    assert [i.title for i in attendance] == ["Veebruari kohtumine"]
    assert attendance[0].actions and attendance[0].actions[0].url.endswith("/edit/#participants")
    assert todo.RUNNING_SHORT not in sections


def test_week_boundaries_monday_to_sunday():
    assert todo.week_of(dt.date(2024, 2, 19)) == (dt.date(2024, 2, 19), dt.date(2024, 2, 25))  # a Monday
    assert todo.week_of(dt.date(2024, 2, 25)) == (dt.date(2024, 2, 19), dt.date(2024, 2, 25))  # a Sunday
    assert todo.week_of(dt.date(2024, 12, 31)) == (dt.date(2024, 12, 30), dt.date(2025, 1, 5))
    assert todo.month_end(dt.date(2024, 2, 21)) == dt.date(2024, 2, 29)
    assert todo.month_end(dt.date(2024, 12, 5)) == dt.date(2024, 12, 31)


def test_on_sunday_the_month_end_is_due_this_week(tartu_todo, member):
    """Tuesday 27.02: W09 (26.02–03.03) ends in March, so it is not due this month; February ends
    Thursday 29.02, in this week."""
    user = member("tartu", "coordinator")
    sections = by_kind(todo.todo_for(user, dt.date(2024, 2, 27)))
    assert [i.url for i in sections[todo.DUE_WEEK].items] == [
        "/monitoring/2024/commitments/tartu-network-monthly/2024-02/"
    ]
    assert todo.DUE_MONTH not in sections
    # W08 is now missed too
    assert [i.url.rsplit("/", 2)[-2] for i in sections[todo.MISSED].items] == ["2024-W06", "2024-W07", "2024-W08"]


def test_another_party_sees_none_of_it(tartu_todo, member):
    sections = by_kind(todo.todo_for(member("tallinn", "coordinator"), TODAY))
    assert todo.MISSED not in sections and todo.DUE_WEEK not in sections
    assert [i.title for i in sections[todo.ATTENDANCE].items] == ["Tallinna loendamata"]


def test_a_viewer_sees_the_items_without_actions(tartu_todo, member):
    sections = by_kind(todo.todo_for(member("tartu", "viewer"), TODAY))
    assert [i.title for i in sections[todo.ATTENDANCE].items] == ["Veebruari kohtumine"]
    assert sections[todo.ATTENDANCE].items[0].actions == ()


def test_a_year_that_is_over_lists_what_it_left_open(tartu_todo, member):
    """Viewed on 10.03.2026 with only the 2024 plan: judged as of 31.12.2024; nothing is due this week,
    the missed weeks remain (January met; W06 … W52 and W01 of 2025's partial week missed, except Q3)."""
    user = member("tartu", "coordinator")
    todo_list = todo.todo_for(user, dt.date(2026, 3, 10))
    assert todo_list.desk.plan == tartu_todo["plan"] and todo_list.desk.year_over
    assert todo_list.desk.as_of == dt.date(2024, 12, 31)
    sections = by_kind(todo_list)
    assert todo.DUE_WEEK not in sections and todo.DUE_MONTH not in sections
    missed = [i.url.rsplit("/", 2)[-2] for i in sections[todo.MISSED].items]
    assert "2024-W06" in missed and "2024-W05" not in missed and "2024-03" in missed and "2024-01" not in missed
    # each commitment lists its three oldest missed periods; the rest are one line to the calendar:
    # the monthly meetings were held in January and February, so March … December (10 months) missed
    months = [i for i in sections[todo.MISSED].items if i.title.startswith("Tartu network monthly")]
    assert [i.url.rsplit("/", 2)[-2] for i in months[:3]] == ["2024-03", "2024-04", "2024-05"]
    assert (months[3].state, months[3].stands_for, months[3].url) == ("more", 7, "/monitoring/2024/commitments/")
    weeks = [i.url.rsplit("/", 2)[-2] for i in sections[todo.MISSED].items if i.title.startswith("Tartu clubs")]
    assert weeks[:3] == ["2024-W06", "2024-W07", "2024-W08"] and len(weeks) == 4  # and one "more" line
    # the future meeting of 22.02.2024 is past now and has no count
    assert [i.title for i in sections[todo.ATTENDANCE].items] == ["Veebruari kohtumine", "Tulevane kohtumine"]


def test_home_page_shows_the_list(client, tartu_todo, member):
    client.force_login(member("tartu", "coordinator"))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Missed periods awaiting an explanation" in page
    assert "/monitoring/2024/commitments/tartu-clubs-weekly/2024-W06/" in page
    assert "Veebruari kohtumine" in page


def test_home_query_count_does_not_grow_with_data(client, tartu_todo, member, django_assert_max_num_queries):
    user = member("tartu", "coordinator")
    client.force_login(user)
    client.get("/")

    def counted():
        """(queries of the list computed, queries of the list read from the cache)"""
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            assert client.get("/").status_code == 200
        with CaptureQueriesContext(connection) as warm:
            assert client.get("/").status_code == 200
        return cold, warm

    small, small_warm = counted()
    tartu, row = tartu_todo["tartu"], tartu_todo["row"]
    make_obligation(tartu_todo["plan"], row, "tartu-info-quarterly", tartu, kinds=["info_session"], period="quarter",
                    min_count=2)  # fmt: skip
    for day in weekdays(dt.date(2024, 3, 1), dt.date(2024, 11, 30), 1):
        make_event(tartu, "network_meeting", day, activity=row)  # past events without attendance, all of them
    large, large_warm = counted()
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    assert len(large_warm) == len(small_warm) < len(small)  # the cached list: one query for its generation


# --- Explaining a missed period, and adding its event ---------------------------------------------

W06 = "/monitoring/2024/commitments/tartu-clubs-weekly/2024-W06/"


def test_explaining_a_missed_period_takes_it_off_the_list(client, tartu_todo, member):
    from loim.monitoring.models import DeviationExplanation

    user = member("tartu", "coordinator")
    client.force_login(user)
    response = client.post(W06 + "explain/", {"text": "Klubi juhendaja oli haige.", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    record = DeviationExplanation.objects.get()
    assert (record.party, record.period_key, record.author) == (tartu_todo["tartu"], "2024-W06", user)
    sections = by_kind(todo.todo_for(user, TODAY))
    assert [i.url for i in sections[todo.MISSED].items] == ["/monitoring/2024/commitments/tartu-clubs-weekly/2024-W07/"]
    assert sections[todo.MISSED].done == 1
    assert sections[todo.MISSED].done_text == "1 täitmata periood on selgitatud."
    # the cell page shows it, the calendar marks it
    page = client.get(W06, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Klubi juhendaja oli haige." in page and "Edit the explanation" in page
    calendar = client.get("/monitoring/2024/commitments/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert calendar.count("explained-mark") == 1
    # writing again replaces the text: still one explanation
    client.post(W06 + "explain/", {"text": "Juhendaja haigestus; lisaklubi 14.03."})
    assert DeviationExplanation.objects.get().text == "Juhendaja haigestus; lisaklubi 14.03."


def test_an_explanation_is_audited(client, tartu_todo, member):
    from auditlog.models import LogEntry

    client.force_login(member("tartu", "coordinator"))
    client.post(W06 + "explain/", {"text": "Klubi juhendaja oli haige."})
    assert (
        LogEntry.objects.filter(content_type__model="deviationexplanation", action=LogEntry.Action.CREATE).count() == 1
    )


def test_bad_explanations_change_nothing(client, tartu_todo, member):
    from loim.monitoring.models import DeviationExplanation

    client.force_login(member("tartu", "coordinator"))
    # a met period has no deviation
    met = "/monitoring/2024/commitments/tartu-clubs-weekly/2024-W05/explain/"
    response = client.post(met, {"text": "x"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "there is no deviation to explain" in response.content.decode()
    # an empty text
    response = client.post(W06 + "explain/", {"text": "  "}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    # a next that leaves the site is ignored
    response = client.post(W06 + "explain/", {"text": "Põhjus", "next": "https://example.org/"})
    assert response.url == W06
    assert DeviationExplanation.objects.count() == 1
    DeviationExplanation.objects.all().delete()
    # another party, a viewer of the party and ELVL may not explain Tartu's commitment
    for other in (member("tallinn", "coordinator"), member("tartu", "viewer"), member("elvl", "coordinator")):
        client.force_login(other)
        assert client.post(W06 + "explain/", {"text": "Võõras"}).status_code == 404
    assert not DeviationExplanation.objects.exists()


def test_add_the_event_opens_the_form_prefilled(client, tartu_todo, member):
    from django.utils import translation

    from loim.plans.models import EventKind

    user = member("tartu", "coordinator")
    with translation.override("en"):
        missed = by_kind(todo.todo_for(user, TODAY))[todo.MISSED].items[0]
    labels = [a.label for a in missed.actions]
    assert labels == ["Add the event", "Explain the deviation"]
    add = missed.actions[0].url
    club = EventKind.objects.get(code="conversation_club")
    assert add == (
        f"/events/new/?party={tartu_todo['tartu'].pk}&date=2024-02-05&kind={club.pk}&activity={tartu_todo['row'].pk}"
    )
    client.force_login(user)
    form = client.get(add).context["form"]
    assert form.initial["kind"] == club.pk and form.initial["party"] == tartu_todo["tartu"].pk
    assert form.initial["activity"] == tartu_todo["row"].pk and form.initial["date"] == dt.date(2024, 2, 5)
    # a party the user does not record for is not taken
    other = client.get(f"/events/new/?party={member('tallinn').memberships.get().party_id}&date=x").context["form"]
    assert other.initial["party"] == tartu_todo["tartu"].pk and other.initial["date"] != "x"


# --- The event delete page's warning --------------------------------------------------------------


@pytest.fixture
def clubs_indicator(tartu_todo):
    from .builders import make_indicator

    return make_indicator(
        tartu_todo["plan"],
        "tartu-clubs",
        name="Tartu suhtlusklubide arv",
        rule={"source": "events", "kinds": ["conversation_club"], "parties": ["tartu"]},
        section="partner",
    )


def test_deleting_the_only_club_of_a_week_warns_met_to_missed(client, tartu_todo, clubs_indicator, member):
    """The club of 17.01.2024 is the only one of W03 (15.01–21.01): W03 met → missed (1 → 0); the
    indicator of Tartu's clubs counts the five January clubs: 5 → 4."""
    from django.utils import translation

    from loim.events.models import Event
    from loim.monitoring.impact import deletion_impact

    user = member("tartu", "coordinator")
    club = Event.objects.get(title="Klubi 17.01")
    impact = deletion_impact(club, user, as_of=TODAY)
    assert [(c.obligation.key, c.before.slot.key, c.before.verdict, c.after.verdict, c.before.count, c.after.count)
            for c in impact.verdicts] == [("tartu-clubs-weekly", "2024-W03", "met", "missed", 1, 0)]  # fmt: skip
    assert [(f.indicator.key, f.before, f.after) for f in impact.figures] == [("tartu-clubs", 5, 4)]
    client.force_login(user)
    with translation.override("en"):
        page = client.get(f"/events/{club.pk}/delete/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What deleting it changes" in page
    assert "<strong>met → missed</strong>" in page and "(1 → 0)" in page
    assert "Tartu suhtlusklubide arv</a>: <strong>5 → 4</strong>" in page


def test_a_second_club_in_the_week_keeps_it_met(tartu_todo, clubs_indicator, member):
    from loim.events.models import Event
    from loim.monitoring.impact import deletion_impact

    make_event(tartu_todo["tartu"], "conversation_club", dt.date(2024, 1, 18), activity=tartu_todo["row"])
    impact = deletion_impact(Event.objects.get(title="Klubi 17.01"), member("tartu"), as_of=TODAY)
    assert [(c.before.verdict, c.after.verdict, c.before.count, c.after.count, c.changes) for c in impact.verdicts] == [
        ("met", "met", 2, 1, False)
    ]
    assert [(f.before, f.after) for f in impact.figures] == [(6, 5)]


def test_an_event_no_commitment_counts_changes_only_figures(tartu_todo, clubs_indicator, member):
    """Tallinn's meeting counts in no commitment of Tartu and in no indicator: nothing to warn about."""
    from loim.events.models import Event
    from loim.monitoring.impact import deletion_impact

    impact = deletion_impact(Event.objects.get(title="Tallinna loendamata"), member("tallinn"), as_of=TODAY)
    assert not impact and impact.verdicts == [] and impact.figures == []


def test_explaining_a_period_of_an_approved_part_needs_a_reason(client, tartu_todo, member):
    """Tartu's H1 2024 part is approved: week 6 (05.02–11.02) is in it, so an explanation is a change
    of locked data — refused without a reason (nothing saved), saved with one, and the part then reads
    "changed since approval"."""
    from loim.monitoring.models import DeviationExplanation, ReportPart

    part = ReportPart.objects.create(party=tartu_todo["tartu"], plan=tartu_todo["plan"], period="h1", state="approved")
    client.force_login(member("tartu", "coordinator"))
    response = client.post(W06 + "explain/", {"text": "Juhendaja oli haige."}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "Reason for the change: give one" in response.content.decode()
    assert not DeviationExplanation.objects.exists()
    response = client.post(
        W06 + "explain/", {"text": "Juhendaja oli haige.", "change_reason": "Selgitus lisati hiljem."}
    )
    assert response.status_code == 302 and DeviationExplanation.objects.count() == 1
    part.refresh_from_db()
    assert part.state == "changed"


def test_the_missed_period_page_offers_both_actions(client, tartu_todo, member):
    """The defect of issue 11: a missed period's page showed "✗ missed, 0, at least 1" with no action."""
    client.force_login(member("tartu", "coordinator"))
    page = client.get(W06, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Add the event" in page and "Explain the deviation" in page and "Not explained yet." in page
    assert "/events/new/?party=" in page and W06 + "explain/" in page
    client.force_login(member("tartu", "viewer"))
    page = client.get(W06, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Add the event" not in page and "Explain the deviation" not in page
    # a met period offers neither
    client.force_login(member("tartu", "coordinator"))
    met = client.get(W06.replace("W06", "W05"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Add the event" not in met and "Explain the deviation" not in met
