"""Demo data of monitoring: the values entered by hand, commitments kept by hand, explanations of
deviations and the report parts' steps are in `data/demo.yaml`; this module finds the plan, indicators,
activities and commitments they belong to, and skips what the loaded plan lacks.

Idempotent: values and notes are keyed on (party, indicator, year) and (party, activity, period),
parts on (party, period).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from loim.core.demo import demo_data
from loim.parties.models import Party
from loim.plans.models import Activity, Obligation, ObligationSubject, Plan

from . import cycle
from .models import (
    ActivityReportNote,
    DeviationExplanation,
    ManualValue,
    ObligationConfirmation,
    ReportPart,
    ReportPeriod,
)
from .services import deviation_explain, manual_indicator, report_note_save


def _author(slug: str):
    from loim.parties.demo import DEMO_ACCOUNTS

    email = next((email for email, _name, party, *_rest in DEMO_ACCOUNTS if party == slug), None)
    return get_user_model().objects.filter(email=email).first() if email else None


def _value(party, key: str, value: int, evidence: str, out, *, year: int, recorded_on: dt.date) -> None:
    try:
        manual_indicator(year=year, key=key)
    except Exception:  # the plan of the year lacks this indicator: nothing to enter
        out.write(f"  monitoring: no manual indicator {key} in {year}; skipped\n")
        return
    ManualValue.objects.get_or_create(
        party=party,
        indicator_key=key,
        year=year,
        defaults={
            "value": Decimal(value),
            "evidence": evidence,
            "author": _author(party.slug),
            "recorded_on": recorded_on,
        },
    )


def _deliverables(plan, entries, out) -> None:
    """The owner parties' records of the plan's deliverables, through the one service (evidence
    required for done), each once: a deliverable already recorded is left as it is."""
    from loim.events.models import Event
    from loim.plans.models import Deliverable

    from .deliverables.services import DeliverableInput, deliverable_record_save
    from .models import DeliverableRecord

    deliverables = {d.key: d for d in Deliverable.objects.filter(plan=plan).select_related("owner")}
    recorded = 0
    for entry in entries:
        deliverable = deliverables.get(entry["key"])
        if deliverable is None or DeliverableRecord.objects.filter(deliverable=deliverable).exists():
            continue
        events = list(
            Event.objects.filter(
                party=deliverable.owner, title__in=entry.get("events", []), start__year=plan.year
            ).order_by("start")[:1]
        )
        deliverable_record_save(
            deliverable=deliverable,
            data=DeliverableInput(
                status=entry["status"],
                done_on=entry.get("done_on"),
                events=events,
                links="\n".join(entry.get("links", [])),
                notes=entry.get("notes", ""),
            ),
            author=_author(deliverable.owner.slug),
        )
        recorded += 1
    out.write(f"  monitoring: {recorded} deliverables recorded\n")


def seed(*, out) -> None:
    data = demo_data("monitoring")
    year = data["year"]
    plan = Plan.objects.filter(year=year).first()
    if plan is None:
        out.write(f"  monitoring: no {year} plan, nothing to seed\n")
        return
    parties = {party.slug: party for party in Party.objects.all()}
    for entry in data["manual_values"]:
        _value(
            parties[entry["party"]],
            entry["indicator"],
            entry["value"],
            entry["evidence"],
            out,
            year=year,
            recorded_on=data["recorded_on"],
        )

    for note in data["report_notes"]:
        party = parties[note["party"]]
        activity = Activity.objects.filter(plan=plan, code=note["activity"]).first()
        period = note.get("period", ReportPeriod.YEAR)
        if activity and not ActivityReportNote.objects.filter(activity=activity, party=party, period=period).exists():
            report_note_save(
                activity=activity, party=party, text=note["text"], author=_author(party.slug), period=period
            )

    for key, evidence in data["confirmations"].items():
        obligation = Obligation.objects.filter(plan=plan, key=key, subject=ObligationSubject.MANUAL).first()
        if obligation is None:
            continue
        period_key = f"{year}-by-{obligation.due_date.isoformat()}" if obligation.due_date else str(year)
        ObligationConfirmation.objects.get_or_create(
            obligation=obligation,
            period_key=period_key,
            defaults={
                "party": obligation.responsible,
                "evidence": evidence,
                "author": _author(obligation.responsible.slug),
            },
        )

    _deliverables(plan, data.get("deliverables", []), out)
    for entry in data.get("explanations", []):
        obligation = Obligation.objects.filter(plan=plan, key=entry["commitment"]).select_related("plan").first()
        if (
            obligation is None
            or DeviationExplanation.objects.filter(obligation=obligation, period_key=entry["period"]).exists()
        ):
            continue
        deviation_explain(
            obligation=obligation,
            party=obligation.responsible,
            period_key=entry["period"],
            text=entry["text"],
            author=_author(obligation.responsible.slug),
        )

    for entry in data["report_parts"]:
        _part(plan, parties[entry["party"]], entry["period"], entry["steps"], parties, out)
    out.write(
        f"  monitoring: {ManualValue.objects.filter(year=year).count()} values entered by hand, "
        f"{ActivityReportNote.objects.filter(activity__plan=plan).count()} report notes, "
        f"{ReportPart.objects.filter(plan=plan).count()} report parts\n"
    )


def _part(plan, party, period: str, steps: list[dict], parties, out) -> None:
    """Take a part's steps through the cycle as the demo accounts would; skip a part already there."""
    if ReportPart.objects.filter(plan=plan, period=period, party=party).exists():
        return
    elvl = _author("elvl")
    for entry in steps:
        try:
            if entry["step"] == "submit":
                cycle.part_submit(plan=plan, period=period, party=party, user=_author(party.slug))
                continue
            part = ReportPart.objects.get(plan=plan, period=period, party=party)
            if entry["step"] == "approve":
                cycle.part_approve(part=part, user=elvl, comment=entry.get("comment", ""))
            else:
                cycle.part_return(part=part, user=elvl, comment=entry["comment"])
        except ValidationError as exc:
            out.write(f"  monitoring: {party.slug} {period} {entry['step']} skipped: {'; '.join(exc.messages)}\n")
            return
