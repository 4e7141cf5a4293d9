"""Edits from the plan pages and copying a plan to the next year. Callers have already checked the
user may edit the record (views use `get_editable_or_404`); these functions keep the plan whole."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, ProtectedError
from django.utils.translation import gettext as _

from loim.parties.models import Party

from ..models import Activity, EventKind, Indicator, Obligation, Plan, PlanStatus, Target
from ..validation import normalise_row_number


def _save(instance) -> None:
    instance.full_clean()
    instance.save()


@transaction.atomic
def plan_update(*, plan: Plan, values: dict) -> Plan:
    for name, value in values.items():
        setattr(plan, name, value)
    _save(plan)
    return plan


@transaction.atomic
def activity_update(*, activity: Activity, values: dict, responsible_parties: list[Party]) -> Activity:
    """Change one activity or row. A row's printed number sets its code; a row with rows under it keeps
    its number (renumber those first), so codes stay unique and nested."""
    number = values.pop("row_number", None)
    if activity.level and number is not None:
        key = normalise_row_number(number)
        if key != activity.row_key and activity.children.exists():
            raise ValidationError({"row_number": _("Renumber the rows under this row first.")})
        activity.row_number, activity.row_key = number, key
        activity.code = f"{activity.measure_code}/{key}"
    for name, value in values.items():
        setattr(activity, name, value)
    _save(activity)
    if set(activity.responsible_parties.all()) != set(responsible_parties):
        activity.responsible_parties.set(responsible_parties)
    return activity


@transaction.atomic
def activity_add_row(*, parent: Activity, values: dict, responsible_parties: list[Party]) -> Activity:
    """A new schedule row under `parent`, placed after the parent's last row in document order."""
    number = values.pop("row_number")
    key = normalise_row_number(number)
    subtree_end = _last_position(parent)
    Activity.objects.filter(plan=parent.plan, position__gt=subtree_end).update(position=F("position") + 1)
    row = Activity(
        plan=parent.plan,
        party=parent.plan.party,
        parent=parent,
        section=parent.section,
        measure_code=parent.measure_code,
        row_number=number,
        row_key=key,
        code=f"{parent.measure_code}/{key}",
        level=parent.level + 1,
        position=subtree_end + 1,
        **values,
    )
    _save(row)
    row.responsible_parties.set(responsible_parties)
    return row


def _last_position(activity: Activity) -> int:
    last = activity.position
    frontier = [activity.pk]
    while frontier:
        found = Activity.objects.filter(parent_id__in=frontier).aggregate(m=Max("position"))["m"]
        if found is not None:
            last = max(last, found)
        frontier = list(Activity.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
    return last


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    """Delete a row (and the rows under it). Refused while records such as events point at it."""
    if activity.level == 0:
        raise ValidationError(_("An activity of the plan is not deleted here; change the plan file instead."))
    try:
        activity.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("%d records (such as events) are linked to this row or a row under it; link them elsewhere first.")
            % len(exc.protected_objects)
        ) from exc


@transaction.atomic
def indicator_save(*, indicator: Indicator, values: dict, targets: dict[int, Decimal]) -> Indicator:
    """Create or change an indicator with its targets (year → value; years left out are removed)."""
    for name, value in values.items():
        setattr(indicator, name, value)
    indicator.party = indicator.plan.party
    if indicator.position == 0 and indicator.pk is None:
        indicator.position = (Indicator.objects.filter(plan=indicator.plan).aggregate(m=Max("position"))["m"] or 0) + 1
    _save(indicator)
    existing = {t.year: t for t in indicator.targets.all()}
    frame_year = indicator.plan.frame_end.year
    for year, value in targets.items():
        target = existing.pop(year, None) or Target(indicator=indicator, year=year, party=indicator.party)
        if target.pk is None or target.value != value or target.is_frame_target != (year == frame_year):
            target.value, target.is_frame_target = value, year == frame_year
            _save(target)
    for target in existing.values():
        target.delete()
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    indicator.delete()


@transaction.atomic
def obligation_save(*, obligation: Obligation, values: dict, event_kinds: list[EventKind]) -> Obligation:
    for name, value in values.items():
        setattr(obligation, name, value)
    obligation.party = obligation.plan.party
    _save(obligation)
    if set(obligation.event_kinds.all()) != set(event_kinds):
        obligation.event_kinds.set(event_kinds)
    return obligation


