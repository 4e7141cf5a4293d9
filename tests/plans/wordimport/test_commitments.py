"""The recogniser of commitments, sentence by sentence, against readings written by hand.

SEED: sentences of the 2024 plan (tegevuskava-2024.txt) as printed. OWN: sentences written for
this test in other words (other cadences, word order, numerals, exclusions) — the kind of text a
2025 plan may hold. NONE: sentences that hold no commitment and must give none. Each expected
reading is the plan file's commitment schema (docs/plan-format.md) worked out from the words.
"""

import datetime as dt

import pytest

from loim.plans.wordimport.commitments import recognise, split_sentences

JUL_AUG = [{"start": dt.date(2024, 7, 1), "end": dt.date(2024, 8, 31)}]

SEED = [
    (
        "Maakondlikke infopäevi korraldatakse vähemalt üks kord poolaastas.",
        "",
        {"period": "half_year", "min": 1, "event_kinds": ["info_day"], "reach": "county"},
    ),
    (
        "2024. aastal korraldatakse vähemalt kaks maakondlikku infopäeva erinevates regioonides, "
        "kaasates vajadusel eksperte.",
        "",
        {"period": "year", "min": 2, "event_kinds": ["info_day"], "reach": "county", "distinct": "region"},
    ),
    (
        "2024. aastal toimub vähemalt kaks üleriigilist koolitust.",
        "",
        {"period": "year", "min": 2, "event_kinds": ["training"], "reach": "national"},
    ),
    (
        "Lisaks korraldatakse 2024. aastal lõimumise, sh kohanemise teemal õppereis KOV ametnikele ja töötajatele, "
        "elluviija ja koostööpartnerite esindajatele (sihtkoht on täpsustamisel).",
        "",
        {"period": "year", "min": 1, "event_kinds": ["study_trip"]},
    ),
    (
        "Toimuvad erinevate sidusrühmade spetsialistide ja ekspertide regulaarsed võrgustikukohtumised, kus "
        "tegeletakse koolituste, infopäevade ning koolitusreiside planeerimisega KOV ametnike ja töötajate "
        "sihtrühmadega tegelemise tõstmiseks.",
        "",
        {"period": "year", "open": True, "event_kinds": ["network_meeting"]},
    ),
    (
        "Tegevus toimub kord nädalas I, II ja IV kvartalis, olles III kvartalis pausil",
        "Sotsiaalse suhtluse klubitegevuse korraldamine.",
        {"period": "week", "min": 1, "excluded": ["Q3"], "event_kinds": ["conversation_club"]},
    ),
    (
        "Regulaarsed kohtumised erinevate partneritega sagedusega vähemalt kord kuus (v.a kolmas kvartal).",
        "",
        {"period": "month", "min": 1, "excluded": ["Q3"], "event_kinds": ["network_meeting"]},
    ),
    (
        "Toimuvad Lõimumiskoja korrapärased kohtumised.",
        "",
        {"period": "year", "open": True, "event_kinds": ["council_meeting"]},
    ),
    (
        "Jätkuvad ametkondade (nii linna- kui ka riigiasutuste) ja kolmanda sektori (nii sihtasutuste kui "
        "mittetulundusühingute) ühise võrgustiku korrapärased (üks kord kvartalis) kohtumised kvaliteetse info "
        "paremaks jagamiseks.",
        "",
        {"period": "quarter", "min": 1, "event_kinds": ["network_meeting"]},
    ),
    (
        "Toimub vähemalt 10 üritust aastas, keskmiselt 1 üritus kuus, kuid suvel on 2 kuud paus.",
        "",
        {"period": "year", "min": 10, "pauses": JUL_AUG, "event_kinds": ["cultural_event"]},
    ),
    (
        "Toimuvad regulaarsed võrgustikukohtumised (2 korda aastas kohtumised maakonna sotsiaalkaitsekomisjonis, kus "
        "antakse valdkonna ülevaade ning 2 korda aastas maakonna sotsiaalvaldkonna juhtide kohtumised).",
        "",
        {"period": "year", "min": 4, "event_kinds": ["network_meeting"], "reach": "county"},
    ),
    (
        "Maakonnas valdkonnaga tegelevate KOV ametnike ja töötajate koostöö arendamine ning võrgustikukohtumised, "
        "vähemalt 2  maakondlikku kohtumist",
        "",
        {"period": "year", "min": 2, "event_kinds": ["network_meeting"], "reach": "county"},
    ),
    (
        "Viiakse läbi regulaarseid (vähemalt kord kuus) situatsioonikaardistuse kohtumisi sihtrühma esindajatega "
        "hetkeolukorra kaardistamiseks.",
        "",
        {"period": "month", "min": 1, "event_kinds": ["situation_mapping"]},
    ),
    (
        "Toimuvad sihtgrupile suunatud väljasõidud Saaremaa eri paikadesse kohaliku kultuuriga tutvumiseks 2-3 korda "
        "aastas (avatud talude päev, õunakohvikute päev).",
        "",
        {"period": "year", "min": 2, "max": 3, "event_kinds": ["excursion"]},
    ),
    (
        "Maakonna spetsialistidega koostöö arendamine ja võrgustiku kohtumised kogemuste vahetuseks, vähemalt 2 "
        "maakondlikku kohtumist aastas",
        "",
        {"period": "year", "min": 2, "event_kinds": ["network_meeting"], "reach": "county"},
    ),
    (
        "Sotsiaalse suhtluse klubitegevuse korraldamine. Sotsiaalse suhtluse võimaluse loomine eesti ja inglise (või "
        "vene) keeles. Tegevus toimub kord nädalas I, II ja IV kvartalis, olles III kvartalis pausil",
        "",
        {"period": "week", "min": 1, "excluded": ["Q3"], "event_kinds": ["conversation_club"]},
    ),
]

