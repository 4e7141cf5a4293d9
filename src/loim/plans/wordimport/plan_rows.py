"""The one parser of an action plan document's blocks (shared by the .docx and the text reader):
headings, narrative, "Sihtgrupp:" lines, schedule tables ("Tegevuste ajakava") and indicator
tables ("Tegevustega seotud näitajad") into the plan file's canonical document — the same
in-memory structure the YAML importer consumes (docs/plan-format.md) — with every problem named
by its place in the document (heading, table, row) and the text found there.

Nothing here touches the database: the parties the document may name come in `ParseContext`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..responsible import resolve_responsible
from ..validation import normalise_row_number
from .blocks import Document, Paragraph, Table
from .commitments import Commitment, recognise
from .deliverables import Deliverable, recognise_deliverables

HEADING = re.compile(r"^(?:(?P<outline>\d+(?:\.\d+)*)\.?\s+)?(?P<code>\d+\.\d+\.\d+\.\d+)\.?\s+(?P<title>\S.*)$")
SECTION_HEADING = re.compile(r"^(?:\d+\.?\s+)?(?P<who>elluviija|partnerite)\s+tegevused\s*$", re.IGNORECASE)
TARGET_GROUP = re.compile(r"^(?:Sihtgrupp|Sihtrühm)\s*:\s*(?P<text>.*)$", re.IGNORECASE)
PLAN_TITLE = re.compile(r"tegevuskava\s+perioodil", re.IGNORECASE)
DATE = r"\d{1,2}\.\d{1,2}\.\d{4}"
SPAN = re.compile(rf"^\s*({DATE})\s*[-–—]\s*({DATE})\s*$")
PERIOD_IN_TITLE = re.compile(rf"perioodil\s+({DATE})\s*[-–—]\s*({DATE})")
ROW_NUMBER = re.compile(r"^(?P<number>\d+(?:\.\d+)*\.?)\s+(?P<title>\S.*)$", re.DOTALL)
CAPTION_NUMBER = re.compile(r"^\s*Tabel\s+(\d+)\.", re.IGNORECASE)
YEAR_IN_HEADER = re.compile(r"\((\d{4})\)")

SCHEDULE_COLUMNS = (
    ("activity", re.compile(r"^tegevus$")),
    ("frame", re.compile(r"üldajaraam")),
    ("dates", re.compile(r"algus-?\s*ja\s*lõppkuupäev")),
    ("responsible", re.compile(r"vastutaja")),
)
INDICATOR_COLUMNS = (
    ("name", re.compile(r"^(indikaator|näitaja)$")),
    ("unit", re.compile(r"mõõtühik")),
    ("frame_target", re.compile(r"^sihttase\s*\(\d{4}\)$")),
    ("target", re.compile(r"^sihttase\b.*aasta")),
    ("explanation", re.compile(r"^selgitus$")),
)
ALL_COLUMNS = SCHEDULE_COLUMNS + INDICATOR_COLUMNS


def _header_text(cell: str) -> str:
    return " ".join(cell.lower().split())


def column_of(cell: str, columns=ALL_COLUMNS) -> str | None:
    text = _header_text(cell)
    for name, pattern in columns:
        if pattern.search(text):
            return name
    return None


def header_width(cells: Sequence[str]) -> int:
    """How many leading cells are column headings (the text reader's row width)."""
    width = 0
    for cell in cells:
        if column_of(cell) is None:
            break
        width += 1
    return width


@dataclass
class Problem:
    """Something the parser could not read, named by its place in the document."""

    place: str  # "3.5.2.1, Tabel 9, rida 5"
    text: str  # the text found there
    message: str
    error: bool = True
    element: str = ""  # the plan file's element ("row 3.5.2.1/2.1"), where a correction in the preview can mend it
    field: str = ""  # the field of that element: dates, frame, responsible, targets

    def __str__(self) -> str:
        quote = f" „{self.text}“" if self.text else ""
        return f"{self.place}:{quote} {self.message}"


@dataclass
class ParseContext:
    parties: Sequence  # Party objects (slug, name, short_name, responsible_aliases, kind, pk)
    owner: str = "elvl"
    year: int | None = None  # the plan year when the document does not say it (--year)
    filename: str = ""


@dataclass
class Recognised:
    """A commitment found in the text, with the place of its sentence."""

    code: str
    place: str
    commitment: Commitment
    obligation: dict


@dataclass
class RecognisedDeliverable:
    """A one-off deliverable found in the text, with the place of its sentence."""

    code: str
    place: str
    found: Deliverable
    deliverable: dict


@dataclass
class ParseResult:
    document: dict
    problems: list[Problem] = field(default_factory=list)
    commitments: list[Recognised] = field(default_factory=list)
    places: dict[str, str] = field(default_factory=dict)  # "row 3.5.2.1/2.1" → "3.5.2.1, Tabel 9, rida 6"
    deliverables: list[RecognisedDeliverable] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]


