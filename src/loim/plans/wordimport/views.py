"""The upload preview of an action plan document: upload → preview (nothing written) → confirm.

The uploaded file waits in `core.tabular.uploads` under a token kept in the session, as the other
imports' files do; the preview is read again from it on every request (reading is deterministic),
and confirming takes it out, so a token is used once. A token this session does not hold — stale,
used, or another user's — is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from loim.core.permissions import policy
from loim.core.tabular import uploads as waiting
from loim.core.tenancy import get_visible_or_404

from ..models import Plan
from ..planfile.export import plan_document
from ..planfile.reader import PlanFileInvalid
from . import corrections as fixes
from .forms import PlanDocumentForm
from .plan_diff import plan_diff
from .preview import Preview, build_preview, confirm, parse_context
from .summary import node_rows, rule_text, targets_text

SESSION_KEY = "plan_documents"


def _waiting(request, token: str) -> tuple[dict, bytes]:
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None:
        raise Http404(_("No such page."))
    try:
        data = waiting.read_stashed(entry["path"])
    except FileNotFoundError as exc:
        raise Http404(_("No such page.")) from exc
    return entry, data


@policy("import_plan")
def document_upload(request):
    form = PlanDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        token = waiting.wait(request, SESSION_KEY, data, upload.name)
        return redirect("plans:document_preview", token=token)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/document_upload.html", {"form": form}, status=status)


def _corrections(entry: dict) -> dict[str, dict]:
    return dict(entry.get("corrections") or {})


def _save_corrections(request, token: str, corrections: dict[str, dict]) -> None:
    pending = request.session.get(SESSION_KEY, {})
    if token in pending:
        pending[token] = {**pending[token], "corrections": corrections}
        request.session[SESSION_KEY] = pending


def _preview(entry: dict, data: bytes) -> Preview:
    return build_preview(data, filename=entry["name"], corrections=_corrections(entry))


def _edit_form(request, preview: Preview, element: str | None, data=None):
    if not element or not preview.document:
        return None
    return fixes.form_for(preview.document, element, parties=parse_context().parties, data=data)


def _title_of(document: dict, element: str) -> str:
    """What the edited element is called in the document: "1.1. Kohanemise koordinaatori värbamine …"."""
    found = fixes.find(document, element)
    if found is None:
        return ""
    kind, target, _activity = found
    if kind == "node":
        return " ".join(x for x in (target.get("number") or target.get("code"), target["title"]) if x)
    return target.get("name") or target.get("title") or ""


def _indicator(indicator: dict) -> dict:
    element = f"indicator {indicator['key']}"
    return {**indicator, "targets_text": targets_text(indicator), "element": element, "anchor": fixes.anchor(element)}


def _context(preview: Preview, token: str, *, editing: str = "", form=None) -> dict:
    sections = []
    for section in preview.document.get("sections", []):
        activities = []
        for activity in section["activities"]:
            activities.append(
                {
                    "code": activity["code"],
                    "title": activity["title"],
                    "target_group": activity["target_group"],
                    "rows": node_rows(activity),
                    "indicators": [_indicator(i) for i in activity["indicators"]],
                }
            )
        sections.append(
            {
                "section": section["section"],
                "activities": activities,
                "indicators": [_indicator(i) for i in section["indicators"]],
            }
        )
    commitments = [
        {
            "place": r.place,
            "rule": rule_text(r.obligation),
            "element": f"commitment {r.obligation['key']}",
            "anchor": fixes.anchor(f"commitment {r.obligation['key']}"),
            **r.obligation,
        }
        for r in preview.commitments
    ]
    kept = {f"deliverable {d['key']}" for _e, d, _a in fixes.deliverables(preview.document)}
    deliverables = [
        {
            "place": r.place,
            "element": f"deliverable {r.deliverable['key']}",
            "code": r.code,
            "anchor": fixes.anchor(f"deliverable {r.deliverable['key']}"),
            **r.deliverable,
        }
        for r in preview.deliverables
        if f"deliverable {r.deliverable['key']}" in kept
    ]
    return {
        "preview": preview,
        "token": token,
        "sections": sections,
        "commitments": commitments,
        "deliverables": deliverables,
        "editing": editing,
        "edit_form": form,
        "edit_place": preview.places.get(editing, editing) if editing else "",
        "edit_title": _title_of(preview.document, editing) if editing else "",
        "corrected": [(element, preview.places.get(element, element)) for element in preview.corrected],
        "yaml_text": preview.yaml() if preview.document else "",
    }


@policy("import_plan")
def document_preview(request, token: str):
    entry, data = _waiting(request, token)
    preview = _preview(entry, data)
    if request.method == "POST":
        if request.POST.get("action") == "correct":
            return _correct(request, preview, token, entry)
        if request.POST.get("action") == "uncorrect":
            corrections = _corrections(entry)
            corrections.pop(request.POST.get("element", ""), None)
            _save_corrections(request, token, corrections)
            messages.info(request, _("The correction was undone; the plan was checked again."))
            return redirect("plans:document_preview", token=token)
        if request.POST.get("action") == "import_corrected":
            return _import_corrected(request, preview, token)
        if request.POST.get("action") != "import":
            waiting.take(request, SESSION_KEY, token)
            messages.info(request, _("The import was cancelled; nothing was written."))
            return redirect("plans:document_upload")
        if preview.errors:
            messages.error(
                request, _("The plan has errors; nothing was written. Correct the document and upload it again.")
            )
            return render(request, "plans/document_preview.html", _context(preview, token), status=400)
        try:
            result = confirm(preview, user=request.user)
        except PlanFileInvalid as exc:
            messages.error(
                request,
                _("The plan could not be written: %(errors)s") % {"errors": "; ".join(str(e) for e in exc.errors)},
            )
            return render(request, "plans/document_preview.html", _context(preview, token), status=400)
        waiting.take(request, SESSION_KEY, token)
        messages.success(
            request,
            _("Plan %(year)s imported from the document: %(summary)s.")
            % {"year": result.plan.year, "summary": result.summary()},
        )
        if Plan.objects.filter(year=result.plan.year - 1).exists():
            return redirect("plans:changes", year=result.plan.year)
        return redirect("plans:detail", year=result.plan.year)
    editing = request.GET.get("edit", "")
    form = _edit_form(request, preview, editing)
    if editing and form is None:
        raise Http404(_("No such page."))
    return render(request, "plans/document_preview.html", _context(preview, token, editing=editing, form=form))


def _correct(request, preview: Preview, token: str, entry: dict):
    """One item's correction: its form checks the fields (each error beside its field, naming the place);
    stored in the session, then the whole plan is read and checked again. Nothing is written."""
    element = request.POST.get("element", "")
    form = _edit_form(request, preview, element, data=request.POST)
    if form is None:
        raise Http404(_("No such page."))
    if not form.is_valid():
        messages.error(
            request,
            _("%(place)s: the correction has errors; nothing was changed.")
            % {"place": preview.places.get(element, element)},
        )
        context = _context(preview, token, editing=element, form=form)
        return render(request, "plans/document_preview.html", context, status=400)
    corrections = _corrections(entry)
    corrections[element] = form.values()
    _save_corrections(request, token, corrections)
    checked = build_preview(_waiting(request, token)[1], filename=entry["name"], corrections=corrections)
    place = checked.places.get(element, element)
    if checked.errors:
        messages.warning(
            request,
            _("%(place)s corrected; the plan still has %(count)d errors.")
            % {"place": place, "count": len(checked.errors)},
        )
    else:
        messages.success(request, _("%(place)s corrected; the plan was checked again.") % {"place": place})
    return redirect(f"{request.path}#{fixes.anchor(element)}")


def _import_corrected(request, preview: Preview, token: str):
    """The plan as corrected by the advisor in the preview (its YAML, edited): checked by the plan file's
    validator and imported by the YAML importer; every error is listed with its line, nothing written."""
    from ..services import plan_file_parse, plan_import

    text = request.POST.get("yaml", "")
    try:
        document = plan_file_parse(text, filename=preview.filename)
        result = plan_import(document=document, filename=preview.filename, user=request.user)
    except PlanFileInvalid as exc:
        context = _context(preview, token) | {"yaml_errors": exc.errors, "yaml_text": text}
        return render(request, "plans/document_preview.html", context, status=400)
    waiting.take(request, SESSION_KEY, token)
    messages.success(
        request,
        _("Plan %(year)s imported from the document: %(summary)s.")
        % {"year": result.plan.year, "summary": result.summary()},
    )
    return redirect("plans:detail", year=result.plan.year)


@policy("import_plan")
def document_yaml(request, token: str):
    entry, data = _waiting(request, token)
    preview = _preview(entry, data)
    if not preview.document:
        raise Http404(_("No such page."))
    response = HttpResponse(preview.yaml(), content_type="application/yaml; charset=utf-8")
    name = entry["name"].rsplit(".", 1)[0] + ".yaml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@policy("signed_in")
def plan_changes(request, year: int):
    """What changed since the previous year's plan, for every reader of plans (the agency included)."""
    plan = get_visible_or_404(Plan.objects.select_related("party", "copied_from"), request.user, year=year)
    previous = (
        Plan.objects.visible_to(request.user).select_related("party", "copied_from").filter(year=year - 1).first()
    )
    diff = plan_diff(plan_document(previous), plan_document(plan)) if previous else None
    return render(request, "plans/plan_changes.html", {"plan": plan, "previous": previous, "diff": diff})
