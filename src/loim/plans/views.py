"""Plan pages: the list of plans, a plan as the document has it (with "my activities", the
consistency panel and the indicators across years), the timeline, exports, imports and the editing
pages of the implementer's administrators and coordinators. Everything goes through tenancy: plans
are shared (every member reads them), the owning party edits them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loim.core.permissions import permits, policy
from loim.core.tenancy import get_editable_or_404, get_visible_or_404

from . import services
from .consistency import plan_findings
from .forms import ActivityForm, IndicatorForm, ObligationForm, PlanForm, PlanImportForm, TargetFormSet
from .models import Activity, EventKind, Indicator, Obligation, Plan
from .planfile.export import dump_json, dump_yaml, plan_document
from .planfile.reader import PlanFileInvalid
from .rules import rule_in_words, rule_names
from .selectors import plan_tree, targets_across_years
from .timeline import build_timeline, describe, frame_span

FORMATS = {"yaml": ("application/yaml", dump_yaml), "json": ("application/json", dump_json)}


def _plan(request, year: int) -> Plan:
    return get_visible_or_404(Plan.objects.select_related("party", "copied_from"), request.user, year=year)


@policy("signed_in")
def plan_list(request):
    plans = (
        Plan.objects.visible_to(request.user)
        .select_related("party", "copied_from")
        .annotate(activity_count=Count("activities", distinct=True), indicator_count=Count("indicators", distinct=True))
    )
    may_import = permits(request.user, "import_plan")
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "may_import": may_import, "import_form": PlanImportForm() if may_import else None},
    )


@policy("signed_in")
def plan_detail(request, year: int):
    plan = _plan(request, year)
    tree = plan_tree(plan, user=request.user)
    mine_only = request.GET.get("mine") == "1"
    kinds = list(EventKind.objects.all())
    sections = tree.sections()
    for section in sections:
        for top in section["activities"]:
            top.flat_rows = [r for r in tree.descendants(top) if not mine_only or r.is_mine]
    _planned_vs_done(plan, request.user, tree.activities)
    linked = targets_across_years(plan, request.user)
    kind_names, party_names = rule_names()
    for indicator in tree.indicators:
        indicator.rule_text = rule_in_words(indicator.rule, kinds=kind_names, parties=party_names)
        indicator.linked = linked.get(indicator.key, [])
    context = {
        "plan": plan,
        "tree": tree,
        "sections": sections,
        "mine_only": mine_only,
        "mine_count": sum(1 for a in tree.activities if a.is_mine),
        "my_rows": [a for a in tree.activities if a.is_mine],
        "findings": plan_findings(tree, kinds),
        "may_edit": permits(request.user, "edit_plan", plan),
        "next_year_exists": Plan.objects.filter(year=plan.year + 1).exists(),
        "previous_year_exists": Plan.objects.filter(year=plan.year - 1).exists(),
    }
    template = (
        "plans/_plan_body.html" if request.htmx and request.htmx.target == "plan-body" else "plans/plan_detail.html"
    )
    return render(request, template, context)


def _planned_vs_done(plan, user, activities) -> None:
    """Each row's planned quantities with what was done (issue 11 §5), counted by monitoring's engine
    over the records the user may see; `activity.planned_done` for the schedule table."""
    from loim.monitoring.access import Viewer  # monitoring builds on plans, not the other way round
    from loim.monitoring.planned import planned_vs_done

    found = planned_vs_done(plan, Viewer(user=user), activities=activities)
    for activity in activities:
        activity.planned_done = found.get(activity.pk, [])


@policy("signed_in")
def plan_timeline(request, year: int):
    plan = _plan(request, year)
    tree = plan_tree(plan, user=request.user)
    scope = "frame" if request.GET.get("scope") == "frame" else "year"
    mine_only = request.GET.get("mine") == "1"
    timeline = build_timeline(tree, scope=scope, mine_only=mine_only)
    frame_start, frame_end = frame_span(tree)
    return render(
        request,
        "plans/timeline.html",
        {
            "plan": plan,
            "timeline": timeline,
            "summary": describe(timeline),
            "scope": scope,
            "mine_only": mine_only,
            "frame_years": (frame_start.year, frame_end.year),
        },
    )


@policy("signed_in")
def plan_export(request, year: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    plan = _plan(request, year)
    content_type, dump = FORMATS[fmt]
    response = HttpResponse(dump(plan_document(plan)), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.year}.{fmt}"'
    return response


@policy("import_plan")
def plan_import(request):
    form = PlanImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        else:
            try:
                document = services.plan_file_parse(text, filename=upload.name)
                result = services.plan_import(document=document, filename=upload.name, user=request.user)
            except PlanFileInvalid as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    _("Plan %(year)s imported: %(summary)s.") % {"year": result.plan.year, "summary": result.summary()},
                )
                return redirect("plans:detail", year=result.plan.year)
    return render(request, "plans/plan_import.html", {"form": form, "errors": errors}, status=400 if errors else 200)


@policy("edit_plan")
def plan_edit(request, year: int):
    plan = get_editable_or_404(Plan, request.user, year=year)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.plan_update(plan=plan, values=form.cleaned_data)
        messages.success(request, _("The plan was saved."))
        return redirect("plans:detail", year=plan.year)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@policy("edit_plan")
@require_POST
def plan_copy(request, year: int):
    plan = get_editable_or_404(Plan, request.user, year=year)
    try:
        copy = services.plan_copy(plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans:detail", year=plan.year)
    messages.success(
        request, _("The plan was copied to %(year)s as a draft. Set the %(year)s targets.") % {"year": copy.year}
    )
    return redirect("plans:detail", year=copy.year)


def _back(activity_or_plan, anchor: str = "") -> str:
    plan = activity_or_plan if isinstance(activity_or_plan, Plan) else activity_or_plan.plan
    return reverse("plans:detail", kwargs={"year": plan.year}) + anchor


def _service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@policy("edit_plan")
def activity_edit(request, pk: int):
    activity = get_editable_or_404(Activity.objects.select_related("plan", "parent"), request.user, pk=pk)
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                activity=activity,
                values=form.values(),
                responsible_parties=list(form.cleaned_data["responsible_parties"]),
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("%s was saved.") % activity.code)
            return redirect(_back(activity, f"#a-{activity.pk}"))
    return render(request, "plans/activity_form.html", {"form": form, "activity": activity, "plan": activity.plan})


@policy("edit_plan")
def activity_add_row(request, pk: int):
    parent = get_editable_or_404(Activity.objects.select_related("plan"), request.user, pk=pk)
    row = Activity(
        plan=parent.plan,
        party=parent.plan.party,
        parent=parent,
        section=parent.section,
        measure_code=parent.measure_code,
        level=parent.level + 1,
        start=parent.start,
        end=parent.end,
        frame_start=parent.frame_start,
        frame_end=parent.frame_end,
    )
    form = ActivityForm(request.POST or None, instance=row, user=request.user, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.activity_add_row(
                parent=parent, values=form.values(), responsible_parties=list(form.cleaned_data["responsible_parties"])
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("%s was added.") % new.code)
            return redirect(_back(new, f"#a-{new.pk}"))
    return render(
        request, "plans/activity_form.html", {"form": form, "activity": row, "parent": parent, "plan": parent.plan}
    )


def _delete(request, record, *, service, name: str, back: str):
    if request.method == "POST":
        try:
            service()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        messages.success(request, _("%s was deleted.") % name)
        return redirect(back)
    return render(request, "plans/confirm_delete.html", {"record": record, "name": name, "back": back})


@policy("edit_plan")
def activity_delete(request, pk: int):
    activity = get_editable_or_404(Activity.objects.select_related("plan"), request.user, pk=pk)
    return _delete(
        request,
        activity,
        service=lambda: services.activity_delete(activity=activity),
        name=activity.code,
        back=_back(activity, "#a-" + str(activity.parent_id or activity.pk)),
    )


def _indicator_page(request, plan: Plan, indicator: Indicator):
    form = IndicatorForm(request.POST or None, instance=indicator, user=request.user, plan=plan)
    initial = (
        [{"year": t.year, "value": t.value} for t in indicator.targets.all()]
        if indicator.pk
        else [{"year": plan.year}, {"year": plan.frame_end.year}]
    )
    targets = TargetFormSet(request.POST or None, initial=initial, plan=plan, prefix="targets")
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        try:
            with transaction.atomic():
                saved = services.indicator_save(indicator=indicator, values=form.values(), targets=targets.targets())
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("The indicator %s was saved.") % saved.name)
            return redirect(_back(plan, f"#i-{saved.pk}"))
    return render(
        request, "plans/indicator_form.html", {"form": form, "targets": targets, "plan": plan, "indicator": indicator}
    )


@policy("edit_plan")
def indicator_edit(request, pk: int):
    indicator = get_editable_or_404(Indicator.objects.select_related("plan"), request.user, pk=pk)
    return _indicator_page(request, indicator.plan, indicator)


@policy("edit_plan")
def indicator_create(request, year: int):
    plan = get_editable_or_404(Plan, request.user, year=year)
    return _indicator_page(request, plan, Indicator(plan=plan, party=plan.party))


@policy("edit_plan")
def indicator_delete(request, pk: int):
    indicator = get_editable_or_404(Indicator.objects.select_related("plan"), request.user, pk=pk)
    return _delete(
        request,
        indicator,
        service=lambda: services.indicator_delete(indicator=indicator),
        name=indicator.name,
        back=_back(indicator.plan),
    )


def _obligation_page(request, plan: Plan, obligation: Obligation):
    form = ObligationForm(request.POST or None, instance=obligation, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.obligation_save(
                obligation=obligation, values=form.values(), event_kinds=list(form.cleaned_data["event_kinds"])
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("The commitment %s was saved.") % saved.title)
            return redirect(_back(plan, f"#o-{saved.pk}"))
    return render(request, "plans/obligation_form.html", {"form": form, "plan": plan, "obligation": obligation})


@policy("edit_plan")
def obligation_edit(request, pk: int):
    obligation = get_editable_or_404(Obligation.objects.select_related("plan"), request.user, pk=pk)
    return _obligation_page(request, obligation.plan, obligation)


@policy("edit_plan")
def obligation_create(request, year: int):
    plan = get_editable_or_404(Plan, request.user, year=year)
    return _obligation_page(request, plan, Obligation(plan=plan, party=plan.party))


@policy("edit_plan")
def obligation_delete(request, pk: int):
    obligation = get_editable_or_404(Obligation.objects.select_related("plan"), request.user, pk=pk)
    return _delete(
        request,
        obligation,
        service=lambda: services.obligation_delete(obligation=obligation),
        name=obligation.title,
        back=_back(obligation.plan),
    )
