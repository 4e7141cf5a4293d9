import datetime as dt
import itertools

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.core.translation_files import Batch, Unit, write_xliff
from loim.events.exchange import export_batch
from loim.events.models import (
    CalendarFeed,
    Event,
    EventAttachment,
    EventImport,
    EventOrganisation,
    EventSeries,
    EventTranslation,
    ParticipantCount,
    Participation,
)
from loim.events.recurrence import Rule
from loim.events.services import series_create
from loim.events.translation import EventTextInput, event_translation_save
from loim.places.models import Municipality
from loim.plans.models import EventKind
from tests.events.helpers import event_input, make_event
from tests.tenancy import API_ACTIONS, Form, Readers, TenancyCase

_n = itertools.count(1)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_series(party):
    title = f"Sari {next(_n)} nädalas"
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
    return ParticipantCount.objects.create(event=make_event(party), group="newcomer", count=600 + next(_n) % 390)


def _place():
    """A municipality of its own per record (neither party's home), so its name marks one record."""
    places = Municipality.objects.exclude(name__startswith="Tartu").exclude(name__startswith="Pärnu").order_by("pk")
    return places[next(_n) % places.count()]


def make_participation(party):
    return Participation.objects.create(event=make_event(party), municipality=_place())


def make_organisation(party):
    return EventOrganisation.objects.create(event=make_event(party), name=f"MTÜ Sõprus {next(_n)}")


def make_import(party):
    return EventImport.objects.create(party=party, file_name=f"uritused-{next(_n)}-{party.slug}.csv")


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
        "count_newcomer": "1",
        "organisations": "Ülevõtjad",
        "version": event.version,  # a current version: only tenancy may refuse it
    }


def event_create_data(party):
    return {
        "party": party.pk,
        "kind": EventKind.objects.get(code="conversation_club").pk,
        "title": f"Loodud lehel {next(_n)}",
        "date": "2024-03-06",
        "start_time": "10:00",
        "end_time": "11:00",
        "format": "on_site",
        "municipality": party.municipality_id,
        "reach": "local",
    }


def event_api_create(party):
    return {
        "party": party.slug,
        "kind": "conversation_club",
        "municipality": party.municipality.ehak_code,
        "title": f"Loodud API kaudu {next(_n)}",
        "start": "2024-03-06T17:00:00+02:00",
        "end": "2024-03-06T18:00:00+02:00",
        "participants": {"newcomer": 3},
        "organisations": ["Loojad"],
    }


def event_api_update(event):
    return {"title": "Ülevõetud", "participants": {"newcomer": 1}, "organisations": ["Ülevõtjad"]}


def make_translation(party):
    """A Russian translation of a fresh public event of the party (issue 14)."""
    event = make_event(party, title=f"Avalik üritus {next(_n)} {party.slug}", is_public=True)
    return event_translation_save(
        event=event,
        language="ru",
        text=EventTextInput(title=f"Открытое мероприятие {next(_n)} {party.slug}"),
        made_from=event.source_version,
    )


def translation_payload(translation):
    return {"title": "Перехвачено", "made_from": translation.event.source_version, "version": translation.version}


def translation_import_payload(party):
    """An XLIFF file translating a fresh public event of the party into English."""
    event = make_event(party, title=f"Imporditav üritus {next(_n)} {party.slug}", is_public=True)
    batch = export_batch(None, language="en", events=Event.objects.filter(pk=event.pk).prefetch_related("translations"))
    units = [Unit(id=u.id, source=u.source, target=f"EN {u.source}") for u in batch.units]
    content = write_xliff(Batch(source_language="et", target_language="en", units=units))
    return {"language": "en", "file": SimpleUploadedFile("uritused.xlf", content, content_type="application/xliff+xml")}


EXPORTS = {"export_csv": ["events:export_csv"], "export_xlsx": ["events:export_xlsx"]}


def of_event(record):
    return {"pk": record.event_id}


def event_parts(**kwargs) -> dict:
    """The actions of a record that lives inside its event: the event's pages, files and endpoint."""
    return {
        "read": ["events:detail"],
        "edit": [Form("events:edit", lambda record: event_edit_data(record.event))],
        "delete": ["events:delete"],
        **EXPORTS,
        "api": "event",
        "api_record": lambda record: record.event,
        "api_update": lambda record: event_api_update(record.event),
        "api_create": event_api_create,
        "url_kwargs": of_event,
        **kwargs,
    }