OWN = [
    ("Keelekohvik toimub iga kuu.", "", {"period": "month", "min": 1, "event_kinds": ["language_cafe"]}),
    (
        "Suhtlusklubi kohtub kaks korda nädalas.",
        "",
        {"period": "week", "min": 2, "event_kinds": ["conversation_club"]},
    ),
    (
        "Infotunde korraldatakse 2–3 korda aastas.",
        "",
        {"period": "year", "min": 2, "max": 3, "event_kinds": ["info_session"]},
    ),
    (
        "Võrgustikukohtumised toimuvad vähemalt kord kvartalis, välja arvatud III kvartal.",
        "",
        {"period": "quarter", "min": 1, "excluded": ["Q3"], "event_kinds": ["network_meeting"]},
    ),
    (
        "Koolitusi viiakse läbi vähemalt kolm korda poolaastas.",
        "",
        {"period": "half_year", "min": 3, "event_kinds": ["training"]},
    ),
    (
        "Loenguid peetakse kord kuus, v.a juuli ja august.",
        "",
        {"period": "month", "min": 1, "excluded": ["07", "08"], "event_kinds": ["lecture"]},
    ),
    (
        "Kogemuskohtumised toimuvad üks kord kvartalis ning neljandas kvartalis on paus.",
        "",
        {"period": "quarter", "min": 1, "excluded": ["Q4"], "event_kinds": ["experience_meeting"]},
    ),
    ("Korraldame keskmiselt 2 väljasõitu kuus.", "", {"period": "year", "min": 24, "event_kinds": ["excursion"]}),
    (
        "Aasta jooksul toimub vähemalt 6 teemakohtumist, suvel on kolm kuud paus.",
        "",
        # "aasta jooksul" is no cadence word here: the count with "vähemalt" is the year's
        {
            "period": "year",
            "min": 6,
            "event_kinds": ["thematic_meeting"],
            "pauses": [{"start": dt.date(2024, 6, 1), "end": dt.date(2024, 8, 31)}],
        },
    ),
    (
        "Kultuuriüritusi on kavas vähemalt kümme aastas.",
        "",
        {"period": "year", "min": 10, "event_kinds": ["cultural_event"]},
    ),
    (
        "Maakondlikke infopäevi peetakse vähemalt kord poolaastas erinevates maakondades.",
        "",
        # `distinct` is for yearly commitments; a half-year one counts events
        {"period": "half_year", "min": 1, "event_kinds": ["info_day"], "reach": "county"},
    ),
    (
        "Situatsioonikaardistuse kohtumine toimub kord nädalas I ja II kvartalis.",
        "",
        {"period": "week", "min": 1, "excluded": ["Q3", "Q4"], "event_kinds": ["situation_mapping"]},
    ),
    (
        "Tegevus toimub kaks korda kuus, olles kolmandas kvartalis pausil.",
        "Keelekohviku korraldamine",
        {"period": "month", "min": 2, "excluded": ["Q3"], "event_kinds": ["language_cafe"]},
    ),
    (
        "Üle-eestilisi koolitusi korraldatakse vähemalt 4 korda aastas.",
        "",
        {"period": "year", "min": 4, "event_kinds": ["training"], "reach": "national"},
    ),
    (
        "Töövarjupäevi on ette nähtud kuus korda aastas.",
        "",
        # "kuus" before "korda" is six, not "in a month"
        {"period": "year", "min": 6, "event_kinds": ["job_shadowing"]},
    ),
    (
        "Osaluskogu kohtumised toimuvad regulaarselt, sagedus lepitakse kokku.",
        "",
        {"period": "year", "open": True, "event_kinds": ["council_meeting"]},
    ),
    (
        "Klubi tegutseb igal nädalal, v.a III ja IV kvartal.",
        "",
        {"period": "week", "min": 1, "excluded": ["Q3", "Q4"], "event_kinds": ["conversation_club"]},
    ),
    (
        "2025. aastal toimub vähemalt 3 maakondlikku võrgustikukohtumist.",
        "",
        {"period": "year", "min": 3, "event_kinds": ["network_meeting"], "reach": "county"},
    ),
    (
        "Konverents toimub üks kord aastas.",
        "",
        {"period": "year", "min": 1, "event_kinds": ["conference"]},
    ),
    (
        "Väljasõite tehakse kuni 4 korda aastas.",
        "",
        {"period": "year", "min": 1, "max": 4, "event_kinds": ["excursion"]},
    ),
    (
        "Infopäevad toimuvad 1-2 korda kvartalis, v.a 3. kvartal.",
        "",
        {"period": "quarter", "min": 1, "max": 2, "excluded": ["Q3"], "event_kinds": ["info_day"]},
    ),
    (
        "Keelekohvik toimub kord nädalas, kuid suvel on 2 kuud paus.",
        "",
        {"period": "week", "min": 1, "excluded": ["07", "08"], "event_kinds": ["language_cafe"]},
    ),
]

