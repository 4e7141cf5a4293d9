"""Importing a plan file: one transaction, every error reported with file and line, nothing written
on error, and a re-import of the same file changes nothing (records are updated in place, keyed on
plan year, activity code, indicator key, target year and commitment key)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from loim.core.tenancy import Scope, can_edit_party
from loim.parties.models import Party

from ..models import Activity, Deliverable, EventKind, Indicator, Obligation, Plan, Target
from ..planfile.parse import Context, Entry, iter_indicators, iter_nodes, normalise_row_number, parse_plan
from ..planfile.reader import PlanFileError, PlanFileInvalid
from .deliverable_import import write_deliverables

# model field → the field's name in the plan file, for errors found by the models' own validation
FILE_FIELDS = {
    "period_start": "period.start",
    "period_end": "period.end",
    "frame_start": "frame.start",
    "frame_end": "frame.end",
    "start": "dates.start",
    "end": "dates.end",
    "responsible_text": "responsible",
    "row_number": "number",
    "row_key": "number",
    "due_date": "due",
    "min_count": "min",
    "max_count": "max",
    "excluded_periods": "excluded",
    "is_open": "open",
    "rule": "pauses",
    "obligation": "commitment",
    NON_FIELD_ERRORS: "",
}


@dataclass
class ImportResult:
    plan: Plan
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def summary(self) -> str:
        names = {
            "plans": Plan._meta.verbose_name_plural,
            "activities": Activity._meta.verbose_name_plural,
            "indicators": Indicator._meta.verbose_name_plural,
            "targets": Target._meta.verbose_name_plural,
            "commitments": Obligation._meta.verbose_name_plural,
            "deliverables": Deliverable._meta.verbose_name_plural,
        }

        def counts(counter: Counter) -> str:
            return ", ".join(f"{names.get(name, name)} {n}" for name, n in sorted(counter.items())) or "0"

        return _("created: %(c)s; changed: %(u)s; removed: %(d)s") % {
            "c": counts(self.created),
            "u": counts(self.updated),
            "d": counts(self.deleted),
        }


def plan_context() -> Context:
    return Context(
        parties=frozenset(Party.objects.values_list("slug", flat=True)),
        event_kinds=frozenset(EventKind.objects.values_list("code", flat=True)),
    )


def plan_file_parse(text: str, *, filename: str) -> dict:
    """The canonical document of a plan file's text, or PlanFileInvalid listing every error."""
    return parse_plan(text, filename=filename, context=plan_context())


