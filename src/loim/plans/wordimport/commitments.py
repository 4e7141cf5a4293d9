"""Recognising commitments in the Estonian narrative of an action plan.

"vähemalt kord kuus", "kord nädalas I, II ja IV kvartalis", "vähemalt 10 üritust aastas",
"2–3 korda aastas", "üks kord kvartalis", "v.a kolmas kvartal", "suvel on 2 kuud paus" … Each
recognised commitment keeps the sentence it came from and is expressed in the plan file's
commitment schema (docs/plan-format.md, "Commitments"): period, min, max, excluded, pauses, open,
event kinds, reach, distinct.

The recogniser is a small hand-written grammar over word tokens, not a statistical model: every
reading can be explained by the words it matched (`Commitment.words`), and what it cannot decide
(which summer months pause, a cadence still to be agreed) is said in `note`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

PERIOD_ORDER = ("week", "month", "quarter", "half_year", "year")

# number words in the cases the plans use them ("kaks", "kahe", …); "kuus" (six) is handled apart,
# because it is also "in a month"
NUMBER_WORDS = {
    "üks": 1,
    "ühe": 1,
    "üht": 1,
    "ühte": 1,
    "kaks": 2,
    "kahe": 2,
    "kahte": 2,
    "kolm": 3,
    "kolme": 3,
    "neli": 4,
    "nelja": 4,
    "viis": 5,
    "viie": 5,
    "viit": 5,
    "kuue": 6,
    "seitse": 7,
    "seitsme": 7,
    "kaheksa": 8,
    "üheksa": 9,
    "kümme": 10,
    "kümne": 10,
    "kaksteist": 12,
    "kaheteist": 12,
}
ONCE_WORDS = {"kord", "korra", "ühekordselt"}
TIMES_WORDS = {"korda", "kord", "korra"}
AT_LEAST = {"vähemalt", "minimaalselt", "min"}
AVERAGE = {"keskmiselt"}
AT_MOST = {"kuni", "maksimaalselt"}
REGULAR = re.compile(r"^(regulaar|korrapära)")

# period words: the token (lower case) → period
PERIOD_WORDS = {
    "nädalas": "week",
    "nädalal": "week",
    "kuus": "month",
    "kuul": "month",
    "kvartalis": "quarter",
    "poolaastas": "half_year",
    "aastas": "year",
}
# "iga kuu", "igal nädalal", "igas kvartalis": the period word after "iga(l/s)" means the same
EVERY = {"iga", "igal", "igas"}
EVERY_PERIOD = {
    "nädal": "week",
    "kuu": "month",
    "kuul": "month",
    "kvartal": "quarter",
    "poolaasta": "half_year",
    "aasta": "year",
    "aastal": "year",
    "poolaastal": "half_year",
}

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ORDINALS = {
    "esimene": 1,
    "esimeses": 1,
    "esimesel": 1,
    "esimest": 1,
    "esimese": 1,
    "teine": 2,
    "teises": 2,
    "teisel": 2,
    "teist": 2,
    "teise": 2,
    "kolmas": 3,
    "kolmandas": 3,
    "kolmanda": 3,
    "kolmandat": 3,
    "neljas": 4,
    "neljandas": 4,
    "neljanda": 4,
    "neljandat": 4,
}
MONTHS = {
    "jaanuar": 1,
    "veebruar": 2,
    "märts": 3,
    "aprill": 4,
    "mai": 5,
    "juuni": 6,
    "juuli": 7,
    "august": 8,
    "september": 9,
    "oktoober": 10,
    "november": 11,
    "detsember": 12,
}

# event kinds by word stem; specific stems first. `generic` stems (a bare "kohtumine") count only
# when nothing more specific is said.
KIND_STEMS: list[tuple[re.Pattern, str, bool]] = [
    (re.compile(r"situatsioonikaardistus"), "situation_mapping", False),
    (re.compile(r"(lõimumiskoja|osaluskogu)\w*\s+(\w+\s+)?kohtumi"), "council_meeting", False),
    (re.compile(r"kogemuskohtumi"), "experience_meeting", False),
    (re.compile(r"teemakohtumi"), "thematic_meeting", False),
    (re.compile(r"võrgustiku\s?kohtumi"), "network_meeting", False),
    (re.compile(r"infopäev"), "info_day", False),
    (re.compile(r"(õppereis|õppevisiit|koolitusreis)"), "study_trip", False),
    (re.compile(r"koolitus(?!vajadus|reis|valdkon)"), "training", False),
    (re.compile(r"keelekohvik"), "language_cafe", False),
    (re.compile(r"(suhtlusklubi|klubitegevus|klubi)"), "conversation_club", False),
    (re.compile(r"väljasõi"), "excursion", False),
    (re.compile(r"infotun"), "info_session", False),
    (re.compile(r"\bloeng"), "lecture", False),
    (re.compile(r"konverents"), "conference", False),
    (re.compile(r"töövarjupäev"), "job_shadowing", False),
    (re.compile(r"(ühisüritus|kultuuriüritus|\büritus|\büritu)"), "cultural_event", False),
    (re.compile(r"\bkohtumi|\bkohtu(b|vad)\b"), "network_meeting", True),
]
# the event noun in its dictionary form, for a commitment stated by the noun alone ("korraldatakse
# 2024. aastal … õppereis"): only these forms, so that "võrgustikukohtumiste kaudu" is not read as one
SINGULAR_NOUNS = {
    "õppereis": "study_trip",
    "õppevisiit": "study_trip",
    "koolitus": "training",
    "infopäev": "info_day",
    "konverents": "conference",
}
COUNTY = re.compile(r"maakondli|\bmaakonna\b")
NATIONAL = re.compile(r"(üleriigili|üle-eestili|üle eesti)")
DISTINCT_REGION = re.compile(r"(erinevates|eri)\s+(regioonides|maakondades|piirkondades)")
YEAR_PHRASE = re.compile(r"\b(19|20)\d\d\.\s+aastal\b")
SUMMER_PAUSE = re.compile(
    r"suvel\s+(?:on\s+)?(?:(?P<n>\d+|kaks|kolm|üks|ühe)\s+kuu(?:d|ne)?\s+)?paus|suvepaus|suvekuudel\s+pausil"
)
KIND_NAMES_ET = {
    "info_day": "infopäev",
    "training": "koolitus",
    "study_trip": "õppereis",
    "network_meeting": "võrgustikukohtumine",
    "experience_meeting": "kogemuskohtumine",
    "conversation_club": "suhtlusklubi",
    "language_cafe": "keelekohvik",
    "cultural_event": "üritus",
    "excursion": "väljasõit",
    "info_session": "infotund",
    "lecture": "loeng",
    "conference": "konverents",
    "thematic_meeting": "teemakohtumine",
    "situation_mapping": "situatsioonikaardistuse kohtumine",
    "council_meeting": "osaluskogu kohtumine",
    "job_shadowing": "töövarjupäev",
}
PERIOD_NAMES_ET = {
    "week": "nädalas",
    "month": "kuus",
    "quarter": "kvartalis",
    "half_year": "poolaastas",
    "year": "aastas",
}

TOKEN = re.compile(r"\d+(?:[-–]\d+)?|[\wõäöüšž]+(?:-[\wõäöüšž]+)*|[(),;:]", re.IGNORECASE)


@dataclass
class Commitment:
    """One recognised commitment, in the plan file's terms, with the sentence it came from."""

    sentence: str
    period: str
    min: int | None = None
    max: int | None = None
    excluded: list[str] = field(default_factory=list)
    pauses: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    open: bool = False
    event_kinds: list[str] = field(default_factory=list)
    reach: str = ""
    distinct: str = ""
    note: str = ""
    words: str = ""  # the words that gave the cadence, e.g. "vähemalt kord kuus"

    def as_rule(self) -> dict:
        """The fields of the plan file's commitment schema this reading fills."""
        rule: dict = {"period": self.period}
        if self.open:
            rule["open"] = True
        if self.min is not None:
            rule["min"] = self.min
        if self.max is not None:
            rule["max"] = self.max
        if self.excluded:
            rule["excluded"] = list(self.excluded)
        if self.pauses:
            rule["pauses"] = [{"start": s, "end": e} for s, e in self.pauses]
        if self.event_kinds:
            rule["event_kinds"] = list(self.event_kinds)
        if self.reach:
            rule["reach"] = self.reach
        if self.distinct:
            rule["distinct"] = self.distinct
        return rule

    def title(self) -> str:
        """A short Estonian title in the plan's words: "Suhtlusklubi vähemalt 1 kord nädalas (v.a III kvartal)"."""
        kind = KIND_NAMES_ET.get(self.event_kinds[0], "tegevus") if self.event_kinds else "tegevus"
        if self.open:
            text = f"{kind.capitalize()}: korrapärane, sagedus lepitakse kokku"
        else:
            ranged = self.max is not None and self.max != self.min
            count = f"{self.min}–{self.max}" if ranged else f"{self.min}"
            times = "kord" if count == "1" else "korda"
            at_least = "" if ranged else "vähemalt "
            text = f"{kind.capitalize()} {at_least}{count} {times} {PERIOD_NAMES_ET[self.period]}"
        if self.excluded:
            text += " (v.a " + ", ".join(self.excluded) + ")"
        if self.pauses:
            text += " (pausiga)"
        return text


