"""The lock of approved report parts (monitoring/locking.py): a change of a record behind an approved
part needs a reason; without one the form names the field and nothing changes; with one the record
is saved and the part reads "changed since approval" with what changed, why and by whom.

The scenario (tests/monitoring/conftest.py) has Tartu's clubs every Wednesday of January 2024; Tartu's
H1 part (1.1–30.6.2024) is approved here, so those clubs are locked, and a day in July is not.
"""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from loim.events.models import Event
from loim.monitoring import locking
from loim.monitoring.models import ActivityReportNote, ReportPart, ReportPartStep
from tests.events.test_views import form_data

REASON_LABEL = "Muudatuse põhjus"  # "Reason for the change"


@pytest.fixture
def tartu_user(member):
    return member("tartu", "coordinator")


@pytest.fixture
def approved(scenario):
    return ReportPart.objects.create(
        plan=scenario["plan"], period="h1", party=scenario["parties"]["tartu"], state="approved"
    )


def club(day="10.01.2024"):
    return Event.objects.get(title=f"Suhtlusklubi {day[:5]}")


def edit_data(scenario, event, **overrides):
    return {
        **form_data(party=scenario["parties"]["tartu"].pk, date="10.01.2024", title="Suhtlusklubi (muudetud)"),
        "version": event.version,
        **overrides,
    }


def test_locked_parts_cover_their_period_only(scenario, approved):
    import datetime as dt

    tartu, elvl = scenario["parties"]["tartu"], scenario["parties"]["elvl"]
    assert locking.locked_parts(tartu.pk, [dt.date(2024, 6, 30)]) == [approved]
    assert locking.locked_parts(tartu.pk, [dt.date(2024, 7, 1)]) == []
    assert locking.locked_parts(elvl.pk, [dt.date(2024, 3, 1)]) == []  # ELVL's part is not approved
    year = ReportPart.objects.create(plan=scenario["plan"], period="year", party=tartu, state="submitted")
    assert locking.locked_parts(tartu.pk, [dt.date(2024, 7, 1)]) == []  # submitted is not locked
    year.state = "approved"
    year.save()
    assert locking.locked_parts(tartu.pk, [dt.date(2024, 7, 1)]) == [year]


def test_an_event_edit_without_reason_names_the_field_and_changes_nothing(client, scenario, approved, tartu_user):
    event = club()
    client.force_login(tartu_user)
    url = reverse("events:edit", args=[event.pk])
    page = client.get(url).content.decode()
    assert REASON_LABEL in page  # the form asks for the reason before anyone types
    response = client.post(url, edit_data(scenario, event))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["change_reason"] and errors["change_reason"][0].startswith(REASON_LABEL)
    event.refresh_from_db()
    assert event.title == "Suhtlusklubi 10.01"
    approved.refresh_from_db()
    assert approved.state == "approved" and not ReportPartStep.objects.exists()


def test_an_event_edit_with_reason_marks_the_part_changed(client, scenario, approved, tartu_user):
    event = club()
    client.force_login(tartu_user)
    data = edit_data(scenario, event, change_reason="Pealkiri oli vale.")
    assert client.post(reverse("events:edit", args=[event.pk]), data).status_code == 302
    event.refresh_from_db()
    assert event.title == "Suhtlusklubi (muudetud)"
    approved.refresh_from_db()
    assert approved.state == "changed"
    step = ReportPartStep.objects.get()
    assert (step.action, step.actor, step.text) == ("changed", tartu_user, "Pealkiri oli vale.")
    assert step.what == "üritus „Suhtlusklubi 10.01“ (10.01.2024) muudetud"
    assert LogEntry.objects.get_for_object(approved).filter(changes__icontains="changed").exists()
    # the report page says what changed, why and by whom
    client.force_login(scenario and tartu_user)
    page = client.get(reverse("monitoring:report", kwargs={"year": 2024}) + "?period=h1").content.decode()
    assert "muudetud pärast kinnitamist" in page and "Pealkiri oli vale." in page and str(tartu_user) in page


def test_moving_an_event_into_the_locked_period_needs_a_reason(client, scenario, approved, tartu_user):
    event = club()
    event_july = Event.objects.create(
        party=event.party, kind=event.kind, title="Juulikohvik", start=event.start.replace(month=7),
        end=event.end.replace(month=7), activity=event.activity,
    )  # fmt: skip
    client.force_login(tartu_user)
    url = reverse("events:edit", args=[event_july.pk])
    assert REASON_LABEL not in client.get(url).content.decode()  # July is not locked
    response = client.post(url, edit_data(scenario, event_july, date="28.06.2024", title="Juunikohvik"))
    assert response.status_code == 200 and list(response.context["form"].errors) == ["change_reason"]
    event_july.refresh_from_db()
    assert event_july.title == "Juulikohvik"
    # within July nothing is locked
    response = client.post(url, edit_data(scenario, event_july, date="17.07.2024", title="Juulikohvik 2"))
    assert response.status_code == 302 and ReportPart.objects.get().state == "approved"