@transaction.atomic
def obligation_delete(*, obligation: Obligation) -> None:
    obligation.delete()


# --- copying a plan to the next year
def _next_year(day: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def plan_copy(*, plan: Plan, year: int | None = None) -> Plan:
    """The plan copied to the next year as a draft, in one step: every activity and row with its dates
    in the new period, indicators (same keys, so the years link) with the frame targets, and the
    commitments with their due dates moved on. The new year's targets are left for the editors."""
    year = year or plan.year + 1
    if Plan.objects.filter(year=year).exists():
        raise ValidationError(_("There is already a %s plan.") % year)
    shift = year - plan.year
    copy = Plan(
        party=plan.party,
        year=year,
        title=plan.title.replace(str(plan.year), str(year)),
        period_start=plan.period_start.replace(year=plan.period_start.year + shift),
        period_end=plan.period_end.replace(year=plan.period_end.year + shift),
        frame_end=plan.frame_end,
        status=PlanStatus.DRAFT,
        source=plan.source,
        copied_from=plan,
    )
    _save(copy)
    new_ids: dict[int, Activity] = {}
    for activity in plan.activities.order_by("position").prefetch_related("responsible_parties"):
        parties = list(activity.responsible_parties.all())
        old_pk = activity.pk
        _as_new(activity)
        activity.plan = copy
        activity.parent = new_ids.get(activity.parent_id) if activity.parent_id else None
        activity.start, activity.end = _moved(activity.start, shift), _moved(activity.end, shift)
        _save(activity)
        activity.responsible_parties.set(parties)
        new_ids[old_pk] = activity
    for indicator in plan.indicators.prefetch_related("targets"):
        targets = [t for t in indicator.targets.all() if t.year > plan.year]
        old_activity = indicator.activity_id
        _as_new(indicator)
        indicator.plan = copy
        indicator.activity = new_ids.get(old_activity) if old_activity else None
        _save(indicator)
        for target in targets:
            _save(
                Target(
                    indicator=indicator,
                    party=copy.party,
                    year=target.year,
                    value=target.value,
                    is_frame_target=target.is_frame_target,
                )
            )
    for obligation in plan.obligations.prefetch_related("event_kinds"):
        kinds = list(obligation.event_kinds.all())
        old_activity = obligation.activity_id
        _as_new(obligation)
        obligation.plan = copy
        obligation.activity = new_ids[old_activity]
        obligation.due_date = _moved(obligation.due_date, shift)
        obligation.rule = _rule_moved(obligation.rule, shift)
        _save(obligation)
        obligation.event_kinds.set(kinds)
    return copy


def _rule_moved(rule: dict | None, shift: int) -> dict:
    """A commitment's checking rule in the new year: its declared pauses move on like due dates."""
    rule = dict(rule or {})
    if rule.get("pauses"):
        rule["pauses"] = [
            {
                key: _moved(dt.date.fromisoformat(pause[key]), shift).isoformat()  # type: ignore[union-attr]
                for key in ("start", "end")
            }
            for pause in rule["pauses"]
        ]
    return rule


def _as_new(instance) -> None:
    """Turn a loaded record into an unsaved copy (its prefetched relations belong to the original)."""
    instance.pk = instance.id = None
    instance._state.adding = True
    instance.__dict__.pop("_prefetched_objects_cache", None)


def _moved(day: dt.date | None, shift: int) -> dt.date | None:
    for _step in range(shift):
        day = _next_year(day)
    return day


def event_kinds_ensure() -> int:
    """Create the glossary's event kinds that are missing (they come with migration 0002; a test
    database flushed between transactional tests, or a hand-cleaned one, loses them). Idempotent:
    existing kinds, and kinds administrators added or renamed, are left alone. Returns how many
    were created."""
    import importlib

    kinds = importlib.import_module("loim.plans.migrations.0002_event_kinds").KINDS
    existing = set(EventKind.objects.values_list("code", flat=True))
    missing = [
        EventKind(code=code, name_et=et, name_en=en, name_ru=ru, name_uk=uk, order=order * 10)
        for order, (code, et, en, ru, uk) in enumerate(kinds, start=1)
        if code not in existing
    ]
    EventKind.objects.bulk_create(missing)
    return len(missing)