def _table_place(code: str, table: Table, row: int | None = None) -> str:
    label = _("table %(number)s") % {"number": _table_number(table) or table.number}
    parts = [code] if code else []
    parts.append(label)
    if row is not None:
        parts.append(_("row %(number)s") % {"number": row})
    return ", ".join(parts)


def _table_number(table: Table) -> int | None:
    m = CAPTION_NUMBER.match(table.caption or "")
    return int(m.group(1)) if m else None


def _parse_date(text: str) -> dt.date | None:
    day, month, year = (int(x) for x in text.split("."))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class _Parser:
    def __init__(self, document: Document, context: ParseContext):
        self.source = document
        self.context = context
        self.problems: list[Problem] = []
        self.places: dict[str, str] = {}
        self.commitments: list[Recognised] = []
        self.deliverables: list[RecognisedDeliverable] = []
        self.deliverable_keys: set[str] = set()
        self.title = ""
        self.period: tuple[dt.date, dt.date] | None = None
        self.section = ""
        self.sections: dict[str, dict] = {}
        self.activity: dict | None = None
        self.activity_place = ""
        self.narrative: list[Paragraph] = []
        self.activities: list[tuple[dict, list[Paragraph], str]] = []
        self.indicator_keys: set[str] = set()
        self.obligation_keys: set[str] = set()

    def problem(
        self, place: str, text: str, message: str, *, error: bool = True, element: str = "", field: str = ""
    ) -> None:
        self.problems.append(Problem(place, text.strip()[:300], message, error, element, field))

    # --- the document
    def run(self) -> ParseResult:
        for block in self.source.blocks:
            if isinstance(block, Paragraph):
                self.paragraph(block)
            else:
                self.table(block)
        self.finish_activity()
        year = self.context.year
        if self.period is None:
            if year:
                self.period = (dt.date(year, 1, 1), dt.date(year, 12, 31))
            else:
                self.problem(
                    pgettext("document", "plan title"),
                    self.title,
                    _("The document does not say the plan period (“… tegevuskava perioodil 01.01.2024 – 31.12.2024”)."),
                )
        elif year and self.period[0].year != year:
            self.problem(
                pgettext("document", "plan title"),
                self.title,
                _("The document is the plan of %(found)s, not of %(year)s.")
                % {"found": self.period[0].year, "year": year},
            )
        if not self.activities:
            self.problem(
                pgettext("place", "document"),
                "",
                _(
                    "This does not look like an action plan: no activity headings such as “1.1 3.5.1.1 …” "
                    "and no table “Tegevuste ajakava” were found."
                ),
            )
        plan_year = self.period[0].year if self.period else (year or 0)
        for activity, paragraphs, place in self.activities:
            self.recognise(activity, paragraphs, place, plan_year)
            self.recognise_deliverables(activity, paragraphs, place, plan_year)
        frames = [
            node["frame"]["end"]
            for activity, _p, _pl in self.activities
            for node in _walk(activity)
            if node.get("frame") and node["frame"].get("end")
        ]
        frame_end = max(frames) if frames else (self.period[1] if self.period else None)
        document = {
            "format": 1,
            "year": plan_year or None,
            "title": self.title,
            "owner": self.context.owner,
            "status": "approved",
            "period": {"start": self.period[0], "end": self.period[1]} if self.period else None,
            "frame_end": frame_end,
            "source": self.context.filename,
            "copied_from": None,
            "sections": [s for s in self.sections.values() if s["activities"] or s["indicators"]],
        }
        return ParseResult(document, self.problems, self.commitments, self.places, self.deliverables)

    def paragraph(self, block: Paragraph) -> None:
        text = block.text
        if not self.title and PLAN_TITLE.search(text):
            self.title = " ".join(text.split())
            m = PERIOD_IN_TITLE.search(text)
            if m:
                start, end = _parse_date(m.group(1)), _parse_date(m.group(2))
                if start and end and start <= end:
                    self.period = (start, end)
                else:
                    self.problem(
                        pgettext("document", "plan title"),
                        text,
                        _("The plan period in the title is not a pair of dates in order."),
                    )
            return
        if CAPTION_NUMBER.match(text):
            return  # a table's caption: read with its table
        m = SECTION_HEADING.match(text)
        if m:
            self.finish_activity()
            self.section = "implementer" if m.group("who").lower() == "elluviija" else "partner"
            self.sections.setdefault(self.section, {"section": self.section, "activities": [], "indicators": []})
            return
        m = HEADING.match(text)
        if m and not block.bullet:
            self.finish_activity()
            code = m.group("code")
            if not self.section:
                self.section = "partner" if code.startswith("3.5.2") else "implementer"
                self.sections.setdefault(self.section, {"section": self.section, "activities": [], "indicators": []})
            self.activity_place = code
            self.activity = {
                "code": code,
                "heading_title": m.group("title").strip(),
                "title": "",
                "schedule_table": None,
                "frame": None,
                "dates": None,
                "responsible": "",
                "responsible_parties": [],
                "narrative": "",
                "target_group": "",
                "planned": [],
                "rows": [],
                "indicators": [],
                "obligations": [],
                "deliverables": [],
                "_schedule_seen": False,
            }
            self.places[f"activity {code}"] = code
            self.narrative = []
            return
        m = TARGET_GROUP.match(text)
        if m and self.activity is not None:
            self.activity["target_group"] = m.group("text").strip()
            return
        if self.activity is not None:
            self.narrative.append(block)

    def finish_activity(self) -> None:
        activity = self.activity
        if activity is None:
            return
        activity["narrative"] = _join_narrative(self.narrative)
        if not activity.pop("_schedule_seen"):
            self.problem(
                activity["code"],
                activity["heading_title"],
                _("The activity has no schedule table (“Tabel N. Tegevuste ajakava”)."),
            )
        if not activity["title"]:
            activity["title"] = activity["heading_title"]
        if activity["heading_title"] == activity["title"]:
            activity["heading_title"] = ""
        self.sections[self.section]["activities"].append(activity)
        self.activities.append((activity, list(self.narrative), self.activity_place))
        self.activity = None
        self.narrative = []

    # --- tables
    def table(self, table: Table) -> None:
        caption = (table.caption or "").lower()
        header = table.rows[0] if table.rows else []
        kinds = {column_of(cell) for cell in header}
        is_schedule = "ajakava" in caption or ("frame" in kinds or "dates" in kinds)
        is_indicators = "näitaja" in caption or ("unit" in kinds or "explanation" in kinds)
        code = self.activity["code"] if self.activity else ""
        if is_indicators and not is_schedule:
            self.indicator_table(table, code, partners="partnerite" in caption)
        elif is_schedule:
            if self.activity is None:
                self.problem(_table_place("", table), table.caption, _("A schedule table before any activity heading."))
                return
            self.schedule_table(table)
        else:
            self.problem(
                _table_place(code, table),
                " | ".join(header)[:200],
                _("A table that is neither a schedule (“Tegevuste ajakava”) nor indicators (“näitajad”); skipped."),
                error=False,
            )

    def columns(self, table: Table, code: str, wanted) -> dict[str, int] | None:
        header = table.rows[0] if table.rows else []
        found: dict[str, int] = {}
        for index, cell in enumerate(header):
            name = column_of(cell, wanted)
            if name and name not in found:
                found[name] = index
        missing = [name for name, _pattern in wanted if name not in found]
        labels = {
            "activity": "Tegevus",
            "frame": "Tegevuse üldajaraam",
            "dates": "Tegevuse algus- ja lõppkuupäev tegevuskava perioodil",
            "responsible": "Tegevuse eest vastutaja",
            "name": "Indikaator",
            "unit": "Indikaatori mõõtühik",
            "target": "Sihttase tegevuskava aastal (YYYY)",
            "frame_target": "Sihttase (YYYY)",
            "explanation": "Selgitus",
        }
        for name in missing:
            self.problem(
                _table_place(code, table, 1),
                " | ".join(header)[:200],
                _("The column “%(column)s” is missing.") % {"column": labels[name]},
            )
        if "activity" in missing or "name" in missing:
            return None
        return found

    def schedule_table(self, table: Table) -> None:
        activity = self.activity
        assert activity is not None
        code = activity["code"]
        activity["_schedule_seen"] = True
        activity["schedule_table"] = _table_number(table)
        columns = self.columns(table, code, SCHEDULE_COLUMNS)
        if columns is None:
            return
        by_key: dict[str, dict] = {}
        partner = self.partner_of(table, columns) if self.section == "partner" else None
        for index, cells in enumerate(table.rows[1:], start=2):
            place = _table_place(code, table, index)

            def cell(name: str, cells=cells) -> str:
                i = columns.get(name)
                return cells[i].strip() if i is not None and i < len(cells) else ""

            text = " ".join(cell("activity").split("\n")).strip()
            if not text:
                continue
            if len(set(cells)) == 1 and len(cells) > 1:
                self.problem(
                    place, text, _("A row merged across the whole table; read as a comment, skipped."), error=False
                )
                continue
            node: dict
            if text.startswith(code):
                node = activity
                node["title"] = text[len(code) :].lstrip(".").strip()
                element = f"activity {code}"
            else:
                m = ROW_NUMBER.match(text)
                if not m:
                    other = HEADING.match(text)
                    message = (
                        _("The schedule row names activity %(other)s under the heading %(code)s.")
                        % {"other": other.group("code"), "code": code}
                        if other
                        else _("A schedule row starts with its number (“1.”, “2.1.”); this one has none.")
                    )
                    self.problem(place, text, message)
                    continue
                number = m.group("number")
                key = normalise_row_number(number)
                node = {
                    "number": number,
                    "title": m.group("title").strip(),
                    "frame": None,
                    "dates": None,
                    "responsible": "",
                    "responsible_parties": [],
                    "narrative": "",
                    "target_group": "",
                    "planned": [],
                    "rows": [],
                }
                if key in by_key:
                    self.problem(place, text, _("Row %(key)s appears twice in the table.") % {"key": key})
                    continue
                parent_key = key.rsplit(".", 1)[0] if "." in key else ""
                parent = by_key.get(parent_key) if parent_key else activity
                if parent is None:
                    self.problem(
                        place,
                        text,
                        _("Row %(key)s has no row %(parent)s above it.") % {"key": key, "parent": parent_key},
                    )
                    continue
                parent["rows"].append(node)
                by_key[key] = node
                element = f"row {code}/{key}"
            self.places[element] = place
            node["frame"] = (
                self.span(cell("frame"), place, _("overall time frame"), element, "frame")
                if "frame" in columns
                else None
            )
            node["dates"] = (
                self.span(cell("dates"), place, _("dates in the plan period"), element, "dates")
                if "dates" in columns
                else None
            )
            responsible = " ".join(cell("responsible").split())
            node["responsible"] = responsible
            if responsible:
                found, unknown = resolve_responsible(responsible, self.context.parties, partner=partner)
                for piece in unknown:
                    self.problem(
                        place,
                        piece,
                        _("Unknown responsible party “%(name)s”.") % {"name": piece},
                        element=element,
                        field="responsible",
                    )
                node["responsible_parties"] = sorted(p.slug for p in found)

    def partner_of(self, table: Table, columns: dict[str, int]):
        """The one partner municipality a partner activity's rows name ("Tartu LV"), for its "Partner"."""
        i = columns.get("responsible")
        if i is None:
            return None
        partners = {}
        for cells in table.rows[1:]:
            text = cells[i] if i < len(cells) else ""
            if not text or text.strip().lower() in {"partner", "partnerid"}:
                continue
            found, _unknown = resolve_responsible(text, self.context.parties, partner=None)
            for party in found:
                if getattr(party, "kind", "") == "partner":
                    partners[party.slug] = party
        return next(iter(partners.values())) if len(partners) == 1 else None

    def span(self, text: str, place: str, what: str, element: str = "", field: str = "") -> dict | None:
        if not text.strip():
            return None
        m = SPAN.match(" ".join(text.split()))
        start = end = None
        if m:
            start, end = _parse_date(m.group(1)), _parse_date(m.group(2))
        if not m or start is None or end is None:
            self.problem(
                place,
                text,
                _("The %(what)s is not a date range like 01.01.2024-31.12.2024.") % {"what": what},
                element=element,
                field=field,
            )
            return None
        return {"start": start, "end": end}

    def indicator_table(self, table: Table, code: str, *, partners: bool) -> None:
        columns = self.columns(table, code, INDICATOR_COLUMNS)
        if columns is None:
            return
        header = table.rows[0]
        year_of = {}
        for name in ("target", "frame_target"):
            if name in columns:
                m = YEAR_IN_HEADER.search(header[columns[name]])
                year_of[name] = int(m.group(1)) if m else None
        owner_list = (
            self.sections.setdefault(
                self.section or "partner", {"section": self.section or "partner", "activities": [], "indicators": []}
            )["indicators"]
            if partners or self.activity is None
            else self.activity["indicators"]
        )
        for index, cells in enumerate(table.rows[1:], start=2):
            place = _table_place(code if not partners else "", table, index)

            def cell(name: str, cells=cells) -> str:
                i = columns.get(name)
                return cells[i].strip() if i is not None and i < len(cells) else ""

            name = " ".join(cell("name").split())
            if not name:
                continue
            unit = " ".join(cell("unit").split())
            key = self.indicator_key(name)
            targets: dict[int, Decimal] = {}
            for column in ("target", "frame_target"):
                raw = cell(column)
                if not raw:
                    continue
                year = year_of.get(column) or (self.period[0].year if self.period and column == "target" else None)
                if year is None:
                    self.problem(
                        place, header[columns[column]], _("The target column does not say its year (“(2029)”).")
                    )
                    continue
                value = _number(raw)
                if value is None:
                    self.problem(
                        place, raw, _("The target is not a number."), element=f"indicator {key}", field="targets"
                    )
                    continue
                targets[year] = value
            if not unit:
                self.problem(place, name, _("The indicator has no unit."))
            indicator = {
                "key": key,
                "table": _table_number(table),
                "name": name,
                "unit": unit,
                "kind": "cumulative"
                if name.lower().startswith("korraldatud") or unit.lower() == "osaluskord"
                else "stock",
                "targets": dict(sorted(targets.items())),
                "explanation": " ".join(cell("explanation").split()),
                "measurement": "manual",
                "rule": None,
                "measurement_note": "",
            }
            owner_list.append(indicator)
            self.places[f"indicator {key}"] = place

    def indicator_key(self, name: str) -> str:
        base = slugify(name)[:55].strip("-") or "indicator"
        key, n = base, 2
        while key in self.indicator_keys:
            key, n = f"{base}-{n}", n + 1
        self.indicator_keys.add(key)
        return key

    # --- commitments
    def recognise(self, activity: dict, paragraphs: list[Paragraph], place: str, year: int) -> None:
        responsible = self.responsible_of(activity)
        rows = list(_rows_with_keys(activity["rows"]))
        seen: set[tuple] = set()
        found: list[tuple[Commitment, str, str]] = []  # commitment, row key, place
        context = activity["title"] or activity["heading_title"]
        for key, row, parents in rows:
            row_context = " ".join([*(p["title"] for p in reversed(parents)), context])
            for commitment in recognise(row["title"], year=year, context=row_context):
                found.append((commitment, key, self.places.get(f"row {activity['code']}/{key}", place)))
        for paragraph in paragraphs:
            for commitment in recognise(paragraph.text, year=year, context=context):
                row_key = _row_for(commitment, _around(commitment.sentence, paragraph.text), rows)
                found.append((commitment, row_key, f"{place}, {paragraph.place}"))
        for commitment, row_key, where in found:
            signature = (
                row_key,
                commitment.period,
                tuple(commitment.event_kinds),
                commitment.min,
                commitment.max,
                tuple(commitment.excluded),
                commitment.sentence,
            )
            if signature in seen:
                continue
            seen.add(signature)
            kind = commitment.event_kinds[0].replace("_", "-") if commitment.event_kinds else "events"
            base = f"{responsible}-{kind}-{commitment.period.replace('_', '-')}"
            key, n = base, 2
            while key in self.obligation_keys:
                key, n = f"{base}-{n}", n + 1
            self.obligation_keys.add(key)
            obligation = {
                "key": key,
                "title": commitment.title()[:300],
                "row": row_key,
                "responsible": responsible,
                "subject": "events",
                "event_kinds": list(commitment.event_kinds),
                "reach": commitment.reach,
                "period": commitment.period,
                "due": None,
                "min": commitment.min,
                "max": commitment.max,
                "excluded": list(commitment.excluded),
                "open": commitment.open,
                "pauses": [{"start": s, "end": e} for s, e in commitment.pauses],
                "distinct": commitment.distinct,
                "quote": commitment.sentence,
                "note": commitment.note,
            }
            activity["obligations"].append(obligation)
            self.places[f"commitment {key}"] = where
            self.commitments.append(Recognised(activity["code"], where, commitment, obligation))
            if not commitment.event_kinds:
                self.problem(
                    where,
                    commitment.sentence,
                    _("A commitment was recognised, but not which events count toward it; say the event kind."),
                )

        # in the order the importer keeps them: by row (document order), then key
        order = {"": 0} | {key: i for i, (key, _row, _parents) in enumerate(rows, start=1)}
        activity["obligations"].sort(key=lambda o: (order.get(o["row"], 0), o["key"]))

    # --- one-off deliverables
    def recognise_deliverables(self, activity: dict, paragraphs: list[Paragraph], place: str, year: int) -> None:
        """The activity's deliverables: from its rows first (a row says which row it is), then from the
        narrative — one the narrative also says of a row is that row's, quoted from the narrative (the
        fuller sentence). One said again in another activity (ELVL's coordinator, 3.5.1.1 and 3.5.1.2 row
        2) is the first one; the note names the other place."""
        code = activity["code"]
        owner = self.responsible_of(activity)
        rows = list(_rows_with_keys(activity["rows"]))
        found: list[list] = []  # [deliverable, row key, place, row sentence or ""]
        for key, row, _parents in rows:
            for item in recognise_deliverables(row["title"], year=year):
                if any(f[0].object == item.object and f[1] == key for f in found):
                    continue
                found.append([item, key, self.places.get(f"row {code}/{key}", place), ""])
        for paragraph in paragraphs:
            for item in recognise_deliverables(paragraph.text, year=year):
                same = next((f for f in found if f[0].object == item.object and not f[3]), None)
                if same is not None:
                    if same[1]:  # the row's deliverable, said in full in the narrative
                        same[3] = same[0].sentence
                        same[0] = _with_sentence(same[0], item)
                    continue
                row_key = _row_for_deliverable(item, _around(item.sentence, paragraph.text), rows)
                found.append([item, row_key, f"{place}, {paragraph.place}", ""])
        period = self.period
        for item, row_key, where, row_words in found:
            twin = next(
                (
                    d
                    for d in self.deliverables
                    if d.deliverable["owner"] == owner
                    and d.found.object == item.object
                    and d.deliverable["title"] == item.title
                ),
                None,
            )
            if twin is not None:
                twin.deliverable["note"] = _join_note(
                    twin.deliverable["note"], f"Sama väljundit nimetab ka {where}: „{item.sentence[:120]}“."
                )
                continue
            node = next((r for k, r, _p in rows if k == row_key), None) if row_key else None
            dates = (node or activity).get("dates") or {}
            notes = []
            due = item.due
            if due is not None and period and not (period[0] <= due <= period[1]):
                self.problem(
                    where,
                    item.sentence,
                    _("The sentence names the due date %(due)s, outside the plan period; the end of the row is used.")
                    % {"due": due.strftime("%d.%m.%Y")},
                    error=False,
                )
                notes.append(f"Lause nimetab tähtaja „{item.due_words}“, mis jääb tegevuskava perioodist välja.")
                due = None
            if due is not None:
                notes.append(f"Tähtpäev lausest: „{item.due_words}“.")
            else:
                due = dates.get("end") or (period[1] if period else None)
                what = f"rea {row_key}" if node is not None else "tegevuse"
                notes.append(
                    "Tähtpäeva plaan ei anna: tähtajaks on võetud "
                    f"{what} lõppkuupäev tegevuskava perioodil ({due.strftime('%d.%m.%Y') if due else '—'})."
                )
            if node is not None and dates.get("start") and period and dates["start"] != period[0]:
                notes.append(
                    f"Rida {row_key} kestab {dates['start'].strftime('%d.%m.%Y')}–{dates['end'].strftime('%d.%m.%Y')}"
                    + (f" („{item.starts}“)." if item.starts else ".")
                )
            elif item.starts:
                notes.append(f"Lause: „{item.starts}“ — töö algus, mitte tähtpäev.")
            if row_words and row_words != item.sentence:
                notes.append(f"Rida {row_key}: „{row_words[:160]}“.")
            base = f"{owner}-{item.object}"
            key, n = base, 2
            while key in self.deliverable_keys:
                key, n = f"{base}-{n}", n + 1
            self.deliverable_keys.add(key)
            deliverable = {
                "key": key,
                "title": item.title[:300],
                "row": row_key,
                "owner": owner,
                "due": due,
                "commitment": "",
                "quote": item.sentence,
                "note": " ".join(notes),
            }
            activity["deliverables"].append(deliverable)
            self.places[f"deliverable {key}"] = where
            self.deliverables.append(RecognisedDeliverable(code, where, item, deliverable))

    def responsible_of(self, activity: dict) -> str:
        parties = activity.get("responsible_parties") or []
        if self.section == "partner" and len(parties) == 1:
            return parties[0]
        partners = [p for p in parties if p != self.context.owner]
        if len(partners) == 1 and self.context.owner not in parties:
            return partners[0]
        return self.context.owner