@dataclass
class _Token:
    text: str
    low: str
    start: int
    end: int


def split_sentences(text: str) -> list[str]:
    """Sentences of a text: a line (paragraph, bullet, table cell) is split at '.', '!' or '?'
    followed by a space and a capital letter or a digit — so "2024. aastal" and "v.a kolmas" stay
    whole, and "… tõlketeenust. 2024. aastal …" is two sentences."""
    sentences = []
    for line in text.splitlines():
        line = line.strip().lstrip("·•-–* \t").strip()
        if not line:
            continue
        start = 0
        for match in re.finditer(r"[.!?](?=\s+[A-ZÕÄÖÜŠŽ0-9„“\"])", line):
            end = match.end()
            # "2024. aastal" is never a boundary; "… 2024. Lisaks …" would be, and is fine
            piece = line[start:end].strip()
            if piece:
                sentences.append(piece)
            start = end
        piece = line[start:].strip()
        if piece:
            sentences.append(piece)
    return sentences


def _tokens(sentence: str) -> list[_Token]:
    return [_Token(m.group(), m.group().lower(), m.start(), m.end()) for m in TOKEN.finditer(sentence)]


def _number(token: _Token, next_token: _Token | None) -> tuple[int, int | None] | None:
    """(min, max) of a count token: "2", "2-3", "kaks", "kuus" only before "korda"."""
    low = token.low.replace("–", "-")
    if re.fullmatch(r"\d+-\d+", low):
        a, b = (int(x) for x in low.split("-"))
        return (a, b) if a <= b else None
    if low.isdigit():
        return int(low), None
    if low in NUMBER_WORDS:
        return NUMBER_WORDS[low], None
    if low == "kuus" and next_token is not None and next_token.low in TIMES_WORDS | {"korda"}:
        return 6, None
    return None


