"""Demo communication work of 2024 (issue 15): each partner's channels and a year of outputs on its
plan rows — Tartu's news in English and Russian on tartu.ee, Rakvere's posts in the county's two
Facebook groups, Saaremaa's newcomers' stories in Meie Maa, Pärnu's leaflets and web updates — and
ELVL's translated guidance. Deterministic, and idempotent: a party that has outputs is skipped."""

from __future__ import annotations

import datetime as dt

from loim.parties.models import Party
from loim.plans.models import Activity

from .models import Channel, Output
from .services import JobInput, OutputInput, output_create, translation_job_create

YEAR = 2024

CHANNELS = {
    "tartu": [
        ("tartu.ee", "website", "https://www.tartu.ee"),
        ("Tartu Postimees", "newspaper", "https://tartu.postimees.ee"),
        ("Tartu linna infoleht", "print", ""),
    ],
    "rakvere": [
        ("Foreigners in Rakvere and Lääne-Virumaa", "social", "https://www.facebook.com/groups/foreignersrakvere"),
        ("Ukraina sõbrad Eestis (Rakvere)", "social", "https://www.facebook.com/groups/ukrainasobradrakvere"),
        ("rakvere.ee", "website", "https://www.rakvere.ee"),
        ("Rakvere infomaterjalid", "print", ""),
    ],
    "saaremaa": [
        ("Meie Maa", "newspaper", "https://www.meiemaa.ee"),
        ("saaremaavald.ee", "website", "https://www.saaremaavald.ee"),
    ],
    "parnu": [
        ("parnu.ee", "website", "https://www.parnu.ee"),
        ("Pärnu linna teabelehed", "print", ""),
    ],
    "tallinn": [("tallinn.ee", "website", "https://www.tallinn.ee")],
}

# (party, row code, kind, channel, languages, months, title, reach, reach unit)
SERIES = [
    ("tartu", "3.5.2.1/1.2", "news", "tartu.ee", ["en", "ru"], range(1, 13),
     "Uudis uussisserändajatele: {month}", None, ""),
    ("tartu", "3.5.2.1/1.2", "press_release", "Tartu Postimees", ["et"], (3, 9),
     "Pressiteade: Tartu kohanemisnõustamine {month}", None, ""),
    ("tartu", "3.5.2.1/1.2", "printed", "Tartu linna infoleht", ["en", "ru", "uk"], (2,),
     "Infoleht „Elu Tartus“", 1500, "print_run"),
    ("tartu", "3.5.2.1/1.2", "web_page", "tartu.ee", ["en"], (5, 10),
     "Veebileht „Moving to Tartu“ uuendatud ({month})", 2300, "page_views"),
    ("rakvere", "3.5.2.3/3.2", "social_post", "Foreigners in Rakvere and Lääne-Virumaa", ["en"],
     (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12), "Postitus: Lääne-Virumaa üritused, {month}", 1840, "group_members"),
    ("rakvere", "3.5.2.3/3.2", "social_post", "Ukraina sõbrad Eestis (Rakvere)", ["uk", "ru"],
     (1, 3, 5, 7, 9, 11), "Допис: новини Раквере, {month}", 960, "group_members"),
    ("rakvere", "3.5.2.3/1.1", "printed", "Rakvere infomaterjalid", ["et", "en", "ru"], (4,),
     "Teabematerjal „Tere tulemast Rakverre“ trükitud", 800, "print_run"),
    ("rakvere", "3.5.2.3/1.1", "web_page", "rakvere.ee", ["en", "ru"], (4, 10),
     "rakvere.ee inglis- ja venekeelne info uuendatud ({month})", None, ""),
    ("saaremaa", "3.5.2.4/2.2", "newspaper_story", "Meie Maa", ["et"], (2, 5, 8, 11),
     "Kogemuslugu Meie Maas: uus kodu Saaremaal ({month})", 6500, "print_run"),
    ("saaremaa", "3.5.2.4/1.1", "web_page", "saaremaavald.ee", ["en", "ru"], (3, 6, 9),
     "Veebilehe „Living in Saaremaa“ sisu uuendatud ({month})", None, ""),
    ("parnu", "3.5.2.5/1.3", "printed", "Pärnu linna teabelehed", ["en", "ru"], (3, 9),
     "Infoleht „Pärnu uuele elanikule“ ({month})", 1000, "print_run"),
    ("parnu", "3.5.2.5/1.3", "web_page", "parnu.ee", ["en", "ru"], (2, 4, 6, 10, 12),
     "parnu.ee igapäevaelu info inglise ja vene keeles ({month})", None, ""),
]  # fmt: skip