def plan_file_import(path: Path | str, *, user=None) -> ImportResult:
    """Read, check and import a plan file from disk (the `loim import-plan` command, the setup hook)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PlanFileInvalid(
            [PlanFileError(path.name, 1, "", "", _("The file is not UTF-8 text: %s.") % exc)]
        ) from exc
    document = plan_file_parse(text, filename=path.name)
    return plan_import(document=document, filename=path.name, user=user)


@transaction.atomic
def plan_import(*, document: dict, filename: str, user=None) -> ImportResult:
    """Write a parsed plan document. Raises PlanFileInvalid (and writes nothing) on any error.

    With `user`, the import is refused unless the user may edit plans of the file's owner and, when
    the year exists, the existing plan itself (tenancy: plans are shared, the owner edits).
    """
    writer = _Writer(document, filename, user)
    result = writer.run()
    if writer.errors:
        transaction.set_rollback(True)
        raise PlanFileInvalid(writer.errors)
    return result


class _Writer:
    def __init__(self, document: dict, filename: str, user):
        self.document = document
        self.filename = filename
        self.user = user
        self.errors: list[PlanFileError] = []
        self.parties = {p.slug: p for p in Party.objects.all()}
        self.kinds = {k.code: k for k in EventKind.objects.all()}

    def error(self, entry: Entry | None, field_name: str, message: str) -> None:
        line = entry.line_for(field_name.split(".")[0]) if isinstance(entry, Entry) else 1
        where = entry.where if isinstance(entry, Entry) else ""
        self.errors.append(PlanFileError(self.filename, line, where, field_name, str(message)))

    def save(self, instance, values: dict, entry: Entry | None, result: ImportResult, label: str, prefix="") -> bool:
        """Set the values; validate and save only when something differs. True if saved."""
        is_new = instance.pk is None
        changed = is_new
        for name, value in values.items():
            model_field = instance._meta.get_field(name)
            if (
                model_field.many_to_one or model_field.one_to_one
            ):  # compare ids: reading the relation would cost a query per row
                differs = getattr(instance, model_field.attname) != (value.pk if value is not None else None)
            else:
                differs = getattr(instance, name) != value
            if differs:
                setattr(instance, name, value)
                changed = True
        if not changed:
            return False
        try:
            instance.full_clean()
        except ValidationError as exc:
            for model_field, messages in exc.message_dict.items():
                file_field = FILE_FIELDS.get(model_field, model_field)
                for message in messages:
                    self.error(entry, f"{prefix}{file_field}", message)
            return False
        instance.save()
        (result.created if is_new else result.updated)[label] += 1
        return True

    def may_import(self, owner: Party, plan: Plan | None) -> bool:
        if not can_edit_party(self.user, owner.pk, Scope.SHARED):
            return False
        return plan is None or can_edit_party(self.user, plan.party_id, Scope.SHARED)

    def run(self) -> ImportResult:
        doc = self.document
        owner = self.parties[doc["owner"]]
        plan = Plan.objects.filter(year=doc["year"]).first()
        if self.user is not None and not self.may_import(owner, plan):
            self.errors.append(
                PlanFileError(self.filename, 1, "", "owner", _("You may not import plans for %s.") % owner)
            )
            return ImportResult(plan=plan or Plan(year=doc["year"]))
        copied_from = None
        if doc["copied_from"]:
            copied_from = Plan.objects.filter(year=doc["copied_from"]).first()
            if copied_from is None:
                self.errors.append(
                    PlanFileError(self.filename, 1, "", "copied_from", _("There is no %s plan.") % doc["copied_from"])
                )
        plan = plan or Plan(year=doc["year"])
        result = ImportResult(plan=plan)
        self.save(
            plan,
            {
                "party": owner,
                "title": doc["title"],
                "period_start": doc["period"]["start"],
                "period_end": doc["period"]["end"],
                "frame_end": doc["frame_end"],
                "status": doc["status"],
                "source": doc["source"],
                "copied_from": copied_from,
            },
            None,
            result,
            "plans",
        )
        if plan.pk is None:
            return result
        activities = self.write_activities(plan, result)
        self.write_indicators(plan, activities, result)
        self.write_obligations(plan, activities, result)
        write_deliverables(self, plan, activities, result)
        return result

    # --- activities
    def write_activities(self, plan: Plan, result: ImportResult) -> dict[str, Activity]:
        existing = {a.code: a for a in Activity.objects.filter(plan=plan).prefetch_related("responsible_parties")}
        written: dict[str, Activity] = {}
        codes_of: dict[int, str] = {}
        for position, (entry, section, top_code, parent) in enumerate(iter_nodes(self.document)):
            is_top = parent is None
            key = "" if is_top else normalise_row_number(entry["number"])
            code = top_code if is_top else f"{top_code}/{key}"
            parent_code = None if is_top else codes_of[id(parent)]
            codes_of[id(entry)] = code
            parent_activity = written.get(parent_code) if parent_code else None
            if parent_code and parent_activity is None:
                continue  # the parent failed validation; its error is already listed
            activity = existing.get(code) or Activity(plan=plan, code=code)
            activity.plan = plan
            frame, dates = entry["frame"] or {}, entry["dates"] or {}
            values = {
                "party": plan.party,
                "parent": parent_activity,
                "section": section,
                "measure_code": top_code,
                "row_number": "" if is_top else entry["number"],
                "row_key": key,
                "level": 0 if is_top else parent_activity.level + 1,
                "position": position,
                "title": entry["title"],
                "heading_title": entry.get("heading_title", ""),
                "schedule_table": entry.get("schedule_table"),
                "frame_start": frame.get("start"),
                "frame_end": frame.get("end"),
                "start": dates.get("start"),
                "end": dates.get("end"),
                "responsible_text": entry["responsible"],
                "narrative": entry["narrative"],
                "target_group": entry["target_group"],
                "planned": entry["planned"],
            }
            saved = self.save(activity, values, entry, result, "activities")
            if activity.pk is None:
                continue
            wanted = {self.parties[slug] for slug in entry["responsible_parties"]}
            current = set(activity.responsible_parties.all()) if code in existing else set()
            if wanted != current:
                activity.responsible_parties.set(wanted)
                if not saved:
                    result.updated["activities"] += 1
            written[code] = activity
        if self.errors:
            return written  # nothing is removed from a plan whose file has errors
        stale = sorted((a for code, a in existing.items() if code not in written), key=lambda a: -a.level)
        for activity in stale:
            try:
                activity.delete()
            except ProtectedError as exc:
                self.errors.append(
                    PlanFileError(
                        self.filename,
                        1,
                        f"activity {activity.code}",
                        "",
                        _(
                            "This row is no longer in the file, but %d records (such as events) are linked to it; "
                            "link them to another row first."
                        )
                        % len(exc.protected_objects),
                    )
                )
                continue
            result.deleted["activities"] += 1
        return written

    # --- indicators and targets
    def write_indicators(self, plan: Plan, activities: dict[str, Activity], result: ImportResult) -> None:
        existing = {i.key: i for i in Indicator.objects.filter(plan=plan).prefetch_related("targets")}
        seen = set()
        for position, (entry, section, code) in enumerate(iter_indicators(self.document)):
            indicator = existing.get(entry["key"]) or Indicator(plan=plan, key=entry["key"])
            activity = activities.get(code) if code else None
            if code and activity is None:
                continue
            self.save(
                indicator,
                {
                    "party": plan.party,
                    "activity": activity,
                    "section": section,
                    "name": entry["name"],
                    "unit": entry["unit"],
                    "kind": entry["kind"],
                    "explanation": entry["explanation"],
                    "table": entry["table"],
                    "measurement": entry["measurement"],
                    "rule": entry["rule"],
                    "measurement_note": entry["measurement_note"],
                    "position": position,
                },
                entry,
                result,
                "indicators",
            )
            if indicator.pk is None:
                continue
            seen.add(indicator.key)
            targets = {t.year: t for t in indicator.targets.all()} if entry["key"] in existing else {}
            for year, value in entry["targets"].items():
                target = targets.pop(year, None) or Target(indicator=indicator, year=year)
                self.save(
                    target,
                    {"party": plan.party, "value": value, "is_frame_target": year == plan.frame_end.year},
                    entry,
                    result,
                    "targets",
                    prefix=f"targets.{year}.",
                )
            for target in targets.values():
                target.delete()
                result.deleted["targets"] += 1
        for key, indicator in existing.items():
            if key not in seen and not self.errors:
                indicator.delete()
                result.deleted["indicators"] += 1

    # --- obligations
    def write_obligations(self, plan: Plan, activities: dict[str, Activity], result: ImportResult) -> None:
        existing = {o.key: o for o in Obligation.objects.filter(plan=plan).prefetch_related("event_kinds")}
        seen = set()
        for section in self.document["sections"]:
            for top in section["activities"]:
                for entry in top["obligations"]:
                    code = f"{top['code']}/{entry['row']}" if entry["row"] else top["code"]
                    activity = activities.get(code)
                    if activity is None:
                        continue
                    obligation = existing.get(entry["key"]) or Obligation(plan=plan, key=entry["key"])
                    saved = self.save(
                        obligation,
                        {
                            "party": plan.party,
                            "activity": activity,
                            "title": entry["title"],
                            "responsible": self.parties[entry["responsible"]],
                            "subject": entry["subject"],
                            "period": entry["period"],
                            "due_date": entry["due"],
                            "min_count": entry["min"],
                            "max_count": entry["max"],
                            "excluded_periods": entry["excluded"],
                            "is_open": entry["open"],
                            "rule": obligation_rule(entry),
                            "reach": entry["reach"],
                            "quote": entry["quote"],
                            "note": entry["note"],
                        },
                        entry,
                        result,
                        "commitments",
                    )
                    if obligation.pk is None:
                        continue
                    seen.add(obligation.key)
                    wanted = {self.kinds[code] for code in entry["event_kinds"]}
                    current = set(obligation.event_kinds.all()) if entry["key"] in existing else set()
                    if wanted != current:
                        obligation.event_kinds.set(wanted)
                        if not saved:
                            result.updated["commitments"] += 1
        for key, obligation in existing.items():
            if key not in seen and not self.errors:
                obligation.delete()
                result.deleted["commitments"] += 1


def obligation_rule(entry: dict) -> dict:
    """The commitment's checking rule as stored (`Obligation.rule`): ISO dates, empty keys left out."""
    rule: dict = {}
    if entry.get("pauses"):
        rule["pauses"] = [{"start": p["start"].isoformat(), "end": p["end"].isoformat()} for p in entry["pauses"]]
    if entry.get("distinct"):
        rule["distinct"] = entry["distinct"]
    return rule