def _is_period_token(tokens: list[_Token], i: int) -> str | None:
    token = tokens[i]
    period = PERIOD_WORDS.get(token.low)
    if token.low in EVERY_PERIOD and i and tokens[i - 1].low in EVERY:
        return EVERY_PERIOD[token.low]  # "iga kuu", "igal aastal"
    if period is None:
        return None
    if token.low == "kuus":
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.low in {"korda", "kord"}:
            return None  # "kuus korda aastas": six
        # "kuus üritust aastas": six, when a period word follows closely
        for later in tokens[i + 1 : i + 4]:
            if later.low in PERIOD_WORDS and later.low != "kuus":
                return None
    # "I, II ja IV kvartalis", "III kvartalis pausil", "teisel poolaastal": which periods, not a cadence
    prev = tokens[i - 1] if i else None
    if prev is not None and (prev.low in ROMAN or prev.low in ORDINALS):
        return None
    return period


def _kinds(text: str, near: int | None = None) -> list[str]:
    low = text.lower()
    found: list[tuple[int, int, str]] = []  # (generic, distance, kind)
    for pattern, kind, generic in KIND_STEMS:
        for match in pattern.finditer(low):
            distance = abs(match.start() - near) if near is not None else match.start()
            found.append((int(generic), distance, kind))
    if not found:
        return []
    specific = [f for f in found if not f[0]]
    best = min(specific or found)
    return [best[2]]