def _walk(node: dict):
    yield node
    for row in node.get("rows", []):
        yield from _walk(row)


def _rows_with_keys(rows, parents=()):
    for row in rows:
        yield normalise_row_number(row["number"]), row, list(parents)
        yield from _rows_with_keys(row["rows"], (*parents, row))


STEM = re.compile(r"[a-zõäöüšž]{4,}")


def _stems(text: str) -> set[str]:
    return {w[:5] for w in STEM.findall(text.lower())}


def _row_for(commitment: Commitment, paragraph: str, rows) -> str:
    """The schedule row a narrative commitment belongs to: the row whose title names the same event
    kind, or else shares the most words with the paragraph; '' (the activity) when none fits."""
    from .commitments import _kinds

    words = _stems(paragraph)
    scored = []
    for key, row, _parents in rows:
        title = row["title"]
        title_kinds = _kinds(title)
        if commitment.event_kinds and title_kinds and title_kinds != commitment.event_kinds:
            continue  # a row about other events
        kind_match = bool(commitment.event_kinds) and commitment.event_kinds == title_kinds
        overlap = len(words & _stems(title))
        scored.append((kind_match, overlap, len(key), key))
    kind_rows = [s for s in scored if s[0]]
    if kind_rows:
        return max(kind_rows, key=lambda s: (s[1], s[2]))[3]
    best = max(scored, default=None, key=lambda s: (s[1], s[2]))
    if best and best[1] >= 4:
        return best[3]
    return ""