NONE = [
    "Sihtgrupp: vähemalt 18-aastased uussisserändajad, erineva keele- ja kultuuritaustaga inimesed, tagasipöördujad.",
    "2024. aastal toimub elluviija eestvedamisel KOV-ide, sihtrühma ja sidusrühmade kogemuste kaardistamine ning "
    "ideekorje võrgustikukohtumiste, arutelude, intervjuude jmt meetodite kaudu.",
    "Sihtrühmaga kokku puutuvate spetsialistide võrgustiku arendamine teineteise toetamiseks. Tegevus toimub I, II ja "
    "IV kvartalis, olles III kvartalis pausil",
    "Läbitakse teenuste disaini protsessi kaks esimest etappi.",
    "2025. aastal jätkatakse arendamise ja valideerimise etapiga, et jõuda 2025. aasta teisel poolaastal "
    "juurutamise etappi.",
    "Facebooki grupis on ca 97 liiget.",
]


@pytest.mark.parametrize(
    ("sentence", "context", "expected"), SEED + OWN, ids=lambda v: v[:40] if isinstance(v, str) else ""
)
def test_reading(sentence, context, expected):
    found = recognise(sentence, year=2024, context=context)
    assert [c.as_rule() for c in found] == [expected]
    # the sentence it came from is kept, whole
    assert found[0].sentence in sentence
    assert found[0].words and all(part in found[0].sentence for part in found[0].words.split(" + "))


@pytest.mark.parametrize("sentence", NONE, ids=lambda v: v[:40])
def test_no_commitment(sentence):
    assert recognise(sentence, year=2024) == []


def test_suite_size():
    # at least 40 sentences, half of them written for the test in other words than the seed's
    assert len(SEED) + len(OWN) + len(NONE) >= 40
    assert len(OWN) + len(NONE) >= (len(SEED) + len(OWN) + len(NONE)) / 2


def test_rakvere_notes_say_what_was_assumed():
    [c] = recognise(
        "Toimub vähemalt 10 üritust aastas, keskmiselt 1 üritus kuus, kuid suvel on 2 kuud paus.", year=2024
    )
    assert "keskmiselt 1 üritus kuus" in c.note  # the average is named, not counted
    assert "juuli, august" in c.note  # the months are an assumption, and the note says so


def test_sum_of_two_cadences_is_explained():
    [c] = recognise("Toimub 2 korda aastas infopäev Tartus ning 2 korda aastas infopäev Pärnus.", year=2024)
    assert (c.min, c.period, c.event_kinds) == (4, "year", ["info_day"])
    assert "2 korda aastas + 2 korda aastas" in c.note


def test_two_sentences_two_commitments_each_with_its_sentence():
    text = "Keelekohvik toimub kord nädalas. Lisaks korraldatakse infopäev kord kvartalis."
    found = recognise(text, year=2024)
    assert [(c.period, c.event_kinds, c.sentence) for c in found] == [
        ("week", ["language_cafe"], "Keelekohvik toimub kord nädalas."),
        ("quarter", ["info_day"], "Lisaks korraldatakse infopäev kord kvartalis."),
    ]


def test_sentences_are_not_split_at_ordinal_dates():
    assert split_sentences("2024. aastal toimub koolitus. Lisaks v.a III kvartal on paus.") == [
        "2024. aastal toimub koolitus.",
        "Lisaks v.a III kvartal on paus.",
    ]


def test_titles_in_estonian():
    [c] = recognise("Maakondlikke infopäevi korraldatakse vähemalt üks kord poolaastas.", year=2024)
    assert c.title() == "Infopäev vähemalt 1 kord poolaastas"
    [c] = recognise("Väljasõidud toimuvad 2-3 korda aastas.", year=2024)
    assert c.title() == "Väljasõit 2–3 korda aastas"
