"""Recognising one-off deliverables in the Estonian text of an action plan.

"ELVL planeerib … koordinaatori palkamist", "luuakse juhtrühm", "hanke korraldamine …",
"Teenuslepingu sõlmimine", "Läbitakse … kaks esimest etappi", "on plaanis luua ühine
kommunikatsiooniplatvorm", "Koostatakse KOV tegevuskava …", "konverents „Lõimumisaken 2024“",
"Luuakse … Lõimumiskoda", "Luuakse … kontaktinfo andmebaas", "luuakse … beebiklubi" — a promise
made once, whose result is a thing (a post filled, a body founded, a contract, a document, an event
held). Each reading is a deliverable of the plan file (docs/plan-format.md, "Deliverables"): a title
in the plan's words, the sentence it came from and, where the sentence says when ("jaanuaris 2025",
"hiljemalt 30.06.2025", "I kvartali lõpuks", "esimesel poolaastal"), its due date.

Like the commitment recogniser, a small hand-written grammar, not a model: a deliverable needs an
action word of its kind (hire, found, procure, contract, draft, hold, pass) *and* one of the objects
the plans promise (a coordinator, a steering group, a council, a database, a platform, a club, an
action plan, a contract, a conference, design stages). "kontakti loomine", "võimaluse loomine",
"partnerluslepingute sõlmimise ettevalmistused" and a plural ("luuakse suhtlusklubisid": ongoing
work, not one result) are not deliverables.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .commitments import split_sentences

# (object, pattern of the sentence (lower case), title in the plan's words)
# the order matters: the first match of a sentence wins for its object, and a sentence may hold
# several objects ("koordinaatori värbamine, …, hanke korraldamine").
FOUND = r"(?:luuakse|luua|loomine|loodud|asutatakse|asutamine|asutatud|käivitatakse|moodustatakse|moodustamine)"
OBJECTS: list[tuple[str, re.Pattern, str]] = [
    (
        "coordinator",
        re.compile(
            r"koordinaator\w*\s+(?:\w+\s+){0,2}(?:palkami\w*|värbami\w*|tööle\s+võ\w+)"
            r"|(?:palka\w*|palga\w*|värva\w*|värba\w*|võetakse\s+tööle|tööle\s+võetakse)\s+(?:\S+\s+){0,6}?koordinaator"
            r"|koordinaator\w*\s+(?:on\s+)?tööle\s+võetud"
            r"|võta\w*\s+(?:\S+\s+){0,3}tööle\s+(?:\S+\s+){0,3}koordinaator"
        ),
        "Koordinaator on tööle võetud",
    ),
    (
        "manager",
        re.compile(
            r"(?:palka\w*|palga\w*|värva\w*|värba\w*|võetakse\s+tööle)\s+(?:\S+\s+){0,6}?\S*(?:juhi|juht)\b"
            r"|\S*(?:juhi|juht)\w*\s+(?:palkami\w*|värbami\w*)"
        ),
        "Valdkonna juht on tööle võetud",
    ),
    (
        "steering-group",
        re.compile(rf"{FOUND}\s+(?:\S+\s+){{0,3}}juhtrühm|juhtrühm\w*\s+(?:on\s+)?{FOUND}"),
        "Juhtrühm on loodud",
    ),
    (
        "procurement",
        re.compile(
            r"\bhan(?:ge|ke)\s+(?:korraldami\w*|korraldatakse|välja\s+kuulutami\w*|on\s+korraldatud)|korraldatakse\s+hange|\bhange\s+\w+(?:st|lt)\b"
        ),
        "Hange on korraldatud",
    ),
    (
        "service-contract",
        re.compile(
            r"(?:teenus)?lepingu\s+sõlmimine|sõlmitakse\s+(?:\S+\s+){0,3}\S*leping\b|teenus(?:leping)\s+(?:on\s+)?sõlmitud|\bteenusleping\s+\w+(?:st|lt)\b"
        ),
        "Teenusleping on sõlmitud",
    ),
    (
        "design-stages",
        re.compile(
            r"läbitakse\s+(?P<what>(?:\S+\s+){0,6}?etap\w*)|(?P<what2>(?:\S+\s+){0,4}etapid)\s+(?:on\s+)?läbitud"
        ),
        "",  # from the words: "Teenuste disaini protsessi kaks esimest etappi on läbitud"
    ),
    (
        "platform",
        re.compile(rf"{FOUND}\s+(?:\S+\s+){{0,3}}\S*platvorm|\S*platvormi\s+{FOUND}|\S*platvorm\s+(?:on\s+)?loodud"),
        "Kommunikatsiooniplatvorm on loodud",
    ),
    (
        "council",
        re.compile(
            rf"{FOUND}\s+(?:\S+\s+){{0,4}}(?:osaluskogu|lõimumiskoda)\b|(?:osaluskogu|lõimumiskoja)\s+(?:\S+\s+){{0,2}}{FOUND}|(?:osaluskogu|lõimumiskoda)\s+(?:on\s+)?(?:loodud|asutatud)"
        ),
        "",  # "Lõimumiskoda on loodud" where the plan names it, else "Osaluskogu on loodud"
    ),
    (
        "contact-database",
        re.compile(
            rf"{FOUND}\s+(?:\S+\s+){{0,3}}\S*andmebaas\b|\S*andmebaasi\s+{FOUND}|\S*andmebaas\s+(?:on\s+)?loodud"
        ),
        "Kontaktinfo andmebaas on loodud",
    ),
    (
        "baby-club",
        re.compile(rf"{FOUND}\s+(?:\S+\s+){{0,5}}beebiklubi\b|beebiklubi\s+(?:on\s+)?{FOUND}"),
        "Beebiklubi on loodud",
    ),
    (
        "action-plan",
        re.compile(
            r"koostatakse\s+(?:\S+\s+){0,3}tegevuskava\b|\btegevuskava\s+(?:koostamine|koostatakse)|tegevuskava\s+(?:on\s+)?koostatud"
        ),
        "",  # "<Whose> tegevuskava on koostatud"
    ),
    (
        "conference",
        re.compile(r"konverents\w*(?:\s+„(?P<name>[^“”\"]+)[“”\"])?"),
        "",  # "Konverents „Lõimumisaken 2024“ on toimunud"
    ),
]
SLUG = {"coordinator": "coordinator", "manager": "manager"}

ORDINAL_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "esimes": 1, "teis": 2, "kolmand": 3, "neljand": 4}
DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
# the stems every case of a month name starts with: "septembris", "septembri lõpuks", "veebruariks"
MONTH_NUMBERS = {
    "jaanuar": 1,
    "veebruar": 2,
    "märts": 3,
    "aprill": 4,
    "mai": 5,
    "juun": 6,
    "juul": 7,
    "august": 8,
    "septemb": 9,
    "oktoob": 10,
    "novemb": 11,
    "detsemb": 12,
}
MONTH_STEMS = "|".join(MONTH_NUMBERS)


@dataclass
class Deliverable:
    """One recognised deliverable: what, the sentence, when (if the sentence says), and how it was read."""

    sentence: str
    object: str  # coordinator, steering-group, procurement, …
    title: str
    due: dt.date | None = None  # when the sentence names it
    due_words: str = ""  # the words that gave the due date
    starts: str = ""  # "aprillist": the work starts then; the due date is not said
    words: str = ""  # the words that gave the deliverable


def _month_of(word: str) -> int | None:
    return next((number for stem, number in MONTH_NUMBERS.items() if word.startswith(stem)), None)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def due_of(sentence: str, *, year: int) -> tuple[dt.date | None, str, str]:
    """(due date, the words, a start such as "aprillist") said in a sentence; the plan year unless
    the sentence names another."""
    low = sentence.lower()
    m = re.search(r"(?:hiljemalt|tähtajaga|tähtajaks|kuni)\s+(\d{1,2}\.\d{1,2}\.\d{4})", low) or re.search(
        r"\b(\d{1,2}\.\d{1,2}\.\d{4})(?:-?ks|\s+seisuga)\b", low
    )
    if m:
        day, month, y = (int(x) for x in m.group(1).split("."))
        try:
            return dt.date(y, month, day), m.group(0), ""
        except ValueError:
            pass
    year_m = re.search(r"\b(20\d\d)\b", low)
    y = int(year_m.group(1)) if year_m else year
    # "I kvartali lõpuks", "esimeses kvartalis", "2025. aasta teiseks kvartaliks"
    m = re.search(r"\b(iv|iii|ii|i|esimes\w*|teis\w*|kolmand\w*|neljand\w*)\s+kvartal(?:i\s+lõpuks|is|iks)\b", low)
    if m:
        word = m.group(1)
        quarter = ORDINAL_QUARTERS.get(word) or next((v for k, v in ORDINAL_QUARTERS.items() if word.startswith(k)), 1)
        return _last_day(y, 3 * quarter), m.group(0), ""
    m = re.search(r"\b(i|ii|esimes\w*|teis\w*)\s+poolaasta(?:l|\s+lõpuks|ks)\b", low)
    if m:
        first = m.group(1) in ("i",) or m.group(1).startswith("esimes")
        return (dt.date(y, 6, 30) if first else dt.date(y, 12, 31)), m.group(0), ""
    m = re.search(rf"\b(?:alates\s+)?((?:{MONTH_STEMS})\w{{0,3}}?)(?:ist|st)\b", low)
    starts = m.group(0) if m else ""
    m = re.search(rf"\b((?:{MONTH_STEMS})\w{{0,3}}?)(?:is|ks|\s+lõpuks)\b(?:\s+(20\d\d))?", low)
    if m:
        found_month = _month_of(m.group(1))
        if found_month:
            return _last_day(int(m.group(2)) if m.group(2) else y, found_month), m.group(0), starts
    return None, "", starts


def _title(kind: str, default: str, match: re.Match, sentence: str) -> str:
    low = sentence.lower()

    def group(name: str) -> str:
        # the match is on the lower-cased sentence (same length): the plan's own casing from its positions
        return sentence[match.start(name) : match.end(name)] if match.group(name) else ""

    if kind == "design-stages":
        what = (group("what") or group("what2")).strip(" :")
        return f"{what[:1].upper()}{what[1:]} on läbitud" if what else "Etapid on läbitud"
    if kind == "council":
        return "Lõimumiskoda on loodud" if "lõimumiskoda" in low or "lõimumiskoja" in low else "Osaluskogu on loodud"
    if kind == "action-plan":
        m = re.search(r"(\w+)\s+(?:edasise\s+)?(?:\w+\s+)?tegevuskava", sentence)
        whose = m.group(1) if m else ""
        if whose.lower() in {"koostatakse", "kov", "ühine", "uus"} or not whose:
            return "Tegevuskava on koostatud"
        return f"{whose[:1].upper()}{whose[1:]} tegevuskava on koostatud"
    if kind == "conference":
        name = group("name")
        return f"Konverents „{name}“ on toimunud" if name else "Konverents on toimunud"
    if kind == "coordinator" and re.search(r"\b(teine|teise)\s+koordinaator", low):
        return "Teine koordinaator on tööle võetud"
    if kind == "contact-database" and "kontaktinfo" not in low:
        return "Andmebaas on loodud"
    return default


def _done_before(low: str, match: re.Match, year: int) -> bool:
    """Whether the words name a result of an earlier year: a year before the plan's just before or after them."""
    around = low[max(0, match.start() - 25) : match.end() + 10]
    return any(int(y) < year for y in re.findall(r"\b(20\d\d)\b", around))


