"""Demo events: the records are in `data/demo.yaml` (what each party of the 2024 plan did); this
module adds what cannot be data: the link to the plan row when the 2024 plan is loaded and the party
answers for it, stable made-up participant counts for past events, the dates of a few public events
just ahead of today (so the portal and the calendar stay alive), and idempotency.

Idempotent: every event carries a demo import id and every series is found by its title.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

from django.utils import timezone
from django.utils.text import slugify

from loim.core.demo import clock, demo_data, expand
from loim.parties.models import Party
from loim.places.models import Municipality
from loim.plans.models import Activity, EventKind

from .models import TEXT_FIELDS, Event, EventSeries
from .recurrence import Rule
from .services import PUBLIC_FIELDS, EventInput, event_create, event_update, local_datetime, series_create
from .translation import EventTextInput, event_translation_save


def _spread(key: str, low: int, high: int) -> int:
    """A stable pseudo-random count for a demo event (the same on every run)."""
    digest = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)
    return low + digest % (high - low + 1)


class Seeder:
    def __init__(self, out):
        self.out = out
        self.parties = {p.slug: p for p in Party.objects.all()}
        self.kinds = {k.code: k for k in EventKind.objects.all()}
        self.places = {m.name: m for m in Municipality.objects.all()}
        self.rows = {
            (a.measure_code, a.row_key): a
            for a in Activity.objects.filter(plan__year=2024).prefetch_related("responsible_parties")
        }
        self.created = 0

    def activity(self, plan: tuple[str, str] | None, party) -> Activity | None:
        """The plan row (measure code, row key), if the 2024 plan is loaded and the party answers for it;
        else no link."""
        activity = self.rows.get(plan) if plan else None
        if activity is None or party not in activity.responsible_parties.all():
            return None
        return activity

    def data(self, slug, kind, title, day, start, end, *, plan=None, place=None, **extra) -> EventInput:
        party = self.parties[slug]
        # the party's own municipality unless another is named; none online, nor abroad for ELVL
        municipality = (
            None if extra.get("format") == "online" else (self.places[place] if place else party.municipality)
        )
        start_at = local_datetime(day, start)
        end_day = extra.pop("end_day", day)
        return EventInput(
            party=party,
            kind=self.kinds[kind],
            title=title,
            start=start_at,
            end=local_datetime(end_day, end),
            activity=self.activity(plan, party),
            municipality=municipality,
            municipalities=[self.places[name] for name in extra.pop("municipalities", [])],
            **extra,
        )

    def event(self, slug, kind, title, day, start, end, *, key: str = "", **kwargs) -> None:
        import_id = f"demo:{key or day.isoformat()}:{slugify(title)[:60]}"
        if Event.objects.filter(party=self.parties[slug], import_id=import_id).exists():
            return
        data = self.data(slug, kind, title, day, start, end, **kwargs)
        data.import_id = import_id
        if "counts" not in kwargs and day < timezone.localdate():
            data.counts = self.counts(kind, import_id)
        event_create(data=data, confirmed=True)
        self.created += 1

    def counts(self, kind: str, key: str) -> dict[str, int | None]:
        if kind in ("network_meeting", "council_meeting", "training", "info_day", "study_trip", "experience_meeting"):
            return {"official": _spread(key, 8, 30), "stakeholder": _spread(key + "s", 2, 12)}
        return {
            "newcomer": _spread(key, 5, 18),
            "other_background": _spread(key + "o", 1, 6),
            "returnee": _spread(key + "r", 0, 2),
        }

    def series(self, slug, kind, title, rule: Rule, start, end, **kwargs) -> None:
        party = self.parties[slug]
        if EventSeries.objects.filter(party=party, title=title).exists():
            return
        day = rule.starts_on
        data = self.data(slug, kind, title, day, start, end, **kwargs)
        series = series_create(data=data, rule=rule, start_time=start, end_time=end, confirmed=True)
        today = timezone.localdate()
        for event in series.events.all():
            if timezone.localtime(event.start).date() < today:
                update = EventInput.from_event(event)
                update.counts = self.counts(kind, f"{title}:{event.start.isoformat()}")
                event_update(event=event, data=update, confirmed=True)
        self.created += series.events.count()


def _occurrences(entry: dict) -> list[dict]:
    """One entry of the data file as the events it stands for: `dates` gives one per item."""
    if "dates" not in entry:
        return [entry]
    base = {key: value for key, value in entry.items() if key != "dates"}
    return [{**base, **(item if isinstance(item, dict) else {"date": item})} for item in entry["dates"]]


def _arguments(entry: dict, groups: dict) -> dict:
    """An event's fields from the file as the Seeder's keyword arguments."""
    fields = dict(entry)
    for key in ("party", "kind", "title", "date", "series", "days_ahead"):
        fields.pop(key, None)
    fields["start"], fields["end"] = clock(fields["start"]), clock(fields["end"])
    if "end_date" in fields:
        fields["end_day"] = fields.pop("end_date")
    if "plan" in fields:
        fields["plan"] = tuple(fields["plan"].split("/", 1))
    for key in ("municipalities", "organisations"):
        if key in fields:
            fields[key] = expand(fields[key], groups)
    return fields


def seed(*, out) -> None:
    s = Seeder(out)
    data = demo_data("events")
    groups = data["groups"]
    for entry in data["events"]:
        if "series" in entry:
            rule = entry["series"]
            s.series(
                entry["party"],
                entry["kind"],
                entry["title"],
                Rule(
                    rule["frequency"],
                    rule["starts_on"],
                    rule["ends_on"],
                    weekdays=tuple(rule.get("weekdays", ())),
                    interval=rule.get("interval", 1),
                    week_of_month=rule.get("week_of_month"),
                    excluded=tuple(rule.get("excluded", ())),
                ),
                **_arguments(entry, groups),
            )
            continue
        for event in _occurrences(entry):
            s.event(event["party"], event["kind"], event["title"], event["date"], **_arguments(event, groups))

    # ahead of the day the demo is first seeded (keyed without their date: seeding again later adds none)
    today = timezone.localdate()
    ahead = today + dt.timedelta(days=(2 - today.weekday()) % 7 or 7)  # next Wednesday
    for event in data["ahead"]:
        day = ahead + dt.timedelta(days=event["days_ahead"])
        s.event(event["party"], event["kind"], event["title"], day, key="ahead", **_arguments(event, groups))

    texts = sum(public_texts(entry) for entry in data.get("public_texts", []))

    linked = Event.objects.filter(activity__isnull=False).count()
    out.write(f"Events: {s.created} created ({Event.objects.count()} in all, {linked} linked to plan rows)\n")
    out.write(f"Public event texts: {texts} events given texts and translations\n")


def _translate_all(event: Event, translations: dict, languages) -> None:
    for language in languages:
        values = translations[language]
        event_translation_save(
            event=event,
            language=language,
            text=EventTextInput(**{name: values.get(name, "") for name in TEXT_FIELDS}),
            made_from=event.source_version,
        )


def public_texts(entry: dict) -> int:
    """Give every public event of the entry's party and title its Estonian public texts and its
    translations; the `outdated` languages are translated first and then left behind by the `later`
    Estonian edit. An event that already has texts or translations is left as it is (idempotent).
    Returns how many events were given texts."""
    events = Event.objects.filter(party__slug=entry["party"], title=entry["title"], is_public=True, registration="")
    given = 0
    for event in events.filter(translations__isnull=True).order_by("start", "pk"):
        fields = {name: entry[name] for name in (*PUBLIC_FIELDS, "description") if name in entry}
        event = event_update(
            event=event, data=dataclasses.replace(EventInput.from_event(event), **fields), confirmed=True
        )
        translations = entry.get("translations", {})
        outdated = [code for code in entry.get("outdated", []) if code in translations]
        _translate_all(event, translations, translations)
        if outdated and entry.get("later"):
            later = dataclasses.replace(EventInput.from_event(event), **entry["later"])
            event = event_update(event=event, data=later, confirmed=True)
            _translate_all(event, translations, [code for code in translations if code not in outdated])
        given += 1
    return given
