"""The recogniser of one-off deliverables, sentence by sentence, against readings written by hand.

SEED: sentences of the 2024 plan as printed. OWN: sentences written for this test in other words
(other verbs, word order, due dates said in the sentence) — the kind of text a 2025 plan may hold.
NONE: sentences that promise no one-off result and must give none. Each expected reading is
(object, title, due date or None) worked out from the words; the plan year is 2025 unless said.
"""

import datetime as dt

import pytest

from loim.plans.wordimport.deliverables import due_of, recognise_deliverables

SEED = [
    (
        "ELVL planeerib 2024. aastal ELVL-i nõuniku alluvusse koordinaatori palkamist.",
        [("coordinator", "Koordinaator on tööle võetud", None)],
    ),
    (
        "2024. aasta luuakse juhtrühm ja kaasatakse ekspert  kohanemisteekondade mudeli loomise "
        "lähteülesande koostamiseks",
        [("steering-group", "Juhtrühm on loodud", None)],
    ),
    (
        "ELVL-i  koordinaatori värbamine, arutelu võrgustikes, hanke korraldamine teenusedisaineri- ja/või "
        "konsultatsiooniteenuse saamiseks",
        [("coordinator", "Koordinaator on tööle võetud", None), ("procurement", "Hange on korraldatud", None)],
    ),
    ("Teenuslepingu sõlmimine, sisuline töö", [("service-contract", "Teenusleping on sõlmitud", None)]),
    (
        "Läbitakse teenuste disaini protsessi kaks esimest etappi: uuritakse teenuse protsessi ja defineeritakse "
        "probleem ning jõutakse kolmandasse, arendamise etappi – lahenduste väljapakkumise faasi.",
        [("design-stages", "Teenuste disaini protsessi kaks esimest etappi on läbitud", None)],
    ),
    (
        "Omavahelise valdkondliku info jagamiseks võrgustiku siseselt on plaanis luua ühine "
        "kommunikatsiooniplatvorm, kuhu on koondatud vajalik info võrgustikuliikmetele.",
        [("platform", "Kommunikatsiooniplatvorm on loodud", None)],
    ),
    (
        "Jaanuaris 2024 värvatakse teine koordinaator.",
        [("coordinator", "Teine koordinaator on tööle võetud", dt.date(2024, 1, 31))],
    ),
    (
        "Koostatakse KOV tegevuskava sihtrühma kohanemise ja lõimumise toetamiseks Tallinna linnas.",
        [("action-plan", "Tegevuskava on koostatud", None)],
    ),
    (
        "Lõimumisalane konverents „Lõimumisaken 2024“ on suunatud Tallinna linna sihtrühma teenuste ja "
        "tugivõrgustiku arendamisele.",
        [("conference", "Konverents „Lõimumisaken 2024“ on toimunud", None)],
    ),
    (
        "Luuakse Tallinna tasandil rahvusgruppide osaluskogu ehk Lõimumiskoda, mille ettevalmistavaid "
        "tegevusi alustati 2023. aastal.",
        [("council", "Lõimumiskoda on loodud", None)],
    ),
    (
        "Luuakse uussisserändajate kontaktinfo andmebaas.",
        [("contact-database", "Kontaktinfo andmebaas on loodud", None)],
    ),
    (
        "Näiteks luuakse sisserännanud noorte emade beebiklubi teise kultuurilise taustaga kodustele emadele.",
        [("baby-club", "Beebiklubi on loodud", None)],
    ),
    (
        "Pärnu linna tegevuskava koostamine lõimumise, sh kohanemise valdkonnas",
        [("action-plan", "Pärnu tegevuskava on koostatud", None)],
    ),
]