def recognise_deliverables(text: str, *, year: int) -> list[Deliverable]:
    """Every deliverable in `text` (a paragraph, bullet or schedule row), each with its sentence."""
    found: list[Deliverable] = []
    for sentence in split_sentences(text):
        found.extend(recognise_deliverable_sentence(sentence, year=year))
    return found


def recognise_deliverable_sentence(sentence: str, *, year: int) -> list[Deliverable]:
    low = " ".join(sentence.lower().split())
    normal = " ".join(sentence.split())
    out: list[Deliverable] = []
    for kind, pattern, default in OBJECTS:
        match = pattern.search(low)
        if not match:
            continue
        if kind == "conference" and not (
            match.group("name") or re.search(r"(korraldatakse|toimub|korraldamine|ettevalmistus)", low)
        ):
            continue  # "konverentsil osalemine" is no conference of our own
        if kind == "manager" and any(d.object == "coordinator" for d in out):
            continue
        if _done_before(low, match, year):
            continue  # "2024. aastal loodud Lõimumiskoda", "Lõimumiskoja (loodud 2024)": done in an earlier year
        due, due_words, starts = due_of(normal, year=year)
        out.append(
            Deliverable(
                sentence=normal,
                object=kind,
                title=_title(kind, default, match, normal),
                due=due,
                due_words=due_words,
                starts=starts,
                words=normal[match.start() : match.end()],
            )
        )
    return out
