"""Demo events: what each party of the 2024 plan did, as it would have been recorded.

ELVL's county info days (Jõhvi in spring with 14 municipalities, Võru in autumn), two nationwide
trainings, a study trip and coordinators' network meetings; Tartu's weekly conversation club in Q1,
Q2 and Q4 (two February weeks missing, so the weekly commitment shows a miss) and monthly network
meetings except Q3; Tallinn's quarterly joint network, Lõimumiskoja meetings and the conference
"Lõimumisaken 2024"; Rakvere's ten joint events with the library (none in July and August), county
meetings, excursions and info sessions; Saaremaa's monthly situation-mapping meetings and excursions;
Pärnu's county meetings, baby club and info sessions. A few public events ahead of today keep the
portal and the calendar alive. Events are linked to their plan rows when the 2024 plan is loaded.

Idempotent: every event carries a demo import id and every series is found by its title.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils import timezone
from django.utils.text import slugify

from loim.parties.models import Party
from loim.places.models import Municipality
from loim.plans.models import Activity, EventKind

from .models import Event, EventSeries
from .recurrence import Rule
from .services import EventInput, event_create, event_update, local_datetime, series_create

IDA_VIRU = [
    "Alutaguse vald",
    "Jõhvi vald",
    "Kohtla-Järve linn",
    "Lüganuse vald",
    "Narva linn",
    "Narva-Jõesuu linn",
    "Sillamäe linn",
    "Toila vald",
]
LAANE_VIRU = [
    "Haljala vald",
    "Kadrina vald",
    "Rakvere linn",
    "Rakvere vald",
    "Tapa vald",
    "Vinni vald",
    "Viru-Nigula vald",
    "Väike-Maarja vald",
]
PARNUMAA = [
    "Pärnu linn",
    "Häädemeeste vald",
    "Kihnu vald",
    "Lääneranna vald",
    "Põhja-Pärnumaa vald",
    "Saarde vald",
    "Tori vald",
]
SOUTH = [
    "Võru linn",
    "Võru vald",
    "Antsla vald",
    "Rõuge vald",
    "Setomaa vald",
    "Põlva vald",
    "Räpina vald",
    "Kanepi vald",
    "Valga vald",
    "Otepää vald",
]
PARTNERS = ["Tartu linn", "Tallinn", "Rakvere linn", "Saaremaa vald", "Pärnu linn"]
STATE = ["Integratsiooni Sihtasutus", "Sotsiaalkindlustusamet", "Eesti Töötukassa", "Politsei- ja Piirivalveamet"]


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

    def activity(self, measure: str | None, row: str | None, party) -> Activity | None:
        """The plan row, if the 2024 plan is loaded and the party answers for it; else no link."""
        activity = self.rows.get((measure, row)) if measure else None
        if activity is None or party not in activity.responsible_parties.all():
            return None
        return activity

    def data(self, slug, kind, title, day, start, end, *, plan=(None, None), place=None, **extra) -> EventInput:
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
            activity=self.activity(*plan, party),
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

    def counts(self, kind: str, key: str) -> dict[str, int]:
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


def seed(*, out) -> None:
    s = Seeder(out)
    d = dt.date
    t = dt.time

    # --- ELVL: info days, nationwide trainings, a study trip, network meetings
    s.event(
        "elvl",
        "info_day",
        "Maakondlik infopäev Ida-Virumaal: kohanemisteenused KOV-is",
        d(2024, 4, 18),
        t(10),
        t(15),
        plan=("3.5.1.3", "1"),
        place="Jõhvi vald",
        address="Jõhvi Kontserdimaja, Pargi 40",
        reach="county",
        languages=["et", "ru"],
        municipalities=[
            *IDA_VIRU,
            "Rakvere linn",
            "Vinni vald",
            "Haljala vald",
            "Kadrina vald",
            "Mustvee vald",
            "Jõgeva vald",
        ],
        organisations=[*STATE, "International Organization for Migration"],
        description="Infopäev KOV-ide ametnikele ja töötajatele ning sidusrühmadele: ränne Ida-Virumaal, "
        "riiklikud kohanemisteenused ja KOV-i roll.",
    )
    s.event(
        "elvl",
        "info_day",
        "Maakondlik infopäev Võru- ja Põlvamaal",
        d(2024, 10, 10),
        t(10),
        t(15),
        plan=("3.5.1.3", "1"),
        place="Võru linn",
        address="Võru Kultuurimaja Kannel",
        reach="county",
        languages=["et"],
        municipalities=SOUTH,
        organisations=[*STATE, "Eesti Rahvusvaheline Maja"],
    )
    s.event(
        "elvl",
        "training",
        "Üle-eestiline koolitus: ränne ja välismaalaste Eestis viibimise alused",
        d(2024, 3, 13),
        t(9, 30),
        t(16),
        plan=("3.5.1.4", "1"),
        place="Tallinn",
        address="Eesti Linnade ja Valdade Liit, Roosikrantsi 12",
        format="hybrid",
        reach="national",
        languages=["et"],
        municipalities=[
            *PARTNERS,
            "Jõhvi vald",
            "Narva linn",
            "Viljandi linn",
            "Haapsalu linn",
            "Paide linn",
            "Rapla vald",
            "Valga vald",
            "Võru linn",
            "Elva vald",
            "Saue vald",
            "Viimsi vald",
            "Rae vald",
            "Kohtla-Järve linn",
        ],
        organisations=["Politsei- ja Piirivalveamet"],
    )
    s.event(
        "elvl",
        "training",
        "Üle-eestiline koolitus: võrdne kohtlemine ja ligipääsetavus KOV-i teenustes",
        d(2024, 9, 19),
        t(10),
        t(14),
        plan=("3.5.1.4", "1"),
        format="online",
        reach="national",
        online_url="https://elvl.ee/koolitus",
        languages=["et"],
        municipalities=[
            *PARTNERS,
            "Tartu vald",
            "Kambja vald",
            "Põlva vald",
            "Mulgi vald",
            "Tõrva vald",
            "Lääne-Nigula vald",
            "Hiiumaa vald",
            "Muhu vald",
            "Kuusalu vald",
            "Anija vald",
            "Maardu linn",
            "Sillamäe linn",
            "Narva-Jõesuu linn",
            "Tapa vald",
            "Türi vald",
            "Põltsamaa vald",
            "Jõgeva vald",
        ],
        organisations=["Soolise võrdõiguslikkuse ja võrdse kohtlemise volinik"],
    )
    s.event(
        "elvl",
        "study_trip",
        "Õppereis Soome: Helsingi ja Espoo kohanemisteenused",
        d(2024, 5, 22),
        t(8),
        t(18),
        end_day=d(2024, 5, 24),
        plan=("3.5.1.4", "2"),
        address="Helsingi ja Espoo, Soome",
        reach="national",
        languages=["en"],
        municipalities=[*PARTNERS, "Narva linn", "Jõhvi vald", "Viljandi linn", "Võru linn"],
        organisations=["Helsingi linn", "Espoo linn"],
    )
    for day in (d(2024, 2, 7), d(2024, 4, 3), d(2024, 6, 5), d(2024, 9, 4), d(2024, 11, 6)):
        s.event(
            "elvl",
            "network_meeting",
            "KOV-i koordinaatorite võrgustikukohtumine",
            day,
            t(10),
            t(12),
            plan=("3.5.1.3", "3"),
            format="online",
            online_url="https://elvl.ee/vorgustik",
            languages=["et"],
            municipalities=PARTNERS,
        )
    s.event(
        "elvl",
        "network_meeting",
        "Koordinaatorite võrgustiku suvekohtumine Tartus",
        d(2024, 8, 21),
        t(10),
        t(16),
        plan=("3.5.1.3", "3"),
        place="Tartu linn",
        address="Tartu Raekoda",
        languages=["et"],
        municipalities=PARTNERS,
    )
    s.event(
        "elvl",
        "experience_meeting",
        "Kogemuskohtumine: kohanemisteekonna kaardistus",
        d(2024, 10, 24),
        t(10),
        t(15),
        plan=("3.5.1.2", "2"),
        place="Rakvere linn",
        languages=["et"],
        municipalities=[*PARTNERS, "Vinni vald", "Tapa vald"],
    )

    # --- Tartu: weekly conversation club in Q1, Q2 and Q4 (two February weeks missed); monthly network
    s.series(
        "tartu",
        "conversation_club",
        "Suhtlusklubi (eesti ja inglise keeles)",
        Rule("weekly", d(2024, 1, 3), d(2024, 12, 18), weekdays=(2,), excluded=("Q3", "2024-02-21", "2024-02-28")),
        t(17),
        t(18, 30),
        plan=("3.5.2.1", "2.1"),
        address="Tartu Linnaraamatukogu, Kompanii 3/5",
        languages=["et", "en"],
        is_public=True,
        organisations=["Tartu Linnaraamatukogu"],
        description="Vestlusring eesti keele harjutamiseks ja uute tutvuste leidmiseks. Kord kuus inglise keeles.",
    )
    s.series(
        "tartu",
        "network_meeting",
        "Spetsialistide võrgustiku kohtumine",
        Rule("monthly", d(2024, 1, 1), d(2024, 12, 31), weekdays=(3,), week_of_month=2, excluded=("Q3",)),
        t(10),
        t(11, 30),
        plan=("3.5.2.1", "3.1"),
        address="Tartu Linnavalitsus, Raekoja plats 1",
        languages=["et"],
        organisations=["Tartu Ülikool", "Eesti Töötukassa", "Politsei- ja Piirivalveamet", "Tartu Rahvusvaheline Maja"],
    )

    # --- Tallinn: quarterly joint network, Lõimumiskoda, the conference
    for day in (d(2024, 2, 15), d(2024, 5, 16), d(2024, 9, 19), d(2024, 11, 28)):
        s.event(
            "tallinn",
            "network_meeting",
            "Ametkondade ja kolmanda sektori ühisvõrgustiku kohtumine",
            day,
            t(13),
            t(16),
            plan=("3.5.2.2", "3.2"),
            address="Tallinna Linnavalitsus, Vabaduse väljak 7",
            languages=["et", "ru"],
            organisations=[*STATE, "MTÜ Mondo", "Eesti Pagulasabi"],
        )
    for day, title in (
        (d(2024, 4, 25), "Lõimumiskoja asutamiskoosolek"),
        (d(2024, 9, 12), "Lõimumiskoja kohtumine"),
        (d(2024, 12, 5), "Lõimumiskoja kohtumine"),
    ):
        s.event(
            "tallinn",
            "council_meeting",
            title,
            day,
            t(17),
            t(19),
            plan=("3.5.2.2", "3.1"),
            address="Tallinna Raekoda",
            languages=["et", "ru", "en"],
            organisations=["Eesti Ukrainlaste Kongress", "Eesti Rahvuskultuuriseltside Liit", "Tallinna Vene Muuseum"],
        )
    s.event(
        "tallinn",
        "conference",
        "Lõimumisaken 2024",
        d(2024, 10, 24),
        t(9, 30),
        t(16, 30),
        plan=("3.5.2.2", "2.3"),
        address="Kultuurikatel, Põhja pst 27a",
        languages=["et", "ru", "en"],
        is_public=True,
        reach="county",
        counts={"official": 124, "stakeholder": 63, "newcomer": 21, "other_background": 17},
        municipalities=[
            "Tallinn",
            "Maardu linn",
            "Viimsi vald",
            "Rae vald",
            "Harku vald",
            "Saue vald",
            "Jõelähtme vald",
            "Keila linn",
        ],
        organisations=[*STATE, "Tallinna Ülikool"],
        description="Lõimumisalane konverents Tallinna sihtrühma teenuste ja tugivõrgustiku arendamiseks.",
    )

    # --- Rakvere: ten joint events with the library (none in July and August), county meetings, trips, info
    library = ["Lääne-Viru Keskraamatukogu"]
    for day, title in (
        (d(2024, 1, 25), "Mälumänguõhtu: Eesti ajalugu"),
        (d(2024, 2, 22), "Vabariigi aastapäeva tähistamine"),
        (d(2024, 3, 14), "Emakeelepäeva luuleõhtu"),
        (d(2024, 4, 25), "Kevadised kombed ja munadepühad"),
        (d(2024, 5, 16), "Rahvatantsu õpituba"),
        (d(2024, 6, 20), "Jaanipäeva traditsioonid"),
        (d(2024, 9, 19), "Mihklipäeva laat"),
        (d(2024, 10, 17), "Hingedeaeg ja kadripäev"),
        (d(2024, 11, 14), "Mardipäeva õhtu"),
        (d(2024, 12, 12), "Eesti jõulud"),
    ):
        s.event(
            "rakvere",
            "cultural_event",
            title,
            day,
            t(17),
            t(19),
            plan=("3.5.2.3", "2.1"),
            address="Lääne-Viru Keskraamatukogu, Lai 7",
            languages=["et", "ru", "uk"],
            is_public=True,
            organisations=library,
        )
    for day, title in (
        (d(2024, 3, 20), "Maakonna sotsiaalkaitsekomisjon: lõimumise ülevaade"),
        (d(2024, 5, 8), "Maakonna sotsiaalvaldkonna juhtide kohtumine"),
        (d(2024, 10, 9), "Maakonna sotsiaalkaitsekomisjon: lõimumise ülevaade"),
        (d(2024, 11, 20), "Maakonna sotsiaalvaldkonna juhtide kohtumine"),
    ):
        s.event(
            "rakvere",
            "network_meeting",
            title,
            day,
            t(10),
            t(12),
            plan=("3.5.2.3", "3.1"),
            reach="county",
            languages=["et"],
            municipalities=LAANE_VIRU,
        )
    for day, title, place in (
        (d(2024, 5, 25), "Väljasõit Eesti Vabaõhumuuseumi", "Tallinn"),
        (d(2024, 6, 15), "Väljasõit Eesti Rahva Muuseumi", "Tartu linn"),
        (d(2024, 10, 5), "Külaskäik Riigikokku", "Tallinn"),
    ):
        s.event(
            "rakvere",
            "excursion",
            title,
            day,
            t(9),
            t(18),
            plan=("3.5.2.3", "2.3"),
            place=place,
            languages=["et", "ru"],
        )
    s.event(
        "rakvere",
        "info_session",
        "Infotund: Töötukassa teenused",
        d(2024, 4, 11),
        t(16),
        t(17, 30),
        plan=("3.5.2.3", "2.2"),
        languages=["et", "ru", "uk"],
        organisations=["Eesti Töötukassa"],
        is_public=True,
    )
    s.event(
        "rakvere",
        "info_session",
        "Infotund: turvalisus ja politsei",
        d(2024, 11, 7),
        t(16),
        t(17, 30),
        plan=("3.5.2.3", "2.2"),
        languages=["et", "ru", "uk"],
        organisations=["Politsei- ja Piirivalveamet"],
        is_public=True,
    )

    # --- Saaremaa: monthly situation mapping, two excursions of three, thematic meetings
    s.series(
        "saaremaa",
        "situation_mapping",
        "Situatsioonikaardistuse kohtumine",
        Rule("monthly", d(2024, 1, 1), d(2024, 12, 31), weekdays=(1,), week_of_month=1),
        t(17),
        t(18, 30),
        plan=("3.5.2.4", "2.1"),
        address="Kuressaare Linnaraamatukogu",
        languages=["et", "en", "uk"],
    )
    s.event(
        "saaremaa",
        "excursion",
        "Avatud talude päev",
        d(2024, 7, 21),
        t(10),
        t(17),
        plan=("3.5.2.4", "2.5"),
        languages=["et", "en"],
        is_public=True,
    )
    s.event(
        "saaremaa",
        "excursion",
        "Õunakohvikute päev",
        d(2024, 9, 7),
        t(11),
        t(16),
        plan=("3.5.2.4", "2.5"),
        languages=["et", "en"],
        is_public=True,
    )
    s.event(
        "saaremaa",
        "thematic_meeting",
        "Teemakohtumine: Saaremaa kombed ja pühad",
        d(2024, 3, 19),
        t(18),
        t(20),
        plan=("3.5.2.4", "2.4"),
        languages=["et", "en"],
        organisations=["Saaremaa Muuseum"],
    )
    s.event(
        "saaremaa",
        "thematic_meeting",
        "Kohtumisõhtu: lõimumise edulood",
        d(2024, 11, 26),
        t(18),
        t(20),
        plan=("3.5.2.4", "2.3"),
        languages=["et", "en"],
        is_public=True,
    )

    # --- Pärnu: county meetings, the baby club, info sessions, an excursion
    for day in (d(2024, 4, 17), d(2024, 11, 13)):
        s.event(
            "parnu",
            "network_meeting",
            "Pärnumaa spetsialistide võrgustiku kohtumine",
            day,
            t(10),
            t(13),
            plan=("3.5.2.5", "3.2"),
            reach="county",
            languages=["et"],
            municipalities=PARNUMAA,
            organisations=["Pärnumaa Arenduskeskus", "Eesti Töötukassa"],
        )
    s.series(
        "parnu",
        "conversation_club",
        "Noorte emade beebiklubi",
        Rule("weekly", d(2024, 9, 3), d(2024, 12, 17), weekdays=(1,), interval=2),
        t(10, 30),
        t(12),
        plan=("3.5.2.5", "2.3"),
        address="Pärnu Keskraamatukogu, lasteosakond",
        languages=["et", "ru", "en"],
        is_public=True,
        description="Kohtumised teise kultuuritaustaga kodustele emadele ja nende beebidele.",
    )
    for day, title, org in (
        (d(2024, 3, 12), "Infotund: elamisluba ja elukoha registreerimine", "Politsei- ja Piirivalveamet"),
        (d(2024, 5, 14), "Infotund: töö otsimine Pärnumaal", "Eesti Töötukassa"),
        (d(2024, 10, 15), "Loeng: perearst ja tervishoid Eestis", "Pärnu Haigla"),
    ):
        s.event(
            "parnu",
            "info_session",
            title,
            day,
            t(17),
            t(18, 30),
            plan=("3.5.2.5", "2.4"),
            languages=["et", "ru", "uk"],
            organisations=[org],
            is_public=True,
        )
    s.event(
        "parnu",
        "excursion",
        "Väljasõit Soomaa rahvusparki",
        d(2024, 6, 8),
        t(9),
        t(17),
        plan=("3.5.2.5", "2.3"),
        place="Põhja-Pärnumaa vald",
        languages=["et", "en"],
    )

    # --- a few public events ahead of the day the demo is first seeded, so the portal, the calendar and
    # the home page show them (keyed without their date: seeding again later adds none)
    today = timezone.localdate()
    ahead = today + dt.timedelta(days=(2 - today.weekday()) % 7 or 7)  # next Wednesday
    s.event(
        "tartu",
        "conversation_club",
        "Suhtlusklubi (eesti ja inglise keeles)",
        ahead,
        t(17),
        t(18, 30),
        key="ahead",
        address="Tartu Linnaraamatukogu, Kompanii 3/5",
        languages=["et", "en"],
        is_public=True,
    )
    s.event(
        "parnu",
        "info_session",
        "Infotund: elamisluba ja elukoha registreerimine",
        ahead + dt.timedelta(days=13),
        t(17),
        t(18, 30),
        key="ahead",
        languages=["et", "ru", "uk"],
        is_public=True,
    )
    s.event(
        "rakvere",
        "language_cafe",
        "Keelekohvik-Klubi",
        ahead + dt.timedelta(days=8),
        t(17),
        t(18, 30),
        key="ahead",
        address="Lääne-Viru Keskraamatukogu, Lai 7",
        languages=["et", "ru"],
        is_public=True,
    )
    s.event(
        "saaremaa",
        "cultural_event",
        "Kohtumisõhtu: Saaremaa talvised kombed",
        ahead + dt.timedelta(days=20),
        t(18),
        t(20),
        key="ahead",
        address="Kuressaare Kultuurikeskus",
        languages=["et", "en"],
        is_public=True,
    )

    linked = Event.objects.filter(activity__isnull=False).count()
    out.write(f"Events: {s.created} created ({Event.objects.count()} in all, {linked} linked to plan rows)\n")