def _row_for_deliverable(item: Deliverable, paragraph: str, rows) -> str:
    """The row a narrative deliverable belongs to: the row whose title holds a deliverable of the same
    kind, else the row sharing most words with its sentence and the one before (at least four), else ''."""
    year = 2000  # only the kind of the row's deliverables matters here
    for key, row, _parents in rows:
        if any(d.object == item.object for d in recognise_deliverables(row["title"], year=year)):
            return key
    words = _stems(paragraph)
    best = max(((len(words & _stems(row["title"])), len(key), key) for key, row, _p in rows), default=None)
    return best[2] if best and best[0] >= 4 else ""


def _with_sentence(row_item: Deliverable, narrative: Deliverable) -> Deliverable:
    """The row's deliverable quoted by the narrative's sentence (and its due date, where only it says one)."""
    from dataclasses import replace

    return replace(
        row_item,
        sentence=narrative.sentence,
        due=row_item.due or narrative.due,
        due_words=row_item.due_words or narrative.due_words,
        starts=row_item.starts or narrative.starts,
    )


def _join_note(a: str, b: str) -> str:
    return f"{a} {b}".strip() if a else b


def _around(sentence: str, paragraph: str) -> str:
    """The sentence and the one before it in its paragraph: what a row title is compared with."""
    from .commitments import split_sentences

    sentences = split_sentences(paragraph)
    if sentence in sentences:
        i = sentences.index(sentence)
        return " ".join(sentences[max(0, i - 1) : i + 1])
    return sentence


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _join_narrative(paragraphs: list[Paragraph]) -> str:
    """Paragraphs as the plan file writes them: a blank line between paragraphs, a bulleted list
    (and the line introducing it) on consecutive lines."""
    text = ""
    previous: Paragraph | None = None
    for paragraph in paragraphs:
        if previous is None:
            text = paragraph.text
        elif paragraph.bullet:
            text += "\n" + paragraph.text
        else:
            text += "\n\n" + paragraph.text
        previous = paragraph
    return text


def parse_document(document: Document, context: ParseContext) -> ParseResult:
    """The canonical plan document of a read document, with its problems and recognised commitments."""
    return _Parser(document, context).run()