def test_deleting_a_locked_event_needs_a_reason(client, scenario, approved, tartu_user):
    event = club()
    client.force_login(tartu_user)
    url = reverse("events:delete", args=[event.pk])
    response = client.post(url)
    assert response.status_code == 200 and REASON_LABEL in response.content.decode()
    assert Event.objects.filter(pk=event.pk).exists() and ReportPart.objects.get().state == "approved"
    assert client.post(url, {"change_reason": "Topelt sisestatud."}).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    step = ReportPartStep.objects.get()
    assert (step.what, step.text) == ("üritus „Suhtlusklubi 10.01“ (10.01.2024) kustutatud", "Topelt sisestatud.")


def test_an_explanation_of_the_approved_period_needs_a_reason(client, scenario, approved, tartu_user):
    activity = scenario["activities"]["tartu"]
    client.force_login(tartu_user)
    h1 = reverse("monitoring:note_edit", kwargs={"year": 2024, "activity": activity.pk})
    response = client.post(h1, {"text": "Uus selgitus", "period": "h1"})
    assert response.status_code == 200 and not ActivityReportNote.objects.exists()
    assert response.context["form"].errors["change_reason"][0].startswith(REASON_LABEL)
    # the yearly explanation is not in the approved H1 part
    assert client.post(h1, {"text": "Aasta selgitus", "period": "year"}).status_code == 302
    assert ReportPart.objects.get().state == "approved"
    assert client.post(h1, {"text": "Uus selgitus", "period": "h1", "change_reason": "Täpsustus"}).status_code == 302
    assert ReportPart.objects.get().state == "changed"
    assert ReportPartStep.objects.get().what == "kõrvalekallete selgitus „3.5.2.1“ salvestatud"


def test_a_value_entered_by_hand_of_a_locked_year_needs_a_reason(client, scenario, approved, tartu_user):
    from loim.monitoring.models import ManualValue

    value = ManualValue.objects.get(party=scenario["parties"]["tartu"])
    client.force_login(tartu_user)
    url = reverse("monitoring:manual_value_edit", args=[value.pk])
    data = {"indicator_key": value.indicator_key, "party": value.party_id, "value": "2", "evidence": "Kaks võrgustikku"}
    response = client.post(url, data)
    assert response.status_code == 200 and "change_reason" in response.context["form"].errors
    value.refresh_from_db()
    assert value.value == 1
    assert client.post(url, {**data, "change_reason": "Teine võrgustik loodi juunis."}).status_code == 302
    value.refresh_from_db()
    assert value.value == 2 and ReportPart.objects.get().state == "changed"


def test_removing_a_confirmation_of_a_locked_period_needs_a_reason(client, scenario, tartu_user):
    import datetime as dt

    from loim.monitoring.models import ObligationConfirmation
    from tests.monitoring.builders import make_obligation

    plan, tartu = scenario["plan"], scenario["parties"]["tartu"]
    obligation = make_obligation(
        plan, scenario["activities"]["tartu"], "tartu-hire", tartu, subject="manual", period="once",
        due=dt.date(2024, 5, 31),
    )  # fmt: skip
    # the period "from the start to the due date" ends on 31.05: in H1
    assert locking.confirmation_days(obligation, "2024-by-2024-05-31") == [dt.date(2024, 5, 31)]
    confirmation = ObligationConfirmation.objects.create(
        party=tartu, obligation=obligation, period_key="2024-by-2024-05-31", evidence="Leping"
    )
    client.force_login(tartu_user)
    url = reverse("monitoring:confirmation_delete", kwargs={"year": 2024, "pk": confirmation.pk})
    part = ReportPart.objects.create(plan=plan, period="year", party=tartu, state="approved")
    assert client.post(url).status_code == 200 and ObligationConfirmation.objects.exists()
    assert client.post(url, {"change_reason": "Leping tühistati."}).status_code == 302
    assert not ObligationConfirmation.objects.exists()
    part.refresh_from_db()
    assert part.state == "changed"
    assert ReportPartStep.objects.get().what == "kohustuse kinnitus „Tartu hire 2024-by-2024-05-31“ eemaldatud"
    # unlocked: removed at once
    again = ObligationConfirmation.objects.create(
        party=tartu, obligation=obligation, period_key="2024-by-2024-05-31", evidence="Leping"
    )
    ReportPart.objects.filter(pk=part.pk).update(state="returned")
    url = reverse("monitoring:confirmation_delete", kwargs={"year": 2024, "pk": again.pk})
    assert client.post(url).status_code == 302 and not ObligationConfirmation.objects.exists()


def test_the_events_api_needs_a_reason_for_a_locked_event(client, scenario, approved, tartu_user):
    event = club()
    client.force_login(tartu_user)
    url = reverse("v1:event-detail", args=[event.pk])
    patch = {"title": "API-st muudetud", "version": event.version}
    response = client.patch(url, patch, content_type="application/json")
    assert response.status_code == 400 and response.json()["change_reason"][0].startswith(REASON_LABEL)
    event.refresh_from_db()
    assert event.title == "Suhtlusklubi 10.01" and ReportPart.objects.get().state == "approved"
    response = client.patch(url, {**patch, "change_reason": "Liides parandas."}, content_type="application/json")
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.title == "API-st muudetud" and ReportPart.objects.get().state == "changed"
    assert ReportPartStep.objects.get().text == "Liides parandas."
