"""Corrections the advisor makes in the preview, field by field, before anything is written.

A correction is kept in the session beside the uploaded file (JSON: ISO dates, numbers as text),
keyed by the element it corrects, in the plan file's own names: `row 3.5.2.1/2.1` (or `activity
3.5.2.1`) → dates and responsible party as printed; `indicator info-days` → targets by year;
`commitment tartu-clubs-weekly` → period, minimum, maximum; `deliverable tallinn-council` → title,
due date, or dropped; `plan` → status. The preview reads the document again on every request and
applies the corrections to what it understood, then the plan file's validator checks the whole
plan, so a correction that breaks something else is named with its place like any other error.

Each item has its own small form (no JavaScript): the form checks its fields and names them
("Lõppkuupäev: …"); confirming imports the corrected plan through the YAML importer.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from loim.core.formfields import DateInput

from ..models import PlanStatus
from ..responsible import resolve_responsible
from ..validation import normalise_row_number

PERIODS = (
    ("week", _("a week")),
    ("month", _("a month")),
    ("quarter", _("a quarter")),
    ("half_year", _("a half-year")),
    ("year", _("a year")),
)


# --- finding the element a correction names ---------------------------------------------------------
def nodes(document: dict):
    """(element, node, activity) for every activity and row: `activity 3.5.2.1`, `row 3.5.2.1/2.1`."""
    for section in document.get("sections", []):
        for activity in section["activities"]:
            yield f"activity {activity['code']}", activity, activity

            def walk(rows, activity=activity):
                for row in rows:
                    yield f"row {activity['code']}/{normalise_row_number(row['number'])}", row, activity
                    yield from walk(row["rows"])

            yield from walk(activity["rows"])


def indicators(document: dict):
    for section in document.get("sections", []):
        for activity in section["activities"]:
            for indicator in activity["indicators"]:
                yield f"indicator {indicator['key']}", indicator
        for indicator in section["indicators"]:
            yield f"indicator {indicator['key']}", indicator


def obligations(document: dict):
    for section in document.get("sections", []):
        for activity in section["activities"]:
            for obligation in activity["obligations"]:
                yield f"commitment {obligation['key']}", obligation, activity


def deliverables(document: dict):
    for section in document.get("sections", []):
        for activity in section["activities"]:
            for deliverable in activity["deliverables"]:
                yield f"deliverable {deliverable['key']}", deliverable, activity


def find(document: dict, element: str) -> tuple[str, dict, dict | None] | None:
    """(kind, the element's dict, its activity) or None when the plan has no such element."""
    if element == "plan":
        return "plan", document, None
    for name, node, activity in nodes(document):
        if name == element:
            return "node", node, activity
    for name, indicator in indicators(document):
        if name == element:
            return "indicator", indicator, None
    for name, obligation, activity in obligations(document):
        if name == element:
            return "commitment", obligation, activity
    for name, deliverable, activity in deliverables(document):
        if name == element:
            return "deliverable", deliverable, activity
    return None


# --- applying -----------------------------------------------------------------------------------------
def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def apply(document: dict, corrections: dict[str, dict], parties) -> list[str]:
    """Apply the corrections in place; the elements corrected (those the plan no longer has are skipped)."""
    applied: list[str] = []
    for element, values in corrections.items():
        found = find(document, element)
        if found is None:
            continue
        kind, target, activity = found
        if kind == "plan":
            target["status"] = values.get("status", target.get("status"))
        elif kind == "node":
            target["dates"] = {"start": _date(values["start"]), "end": _date(values["end"])}
            text = " ".join((values.get("responsible") or "").split())
            target["responsible"] = text
            partner = _partner(activity, parties)
            found_parties, _unknown = resolve_responsible(text, parties, partner=partner) if text else ([], [])
            target["responsible_parties"] = sorted(p.slug for p in found_parties)
        elif kind == "indicator":
            target["targets"] = {int(year): Decimal(value) for year, value in sorted(values["targets"].items())}
        elif kind == "commitment":
            target["period"] = values["period"]
            target["min"] = values["min"]
            target["max"] = values.get("max")
            if target["period"] != "year":
                target["pauses"] = []
                target["distinct"] = ""
            excluded = target.get("excluded") or []
            if target["period"] == "quarter":
                excluded = [x for x in excluded if x[0] in "QH"]
            elif target["period"] == "half_year":
                excluded = [x for x in excluded if x[0] == "H"]
            elif target["period"] not in ("week", "month"):
                excluded = []
            target["excluded"] = excluded
        elif kind == "deliverable":
            assert activity is not None
            if values.get("drop"):
                activity["deliverables"] = [d for d in activity["deliverables"] if d is not target]
            else:
                target["title"] = values["title"]
                target["due"] = _date(values["due"])
        applied.append(element)
    return applied


def _partner(activity: dict | None, parties):
    """A partner activity's one partner (its "Partner"), as the parser reads it."""
    if activity is None or not activity["code"].startswith("3.5.2"):
        return None
    slugs = [s for s in activity.get("responsible_parties") or [] if s]
    partners = [p for p in parties if p.slug in slugs and getattr(p, "kind", "") == "partner"]
    return partners[0] if len(partners) == 1 else None


# --- the forms ----------------------------------------------------------------------------------------
class CorrectionForm(forms.Form):
    """A correction of one element; `initial_from(element dict)` fills it, `values()` is what is stored."""

    def __init__(self, *args, element: dict, period: tuple[dt.date, dt.date] | None, parties=(), activity=None, **kw):
        self.element: dict = element
        self.plan_period = period
        self.parties = list(parties)
        self.activity = activity
        super().__init__(*args, **kw)


class NodeForm(CorrectionForm):
    start = forms.DateField(label=_("Start in the plan period"), widget=DateInput())
    end = forms.DateField(label=_("End in the plan period"), widget=DateInput())
    responsible = forms.CharField(
        label=_("Responsible party as printed"),
        max_length=300,
        required=False,
        help_text=_("As the document would print it: “ELVL”, “Tartu LV”, “ELVL, partnerid”."),
    )

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        if not self.is_bound:
            dates = self.element.get("dates") or {}
            self.initial = {
                "start": dates.get("start") or (self.plan_period[0] if self.plan_period else None),
                "end": dates.get("end") or (self.plan_period[1] if self.plan_period else None),
                "responsible": self.element.get("responsible", ""),
            }

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error(
                "end", _("The end %(end)s is before the start %(start)s.") % {"end": _d(end), "start": _d(start)}
            )
        if self.plan_period:
            for name in ("start", "end"):
                value = data.get(name)
                if value and not (self.plan_period[0] <= value <= self.plan_period[1]):
                    self.add_error(
                        name,
                        _("The date %(date)s lies outside the plan period %(start)s–%(end)s.")
                        % {"date": _d(value), "start": _d(self.plan_period[0]), "end": _d(self.plan_period[1])},
                    )
        text = data.get("responsible") or ""
        if text.strip():
            _found, unknown = resolve_responsible(text, self.parties, partner=_partner(self.activity, self.parties))
            for piece in unknown:
                self.add_error("responsible", _("Unknown responsible party “%(name)s”.") % {"name": piece.strip()})
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {"start": data["start"].isoformat(), "end": data["end"].isoformat(), "responsible": data["responsible"]}


class IndicatorForm(CorrectionForm):
    """One field per target year: the years the document gave, and the plan year when it gave none."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        years = sorted(
            {int(y) for y in self.element.get("targets", {})}
            | ({self.plan_period[0].year} if self.plan_period else set())
        )
        for year in years:
            self.fields[f"target_{year}"] = forms.DecimalField(
                label=_("Target %(year)s") % {"year": year},
                required=False,
                max_digits=12,
                decimal_places=2,
                min_value=Decimal(0),
                localize=True,
            )
            if not self.is_bound:
                value = self.element.get("targets", {}).get(year)
                self.initial[f"target_{year}"] = value
        self.years = years

    def clean(self):
        data = super().clean() or {}
        if (
            self.plan_period
            and data.get(f"target_{self.plan_period[0].year}") is None
            and f"target_{self.plan_period[0].year}" not in self.errors
        ):
            self.add_error(
                f"target_{self.plan_period[0].year}",
                _("The plan year %(year)s needs a target.") % {"year": self.plan_period[0].year},
            )
        return data

    def values(self) -> dict:
        targets = {}
        for year in self.years:
            value = self.cleaned_data.get(f"target_{year}")
            if value is not None:
                targets[str(year)] = str(value.normalize() if value == value.to_integral() else value)
        return {"targets": targets}


class CommitmentForm(CorrectionForm):
    period = forms.ChoiceField(label=_("Once per"), choices=PERIODS)
    min = forms.IntegerField(label=_("At least"), min_value=1, max_value=1000)
    max = forms.IntegerField(
        label=_("At most"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Leave empty when the plan names no upper limit (“2–3 korda”: at least 2, at most 3)."),
    )

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        if not self.is_bound:
            self.initial = {k: self.element.get(k) for k in ("period", "min", "max")}

    def clean(self):
        data = super().clean() or {}
        low, high = data.get("min"), data.get("max")
        if low is not None and high is not None and high < low:
            self.add_error("max", _("At most %(max)s is less than at least %(min)s.") % {"max": high, "min": low})
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {"period": data["period"], "min": data["min"], "max": data.get("max")}


class DeliverableForm(CorrectionForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    due = forms.DateField(label=_("Due date"), widget=DateInput())
    drop = forms.BooleanField(label=_("Not a deliverable: leave it out of the plan"), required=False)

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        if not self.is_bound:
            self.initial = {"title": self.element.get("title"), "due": self.element.get("due")}

    def clean(self):
        data = super().clean() or {}
        due = data.get("due")
        if (
            due
            and self.plan_period
            and not (self.plan_period[0] <= due <= self.plan_period[1])
            and not data.get("drop")
        ):
            self.add_error(
                "due",
                _("The due date %(date)s lies outside the plan period %(start)s–%(end)s.")
                % {"date": _d(due), "start": _d(self.plan_period[0]), "end": _d(self.plan_period[1])},
            )
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        if data.get("drop"):
            return {"drop": True}
        return {"title": data["title"], "due": data["due"].isoformat()}


class PlanForm(CorrectionForm):
    status = forms.ChoiceField(
        label=_("Import as"),
        choices=PlanStatus.choices,
        help_text=_("A draft awaits the implementing agency's approval; monitoring opens the approved plans."),
    )

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        if not self.is_bound:
            self.initial = {"status": self.element.get("status") or PlanStatus.APPROVED}

    def values(self) -> dict:
        return {"status": self.cleaned_data["status"]}


FORMS = {
    "plan": PlanForm,
    "node": NodeForm,
    "indicator": IndicatorForm,
    "commitment": CommitmentForm,
    "deliverable": DeliverableForm,
}


def form_for(document: dict, element: str, *, parties, data=None) -> CorrectionForm | None:
    found = find(document, element)
    if found is None:
        return None
    kind, target, activity = found
    period = document.get("period")
    span = (period["start"], period["end"]) if period else None
    return FORMS[kind](data, element=target, period=span, parties=parties, activity=activity, prefix="fix")


def anchor(element: str) -> str:
    """The id of an element's line on the preview page: "row 3.5.2.1/2.1" → "fix-row-3-5-2-1-2-1"."""
    import re

    return "fix-" + re.sub(r"[^a-z0-9]+", "-", element.lower()).strip("-")


def _d(value: dt.date) -> str:
    return date_format(value, "d.m.Y")
