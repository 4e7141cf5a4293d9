"""Pages of the communication app: quick entry, list and export, edit and delete, import, the
party's channels, and translation jobs. Thin: forms parse, services write, selectors read."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from loim.core import tabular
from loim.core.permissions import permits, policy
from loim.core.tenancy import get_editable_or_404, get_visible_or_404
from loim.core.versioning import StaleVersion

from .exports import outputs_export
from .forms import KEPT_FIELDS, ChannelForm, ImportForm, OutputFilterForm, OutputForm, TranslationJobForm
from .importing import COLUMNS, LIMITS, outputs_import
from .models import Channel, Output, TranslationJob
from .selectors import job_list, output_list, recent_outputs
from .services import (
    channel_delete,
    channel_save,
    output_create,
    output_delete,
    output_update,
    translation_job_create,
    translation_job_delete,
    translation_job_update,
)

PAGE_SIZE = 50


def _save_errors(form, exc: ValidationError) -> None:
    """Put a service's validation errors on the fields they name (or on the form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return default


# --- outputs


@policy("member")
@require_http_methods(["GET", "POST"])
def quick_entry(request):
    """Record an output in seconds: keyboard first, "save and new" keeps the kind, channel and date."""
    if not permits(request.user, "record_work"):
        return redirect("communication:list")
    if request.method == "POST":
        form = OutputForm(request.POST, request.FILES, user=request.user, autofocus=True)
        if form.is_valid():
            try:
                saved = output_create(
                    party=form.cleaned_data["party"], data=form.service_input(), created_by=request.user
                )
            except ValidationError as exc:
                _save_errors(form, exc)
            else:
                messages.success(request, _("Saved: “%(title)s”. Record the next one.") % {"title": saved.title})
                kept = [(name, request.POST.get(name, "")) for name in KEPT_FIELDS]
                kept += [("languages", code) for code in request.POST.getlist("languages")]
                return redirect(f"{reverse('communication:index')}?{urlencode(kept)}")
    else:
        initial = {name: request.GET.get(name) for name in KEPT_FIELDS if request.GET.get(name)}
        if request.GET.getlist("languages"):
            initial["languages"] = request.GET.getlist("languages")
        form = OutputForm(initial=initial, user=request.user, autofocus=True)
    has_channels = form.fields["channel"].queryset.exists()
    return render(
        request,
        "communication/entry.html",
        {"form": form, "recent": recent_outputs(request.user), "has_channels": has_channels},
    )


def _filtered(request):
    form = OutputFilterForm(request.GET or None, user=request.user)
    return form, output_list(request.user, **form.filters())


@policy("member")
def output_list_view(request):
    form, queryset = _filtered(request)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "communication/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "next": request.get_full_path()},
    )


@policy("member")
def output_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, queryset = _filtered(request)
    name = f"kommunikatsioon-{timezone.localdate().isoformat()}.{fmt}"
    return outputs_export(fmt, form, queryset, user=request.user, filename=name)


@policy("record_work")
@require_http_methods(["GET", "POST"])
def output_edit(request, pk):
    output = get_editable_or_404(Output.objects.select_related("party", "channel"), request.user, pk=pk)
    next_url = _next_url(request, reverse("communication:list"))
    if request.method == "POST":
        form = OutputForm(request.POST, request.FILES, user=request.user, with_party=False, versioned=output)
        if form.is_valid():
            try:
                output_update(output=output, data=form.service_input(), version=form.expected_version)
            except StaleVersion as exc:
                form.refuse_stale(exc, OutputForm.initial_from(exc.current) if exc.current else None)
            except ValidationError as exc:
                _save_errors(form, exc)
            else:
                messages.success(request, _("The output was saved."))
                return redirect(next_url)
    else:
        form = OutputForm(
            initial=OutputForm.initial_from(output), user=request.user, with_party=False, versioned=output
        )
    return render(request, "communication/edit.html", {"form": form, "output": output, "next": next_url})


@policy("record_work")
@require_http_methods(["GET", "POST"])
def output_delete_view(request, pk):
    output = get_editable_or_404(Output.objects.select_related("party", "channel"), request.user, pk=pk)
    next_url = _next_url(request, reverse("communication:list"))
    if request.method == "POST":
        output_delete(output=output)
        messages.success(request, _("The output was deleted."))
        return redirect(next_url)
    return render(request, "communication/delete.html", {"record": output, "next": next_url})