def _quarters(words: list[str]) -> set[int]:
    return {ROMAN.get(w) or ORDINALS.get(w) or 0 for w in words} - {0}


def _excluded_periods(low: str) -> tuple[set[int], set[int], list[str]]:
    """(excluded quarters, excluded months, notes) said in a sentence."""
    quarters: set[int] = set()
    months: set[int] = set()
    notes: list[str] = []
    numeral = r"(?:i{1,3}|iv|esime\w*|teis\w*|teine|kolma\w*|neljan?\w*|[1-4]\.)"
    # "v.a kolmas kvartal", "välja arvatud III kvartal", "va III ja IV kvartal"
    for m in re.finditer(
        rf"(?:v\.\s?a\.?|välja arvatud|\bva\b)\s+((?:{numeral}(?:\s*,\s*|\s+ja\s+)?)+)\s*kvartal", low
    ):
        quarters |= _quarters(_numeral_words(m.group(1)))
    # "III kvartalis pausil", "pausil III kvartalis", "III kvartalis paus"
    for m in re.finditer(rf"((?:{numeral}(?:\s*,\s*|\s+ja\s+)?)+)\s*kvartal\w*\s+(?:on\s+)?paus", low):
        quarters |= _quarters(_numeral_words(m.group(1)))
    for m in re.finditer(rf"paus\w*\s+((?:{numeral}(?:\s*,\s*|\s+ja\s+)?)+)\s*kvartal", low):
        quarters |= _quarters(_numeral_words(m.group(1)))
    # "kord nädalas I, II ja IV kvartalis" (not followed by "pausil"): the quarters not named are excluded
    for m in re.finditer(rf"((?:{numeral}(?:\s*,\s*|\s+ja\s+))+{numeral})\s*kvartalis(?!\s+(?:on\s+)?paus)", low):
        named = _quarters(_numeral_words(m.group(1)))
        if named:
            quarters |= {1, 2, 3, 4} - named
    # months: "v.a juuli ja august", "juulis ja augustis pausil"
    month_re = "|".join(MONTHS)
    for m in re.finditer(rf"(?:v\.\s?a\.?|välja arvatud)\s+((?:(?:{month_re})\w*(?:\s*,\s*|\s+ja\s+)?)+)", low):
        months |= {MONTHS[w] for w in re.findall(month_re, m.group(1))}
    for m in re.finditer(rf"((?:(?:{month_re})\w*(?:\s*,\s*|\s+ja\s+)?)+)\s+(?:on\s+)?paus", low):
        months |= {MONTHS[w] for w in re.findall(month_re, m.group(1))}
    return quarters, months, notes


def _numeral_words(text: str) -> list[str]:
    words = re.findall(r"[\wõäöü]+\.?", text)
    out = []
    for word in words:
        if re.fullmatch(r"[1-4]\.", word):
            out.append(["i", "ii", "iii", "iv"][int(word[0]) - 1])
        else:
            out.append(word.rstrip("."))
    return out


def _summer(low: str) -> int | None:
    """How many summer months pause ("suvel on 2 kuud paus" → 2; "suvepaus" → 2 by assumption)."""
    m = SUMMER_PAUSE.search(low)
    if not m:
        return None
    n = m.groupdict().get("n")
    if not n:
        return 2
    return int(n) if n.isdigit() else NUMBER_WORDS.get(n, 2)


def _month_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    end = dt.date(year + (last == 12), (last % 12) + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, first, 1), end