# (party, row code, subject kind, title, source, target, by, month)
JOBS = [
    ("elvl", "3.5.1.3/2", "document", "Juhend KOV-idele: kohanemisprogrammi tutvustamine (inglise keelde)", "et", "en",
     "machine_reviewed", 4),
    ("elvl", "3.5.1.3/2", "document", "Juhend KOV-idele: kohanemisprogrammi tutvustamine (vene keelde)", "et", "ru",
     "in_house", 5),
    ("elvl", "3.5.1.3/2", "leaflet", "Infopäeva teabeleht (ukraina keelde)", "et", "uk", "in_house", 9),
    ("rakvere", "3.5.2.3/1.1", "leaflet", "Teabematerjal „Tere tulemast Rakverre“ (inglise keelde)", "et", "en",
     "in_house", 3),
    ("saaremaa", "3.5.2.4/1.3", "web_page", "Saaremaa valla elukoha registreerimise leht (inglise keelde)", "et", "en",
     "in_house", 6),
    ("saaremaa", "3.5.2.4/1.3", "leaflet", "Jäätmekäitluse juhend (vene keelde)", "et", "ru", "machine_reviewed", 10),
    ("parnu", "3.5.2.5/1.3", "leaflet", "Infoleht „Pärnu uuele elanikule“ (vene keelde)", "et", "ru", "in_house", 2),
]  # fmt: skip

MONTHS = ["jaanuar", "veebruar", "märts", "aprill", "mai", "juuni", "juuli", "august", "september", "oktoober",
          "november", "detsember"]  # fmt: skip


def _day(month: int, n: int) -> dt.date:
    return dt.date(YEAR, month, 3 + (n * 7) % 24)


def seed(*, out) -> None:
    parties = {p.slug: p for p in Party.objects.all()}
    rows = {a.code: a for a in Activity.objects.filter(plan__year=YEAR)}
    channels: dict[tuple[str, str], Channel] = {}
    for slug, entries in CHANNELS.items():
        party = parties.get(slug)
        if party is None:
            continue
        for name, kind, url in entries:
            channels[(slug, name)] = Channel.objects.get_or_create(
                party=party, name=name, defaults={"kind": kind, "url": url}
            )[0]
    written = jobs = 0
    seeded = set(Output.objects.values_list("party__slug", flat=True).distinct())
    for n, (slug, code, kind, channel, languages, months, title, reach, unit) in enumerate(SERIES):
        if slug in seeded or slug not in parties:
            continue
        for month in months:
            output_create(
                party=parties[slug],
                data=OutputInput(
                    kind=kind,
                    channel=channels[(slug, channel)],
                    languages=list(languages),
                    date=_day(month, n),
                    title=title.format(month=MONTHS[month - 1]),
                    link=f"{channels[(slug, channel)].url}/uudised/{YEAR}-{month:02d}-{n}"
                    if channels[(slug, channel)].url
                    else "",
                    reach=reach,
                    reach_unit=unit,
                    activity=rows.get(code),
                ),
            )
            written += 1
    from .models import TranslationJob

    if not TranslationJob.objects.exists():
        for n, (slug, code, subject, title, source, target, by, month) in enumerate(JOBS):
            if slug not in parties:
                continue
            translation_job_create(
                party=parties[slug],
                data=JobInput(
                    subject_kind=subject,
                    title=title,
                    source_language=source,
                    target_language=target,
                    translated_by=by,
                    date=_day(month, n),
                    activity=rows.get(code),
                ),
            )
            jobs += 1
    out.write(f"Communication: {written} outputs, {jobs} translation jobs.\n")