@policy("member")
def evidence_download(request, pk):
    output = get_visible_or_404(Output, request.user, pk=pk)
    if not output.evidence:
        raise Http404(_("No such record."))
    try:
        handle = output.evidence.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from storage.")) from exc
    response = FileResponse(
        handle, as_attachment=True, filename=output.evidence_name, content_type=output.evidence_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@policy("record_work")
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """One step: the file is checked and written in one transaction, or refused as a whole."""
    errors, count = [], 0
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = tabular.read_upload(upload, limits=LIMITS)
                written = outputs_import(
                    party=form.cleaned_data["party"], data=data, file_name=upload.name, created_by=request.user
                )
            except tabular.FileRejected as exc:
                errors, count = exc.errors, 1
            except tabular.ImportRejected as exc:
                errors, count = exc.errors, exc.count
            else:
                messages.success(request, _("%(count)d outputs were imported.") % {"count": written})
                return redirect("communication:list")
    else:
        form = ImportForm(user=request.user)
    return render(
        request,
        "communication/import.html",
        {"form": form, "errors": errors, "error_count": count, "columns": COLUMNS},
    )


# --- channels


@policy("member")
@require_http_methods(["GET", "POST"])
def channels(request):
    """The party's channels (a vocabulary of its own); editors add and change them here."""
    may_edit = permits(request.user, "record_work")
    form = None
    if may_edit:
        form = ChannelForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                channel_save(channel=Channel(party=data.pop("party")), **data)
            except ValidationError as exc:
                _save_errors(form, exc)
            else:
                messages.success(request, _("The channel was added."))
                return redirect("communication:channels")
    elif request.method == "POST":
        raise Http404
    listed = Channel.objects.visible_to(request.user).select_related("party").order_by("party__name", "name")
    return render(request, "communication/channels.html", {"form": form, "channels": listed})


@policy("record_work")
@require_http_methods(["GET", "POST"])
def channel_edit(request, pk):
    channel = get_editable_or_404(Channel.objects.select_related("party"), request.user, pk=pk)
    initial = {"name": channel.name, "kind": channel.kind, "url": channel.url, "active": channel.active}
    form = ChannelForm(request.POST or None, initial=initial, user=request.user, with_party=False)
    if request.method == "POST" and form.is_valid():
        try:
            channel_save(channel=channel, **form.cleaned_data)
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, _("The channel was saved."))
            return redirect("communication:channels")
    return render(request, "communication/channel_edit.html", {"form": form, "channel": channel})


@policy("record_work")
@require_http_methods(["GET", "POST"])
def channel_delete_view(request, pk):
    channel = get_editable_or_404(Channel.objects.select_related("party"), request.user, pk=pk)
    next_url = reverse("communication:channels")
    error = ""
    if request.method == "POST":
        try:
            channel_delete(channel=channel)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The channel was deleted."))
            return redirect(next_url)
    return render(request, "communication/delete.html", {"record": channel, "next": next_url, "error": error})


# --- translation jobs


@policy("member")
def jobs(request):
    page = Paginator(job_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "communication/jobs.html", {"page": page, "next": request.get_full_path(), "query": ""})


@policy("record_work")
@require_http_methods(["GET", "POST"])
def job_add(request):
    form = TranslationJobForm(request.POST or None, user=request.user, initial=_job_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            job = translation_job_create(
                party=form.cleaned_data["party"], data=form.service_input(), created_by=request.user
            )
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, _("The translation job “%(title)s” was saved.") % {"title": job.title})
            return redirect("communication:jobs")
    return render(request, "communication/job_form.html", {"form": form, "job": None})


def _job_initial(request) -> dict:
    """A prefill from the service's page (`?service=<id>&target_language=en`)."""
    initial = {}
    if request.method == "GET" and request.GET.get("service", "").isdigit():
        initial = {"subject_kind": "service", "service": request.GET["service"], "source_language": "et"}
        if request.GET.get("target_language"):
            initial["target_language"] = request.GET["target_language"]
    return initial


@policy("record_work")
@require_http_methods(["GET", "POST"])
def job_edit(request, pk):
    job = get_editable_or_404(TranslationJob.objects.select_related("party"), request.user, pk=pk)
    if request.method == "POST":
        form = TranslationJobForm(request.POST, user=request.user, with_party=False, versioned=job)
        if form.is_valid():
            try:
                translation_job_update(
                    job=job, data=form.service_input(), version=form.expected_version, user=request.user
                )
            except StaleVersion as exc:
                form.refuse_stale(exc, TranslationJobForm.initial_from(exc.current) if exc.current else None)
            except ValidationError as exc:
                _save_errors(form, exc)
            else:
                messages.success(request, _("The translation job was saved."))
                return redirect("communication:jobs")
    else:
        form = TranslationJobForm(
            initial=TranslationJobForm.initial_from(job), user=request.user, with_party=False, versioned=job
        )
    return render(request, "communication/job_form.html", {"form": form, "job": job})


@policy("record_work")
@require_http_methods(["GET", "POST"])
def job_delete_view(request, pk):
    job = get_editable_or_404(TranslationJob.objects.select_related("party"), request.user, pk=pk)
    next_url = reverse("communication:jobs")
    if request.method == "POST":
        translation_job_delete(job=job)
        messages.success(request, _("The translation job was deleted."))
        return redirect(next_url)
    return render(request, "communication/delete.html", {"record": job, "next": next_url})