def recognise(text: str, *, year: int, context: str = "") -> list[Commitment]:
    """Every commitment in `text` (a paragraph, bullet or schedule row), each with its sentence.

    `context` is the text around it (the row's parents, the activity's title): it names the event
    kind where the sentence itself does not ("Tegevus toimub kord nädalas …" under "klubitegevuse
    korraldamine"). `year` dates the pauses.
    """
    found: list[Commitment] = []
    sentences = split_sentences(text)
    for index, sentence in enumerate(sentences):
        before = " ".join(reversed(sentences[:index]))
        found.extend(recognise_sentence(sentence, year=year, context=" ".join(x for x in (before, context) if x)))
    return found


def recognise_sentence(sentence: str, *, year: int, context: str = "") -> list[Commitment]:
    tokens = _tokens(sentence)
    low = sentence.lower().replace("–", "-")
    cadences: list[tuple[str, int, int | None, str, int, bool]] = []  # period, min, max, words, pos, average
    used: set[int] = set()
    for i, _token in enumerate(tokens):
        period = _is_period_token(tokens, i)
        if period is None:
            continue
        minimum = maximum = None
        first = i
        average = False
        qualifier_seen = False
        # look back over at most six words for the count and its qualifier
        j = i - 1
        while j >= 0 and i - j <= 6:
            t = tokens[j]
            if t.low in {";", ":"} or j in used or _is_period_token(tokens, j):
                break
            if t.low in EVERY:
                minimum = minimum or 1
                first = j
            elif minimum is None and (n := _number(t, tokens[j + 1] if j + 1 < len(tokens) else None)):
                minimum, maximum = n
                first = j
            elif minimum is None and t.low in ONCE_WORDS:
                # "kord kuus" = 1, unless a number stands before it ("üks kord", "2 korda")
                prev = tokens[j - 1] if j else None
                n = _number(prev, t) if prev is not None else None
                if n:
                    minimum, maximum = n
                    first = j - 1
                    j -= 1
                else:
                    minimum = 1
                    first = j
            elif t.low in AT_LEAST:
                qualifier_seen = True
                first = j
                break
            elif t.low in AVERAGE:
                average = True
                first = j
                break
            elif t.low in AT_MOST and minimum is not None:
                maximum, minimum = minimum, 1
                first = j
                break
            elif minimum is not None and t.low not in {"(", ")", ","}:
                # a word before the count that is no qualifier ends the phrase
                break
            j -= 1
        if minimum is None:
            continue
        del qualifier_seen
        used.update(range(first, i + 1))
        words = sentence[tokens[first].start : tokens[i].end]
        cadences.append((period, minimum, maximum, words, tokens[i].start, average))

    # a count without a period word: "vähemalt kaks maakondlikku infopäeva", "vähemalt 2 maakondlikku
    # kohtumist" — the plan year
    for i, token in enumerate(tokens):
        if token.low not in AT_LEAST or i in used:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is None or i + 1 in used:
            continue
        n = _number(nxt, tokens[i + 2] if i + 2 < len(tokens) else None)
        if n is None:
            continue
        tail = " ".join(t.low for t in tokens[i + 2 : i + 5])
        if not _kinds(tail):
            continue
        end = min(i + 4, len(tokens) - 1)
        # stop at the event noun
        for k in range(i + 2, min(i + 5, len(tokens))):
            if _kinds(tokens[k].low):
                end = k
                break
        used.update(range(i, end + 1))
        cadences.append(("year", n[0], n[1], sentence[token.start : tokens[end].end], token.start, False))

    commitments: list[Commitment] = []
    if cadences:
        explicit = [c for c in cadences if not c[5]]
        averages = [c for c in cadences if c[5]]
        notes: list[str] = []
        if explicit and averages:
            notes.append("Keskmine („" + "“, „".join(c[3] for c in averages) + "“) on märgitud, kuid ei ole miinimum.")
            cadences = explicit
        grouped: dict[tuple[str, str], list] = {}
        for cadence in cadences:
            kinds = _kinds(sentence, near=cadence[4]) or _kinds(context)
            grouped.setdefault((cadence[0], kinds[0] if kinds else ""), []).append((cadence, kinds))
        for (period, _kind), items in grouped.items():
            (cadence, kinds), *rest = items
            minimum, maximum, words = cadence[1], cadence[2], cadence[3]
            note_parts = list(notes)
            if rest:
                # "2 korda aastas … ning 2 korda aastas …": the same events, counted together
                minimum = sum(c[1] for c, _k in items)
                maximum = sum((c[2] or c[1]) for c, _k in items) if any(c[2] for c, _k in items) else None
                words = " + ".join(c[3] for c, _k in items)
                note_parts.append(
                    "Lause nimetab mitu sagedust ("
                    + " + ".join(c[3] for c, _k in items)
                    + f"); kokku vähemalt {minimum}."
                )
            if cadence[5]:
                # an average alone: the year's total is the promise ("keskmiselt 1 üritus kuus")
                per_year = {"week": 52, "month": 12, "quarter": 4, "half_year": 2, "year": 1}[period]
                note_parts.append(f"„{words}“ on keskmine; kohustuseks on loetud aasta kogus.")
                minimum = minimum * per_year
                maximum = maximum * per_year if maximum is not None else None
                period = "year"
            commitments.append(
                Commitment(
                    sentence=sentence,
                    period=period,
                    min=minimum,
                    max=maximum,
                    event_kinds=kinds,
                    words=words,
                    note=" ".join(note_parts),
                )
            )
    elif REGULAR.search(low) or re.search(r"\b(regulaarse|korrapärase)\w*", low):
        kinds = _kinds(sentence)
        if kinds and re.search(r"(kohtumi|kohtumis|üritus|klubi|kohvik)", low):
            commitments.append(
                Commitment(
                    sentence=sentence,
                    period="year",
                    open=True,
                    event_kinds=kinds,
                    words=re.search(r"\b(regulaar|korrapära)\w*", low).group(),  # type: ignore[union-attr]
                    note="Tegevuskava nimetab kohtumisi korrapäraseks, kuid ei ütle sagedust.",
                )
            )
    elif YEAR_PHRASE.search(low) and re.search(r"\b(korraldatakse|toimub|viiakse läbi)\b", low):
        for token in tokens:
            if token.low in SINGULAR_NOUNS:
                commitments.append(
                    Commitment(
                        sentence=sentence,
                        period="year",
                        min=1,
                        event_kinds=[SINGULAR_NOUNS[token.low]],
                        words=token.text,
                        note="Plaan nimetab ühe sündmuse aastas.",
                    )
                )
                break

    if not commitments:
        return []
    quarters, months, _notes = _excluded_periods(low)
    summer = _summer(low)
    reach = "county" if COUNTY.search(low) else "national" if NATIONAL.search(low) else ""
    distinct = "region" if DISTINCT_REGION.search(low) else ""
    for commitment in commitments:
        commitment.reach = reach
        commitment.distinct = distinct if commitment.period == "year" else ""
        excluded: list[str] = []
        if commitment.period in ("week", "month", "quarter"):
            excluded += [f"Q{q}" for q in sorted(quarters)]
        if commitment.period in ("week", "month"):
            excluded += [f"{m:02d}" for m in sorted(months)]
            if summer:
                first = 7 if summer <= 2 else 6
                excluded += [f"{m:02d}" for m in range(first, first + summer) if f"{m:02d}" not in excluded]
                commitment.note = _join(commitment.note, _summer_note(summer, first))
        if commitment.period == "year":
            spans = [_month_span(year, 3 * q - 2, 3 * q) for q in sorted(quarters)]
            spans += [_month_span(year, m, m) for m in sorted(months)]
            if summer:
                first = 7 if summer <= 2 else 6
                spans.append(_month_span(year, first, first + summer - 1))
                commitment.note = _join(commitment.note, _summer_note(summer, first))
            commitment.pauses = _merge(spans)
        commitment.excluded = excluded
    return commitments


def _summer_note(months: int, first: int) -> str:
    names = [name for name, number in MONTHS.items() if first <= number < first + months]
    return (
        f"Tegevuskava ei ütle, millised {months} suvekuud on pausil; eeldatakse: " + ", ".join(names) + "."
        if months > 1
        else f"Tegevuskava ei ütle, milline suvekuu on pausil; eeldatakse: {names[0]}."
    )


def _merge(spans: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _join(a: str, b: str) -> str:
    return f"{a} {b}".strip() if a else b