CASES = [
    TenancyCase(
        model=Event,
        make=lambda party: make_event(party, title=f"Sündmus {next(_n)} {party.slug}"),
        marker=lambda e: e.title,
        list=["events:list", "/events/calendar/?year=2024&month=3"],
        read=["events:detail", Form("events:copy", editors_only=True)],
        edit=[Form("events:edit", event_edit_data), "events:attachment_upload"],
        delete=["events:delete"],
        create=[Form("events:create", event_create_data)],
        **EXPORTS,
        api="event",
        api_update=event_api_update,
        api_create=event_api_create,
    ),
    TenancyCase(
        model=EventSeries,
        make=make_series,
        marker=lambda s: s.title,
        list=["events:list"],
        read=["events:series_detail"],
        edit=["events:series_attendance"],  # the attendance table writes the series' events
        delete=["events:series_delete"],
        **EXPORTS,
        api="event",
        api_record=lambda s: s.events.order_by("start").first(),
        api_update=lambda s: {"title": "Ülevõetud"},
        api_create=event_api_create,
    ),
    TenancyCase(
        model=EventAttachment,
        make=make_attachment,
        marker=lambda a: a.original_name,
        list=[lambda a: reverse("events:detail", kwargs={"pk": a.event_id})],
        read=["events:attachment"],
        delete=["events:attachment_delete"],
        absent={
            "edit": "an attachment is replaced by removing and uploading, never edited",
            "export_csv": "files are in no export",
            "export_xlsx": "files are in no export",
            **dict.fromkeys(API_ACTIONS, "the API offers no attachments"),
        },
    ),
    TenancyCase(
        model=ParticipantCount,
        make=make_count,
        marker=lambda c: str(c.count),
        sweep=False,  # a three-digit count could be any number on a page
        **event_parts(absent={"list": "the event list shows no counts (read: the event page; the exports)"}),
    ),
    TenancyCase(
        model=Participation,
        make=make_participation,
        marker=lambda p: (p.municipality.name, p.municipality.ehak_code),
        sweep=False,  # a municipality's name is in every filter's choices
        **event_parts(absent={"list": "the event list shows no participations (read: the event page; the exports)"}),
    ),
    TenancyCase(
        model=EventOrganisation,
        make=make_organisation,
        marker=lambda o: o.name,
        **event_parts(absent={"list": "the event list shows no organisations (read: the event page; the exports)"}),
    ),
    TenancyCase(
        model=CalendarFeed,
        make=lambda party: CalendarFeed.objects.get_or_create(party=party)[0],
        marker=lambda f: f.token,
        readers=Readers.OWNER,  # the address is a credential: shown to the party's members only (views/feeds.py)
        list=["events:feeds"],
        edit=["events:feed_renew"],
        url_kwargs=lambda f: {"party_pk": f.party_id},
        absent={
            "read": "the feed is read by its secret token, a credential shown only on the feeds page (list)",
            "delete": "a feed is renewed (edit), never deleted",
            "export_csv": "feeds are in no export",
            "export_xlsx": "feeds are in no export",
            **dict.fromkeys(API_ACTIONS, "the API offers no feeds"),
        },
    ),
    TenancyCase(
        model=EventImport,
        make=make_import,
        marker=lambda batch: batch.file_name,
        readers=Readers.OWNER,  # the import page lists the files of the parties the user edits for
        list=["events:import"],
        delete=["events:import_undo"],
        absent={
            "read": "an import has no page of its own: the import page lists it",
            "edit": "an import is undone (delete), never edited",
            "export_csv": "imports are in no export",
            "export_xlsx": "imports are in no export",
            **dict.fromkeys(API_ACTIONS, "the API offers no imports"),
        },
    ),
    TenancyCase(
        model=EventTranslation,
        make=make_translation,
        marker=lambda t: t.title,
        list=[lambda t: reverse("events:detail", kwargs={"pk": t.event_id})],
        read=[Form("events:detail", kwargs=lambda t: {"pk": t.event_id})],
        edit=[
            Form(
                "events:translate",
                translation_payload,
                kwargs=lambda t: {"pk": t.event_id, "language": t.language},
                editors_only=True,
            )
        ],
        create=[Form("events:translations_import", translation_import_payload)],
        absent={
            "delete": "a translation is replaced, never deleted",
            "export_csv": "translations are in no CSV export (the XLIFF/PO export: NO_RECORD_PAGES)",
            "export_xlsx": "translations are in no XLSX export",
            **dict.fromkeys(API_ACTIONS, "the API offers no event translations"),
        },
    ),
]
