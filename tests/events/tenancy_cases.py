import datetime as dt
import itertools

from django.core.files.base import ContentFile

from loim.events.models import (
    CalendarFeed,
    Event,
    EventAttachment,
    EventOrganisation,
    EventSeries,
    ParticipantCount,
    Participation,
)
from loim.events.recurrence import Rule
from loim.events.services import series_create
from loim.places.models import Municipality
from tests.events.helpers import event_input, make_event
from tests.tenancy import TenancyCase

_n = itertools.count(1)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_series(party):
    title = f"Sari {next(_n)}"
    rule = Rule("weekly", dt.date(2024, 1, 1), dt.date(2024, 1, 31), weekdays=(2,))
    return series_create(data=event_input(party, title=title), rule=rule, start_time=dt.time(17), end_time=dt.time(18))


def make_attachment(party):
    event = make_event(party)
    attachment = EventAttachment(
        event=event,
        kind="agenda",
        original_name=f"paevakord-{next(_n)}.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    attachment.file.save("x.pdf", ContentFile(PDF), save=False)
    attachment.save()
    return attachment


def make_count(party):
    return ParticipantCount.objects.create(event=make_event(party), group="newcomer", count=next(_n))


def make_participation(party):
    return Participation.objects.create(
        event=make_event(party), municipality=Municipality.objects.get(name="Valga vald")
    )


def make_organisation(party):
    return EventOrganisation.objects.create(event=make_event(party), name=f"MTÜ Sõprus {next(_n)}")


def event_edit_data(event):
    return {
        "party": event.party_id,
        "kind": event.kind_id,
        "title": "Ülevõetud",
        "date": "2024-03-06",
        "start_time": "10:00",
        "end_time": "11:00",
        "format": "on_site",
        "municipality": event.municipality_id,
        "reach": "local",
        "version": event.version,  # a current version: only tenancy may refuse it
    }


CASES = [
    TenancyCase(
        model=Event,
        make=lambda party: make_event(party, title=f"Sündmus {next(_n)} {party.slug}"),
        marker=lambda e: e.title,
        list_urls=["events:list", "events:export_csv", "/events/calendar/?year=2024&month=3"],
        detail_url="events:detail",
        edit_url="events:edit",
        delete_url="events:delete",
        edit_data=event_edit_data,
        record_urls=["events:copy"],
        api_list="v1:event-list",
        api_detail="v1:event-detail",
    ),
    TenancyCase(
        model=EventSeries,
        make=make_series,
        marker=lambda s: s.title,
        detail_url="events:series_detail",
        delete_url="events:series_delete",
    ),
    TenancyCase(
        model=EventAttachment,
        make=make_attachment,
        marker=lambda a: a.original_name,
        detail_url="events:attachment",
        delete_url="events:attachment_delete",
    ),
    TenancyCase(model=ParticipantCount, make=make_count, marker=lambda c: str(c.count)),
    TenancyCase(model=Participation, make=make_participation, marker=lambda p: p.municipality.name),
    TenancyCase(model=EventOrganisation, make=make_organisation, marker=lambda o: o.name),
    TenancyCase(
        model=CalendarFeed,
        make=lambda party: CalendarFeed.objects.get_or_create(party=party)[0],
        marker=lambda f: f.token,
    ),
]