OWN = [
    (
        "Narva linn võtab hiljemalt 31.03.2025 tööle kohanemise koordinaatori.",
        [("coordinator", "Koordinaator on tööle võetud", dt.date(2025, 3, 31))],
    ),
    (
        "Koordinaator on tööle võetud 2025. aasta I kvartali lõpuks.",
        [("coordinator", "Koordinaator on tööle võetud", dt.date(2025, 3, 31))],
    ),
    (
        "Teenusedisaini hange korraldatakse 2025. aasta esimesel poolaastal.",
        [("procurement", "Hange on korraldatud", dt.date(2025, 6, 30))],
    ),
    (
        "Juhtrühm moodustatakse veebruariks ning see kohtub kord kvartalis.",
        [("steering-group", "Juhtrühm on loodud", dt.date(2025, 2, 28))],
    ),
    (
        "Valla tegevuskava koostatakse septembri lõpuks koostöös kohalike organisatsioonidega.",
        [("action-plan", "Valla tegevuskava on koostatud", dt.date(2025, 9, 30))],
    ),
    (
        "Sõlmitakse teenusleping disainibürooga, töö algab augustist.",
        [("service-contract", "Teenusleping on sõlmitud", None)],
    ),
    (
        "Novembris korraldatakse konverents „Lõimumisaken 2025“ Tallinna spetsialistidele.",
        [("conference", "Konverents „Lõimumisaken 2025“ on toimunud", dt.date(2025, 11, 30))],
    ),
    (
        "Jõhvi vallas asutatakse rahvusvähemuste osaluskogu teisel poolaastal.",
        [("council", "Osaluskogu on loodud", dt.date(2025, 12, 31))],
    ),
    (
        "Uussisserändajate andmebaas on loodud ja seda täiendatakse jooksvalt.",
        [("contact-database", "Andmebaas on loodud", None)],
    ),
    (
        "Kevadel käivitatakse lapsevanematele beebiklubi, mis kohtub kaks korda kuus.",
        [("baby-club", "Beebiklubi on loodud", None)],
    ),
]

NONE = [
    "Luuakse suhtlusklubisid, kaasates sihtrühma.",  # plural: ongoing work, no one result
    "Pärnu ettevõtetega kontaktide loomine ja personalivaldkonna töötajatega koostöö algatamine.",
    "1. Partnerluslepingute sõlmimise ettevalmistused",  # preparations, not the agreement
    "Tegevuskava koostamise ajal ei ole võimalik täpsustada, kui tihti kohtumised toimuvad.",
    "Tegevus toimub kord nädalas I, II ja IV kvartalis, olles III kvartalis pausil",
    "Koordinaatori ülesandeks jääb jätkuvalt valdkondliku teabe haldamine.",
    "Spetsialistid osalevad vajadusel konverentsidel.",
    "Lõimumiskoja kohtumised toimuvad kord kvartalis; 2024. aastal loodud Lõimumiskoda kaasab uusi liikmeid.",
    "3.1. Osaluskogu ehk Lõimumiskoja (loodud 2024) hoidmine",  # founded the year before
]


def _read(sentence: str, year: int) -> list[tuple]:
    return [(d.object, d.title, d.due) for d in recognise_deliverables(sentence, year=year)]


@pytest.mark.parametrize(("sentence", "expected"), SEED, ids=[s[:40] for s, _e in SEED])
def test_seed_sentences(sentence, expected):
    assert _read(sentence, 2024) == expected


@pytest.mark.parametrize(("sentence", "expected"), OWN, ids=[s[:40] for s, _e in OWN])
def test_own_sentences(sentence, expected):
    assert _read(sentence, 2025) == expected


@pytest.mark.parametrize("sentence", NONE, ids=[s[:40] for s in NONE])
def test_sentences_without_a_deliverable(sentence):
    assert _read(sentence, 2025) == []


def test_enough_sentences():
    assert len(SEED) + len(OWN) >= 15 and len(OWN) * 2 >= len(SEED) + len(OWN) - 3


def test_a_start_is_not_a_due_date():
    assert due_of("Hange aprillist, teenusleping augustist.", year=2024) == (None, "", "aprillist")


def test_a_day_that_does_not_exist_is_no_due_date():
    assert due_of("hiljemalt 31.02.2025", year=2025)[0] is None
