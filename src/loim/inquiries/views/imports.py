"""Importing coordinators' spreadsheets: upload → map columns (with a preview) → check every row →
write all or nothing. The uploaded file waits in the default storage (`core.tabular.uploads`) under
a random token kept in the user's session; it is removed once imported or cancelled, at once if it
cannot be read, and by the daily purge if it is abandoned. While rows fail the file stays, so the
coordinator can change the column choices and check again."""

import secrets

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from loim.core.permissions import policy
from loim.core.tabular import FileRejected, read_upload
from loim.core.tabular import uploads as waiting
from loim.core.tenancy import editable_parties, get_editable_or_404
from loim.core.vocabulary import Language

from ..forms import ImportMappingForm, ImportUploadForm
from ..importing import FIELDS, LIMITS, MAX_LISTED_ERRORS, TableReader, guess_mapping, validate_table
from ..models import Category, Channel, InquiryImport, ReferralTarget, Topic
from ..services import ImportRejected, inquiries_import, inquiry_import_undo

SESSION_KEY = "inquiry_imports"
MAX_PENDING = 5


def _pending(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def _forget(request, token: str) -> None:
    pending = _pending(request)
    entry = pending.pop(token, None)
    if entry:
        waiting.discard(entry["path"])
    request.session[SESSION_KEY] = pending


@policy("record_work")
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = read_upload(upload, limits=LIMITS)  # its size refused before it is read
            TableReader(data, upload.name)
        except FileRejected as exc:
            form.add_error("file", exc.message)
        else:
            pending = _pending(request)
            for stale in list(pending)[: max(0, len(pending) - MAX_PENDING + 1)]:
                _forget(request, stale)
                pending = _pending(request)
            token = secrets.token_urlsafe(16)
            path = waiting.stash(data, upload.name)
            pending[token] = {"path": path, "name": upload.name[:200], "party": form.cleaned_data["party"].pk}
            request.session[SESSION_KEY] = pending
            return redirect("inquiries:import_map", token=token)
    return render(request, "inquiries/import_upload.html", {"form": form})


def _described(rows) -> list[dict]:
    """The first parsed rows in words, as they will be saved: the preview after the check."""
    topics = {t.pk: t.name for t in Topic.objects.all()}
    referrals = {r.pk: r.name for r in ReferralTarget.objects.all()}
    channels, languages, categories = dict(Channel.choices), dict(Language.choices), dict(Category.choices)
    return [
        {
            "row": row.row,
            "date": row.date,
            "channel": channels[row.channel],
            "language": languages[row.language],
            "category": categories[row.category],
            "topics": "; ".join(topics[i] for i in row.topic_ids),
            "referrals": "; ".join(referrals[i] for i in row.referral_ids),
        }
        for row in rows
    ]


@policy("record_work")
@require_http_methods(["GET", "POST"])
def import_map(request, token):
    entry = _pending(request).get(token)
    if not entry:
        raise Http404
    party = editable_parties(request.user).filter(pk=entry["party"]).first()
    if party is None:
        raise Http404
    try:
        reader = TableReader(waiting.read_stashed(entry["path"]), entry["name"])
    except (FileNotFoundError, FileRejected) as exc:
        _forget(request, token)
        raise Http404 from exc
    headers = reader.headers
    validation = None
    if request.method == "POST":
        form = ImportMappingForm(request.POST, headers=headers)
        if form.is_valid():
            mapping = form.mapping()
            validation = validate_table(reader, mapping)
            if request.POST.get("action") == "import" and validation.ok:
                try:
                    batch = inquiries_import(
                        party=party, reader=reader, mapping=mapping, created_by=request.user, validation=validation
                    )
                except ImportRejected as exc:
                    validation = exc.validation
                else:
                    _forget(request, token)
                    messages.success(
                        request,
                        _("%(count)s inquiries were imported from %(file)s.")
                        % {"count": batch.row_count, "file": batch.file_name},
                    )
                    return redirect("inquiries:imports")
    else:
        form = ImportMappingForm(initial=guess_mapping(headers), headers=headers)
    return render(
        request,
        "inquiries/import_map.html",
        {
            "form": form,
            "party": party,
            "file_name": entry["name"],
            "headers": headers,
            "preview": reader.preview(),
            "validation": validation,
            "parsed_preview": _described(validation.rows[:10]) if validation and validation.ok else [],
            "fields": FIELDS,
            "max_listed": MAX_LISTED_ERRORS,
            "token": token,
        },
    )


@policy("record_work")
@require_POST
def import_cancel(request, token):
    _forget(request, token)
    messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("inquiries:import")


@policy("signed_in")
def import_list(request):
    imports = InquiryImport.objects.visible_to(request.user).select_related("party", "created_by")[:100]
    return render(request, "inquiries/imports.html", {"imports": imports})


@policy("record_work")
@require_http_methods(["GET", "POST"])
def import_undo(request, pk):
    batch = get_editable_or_404(InquiryImport, request.user, pk=pk)
    if request.method == "POST":
        count = inquiry_import_undo(batch=batch)
        messages.success(request, _("The import was undone: %(count)s inquiries were deleted.") % {"count": count})
        return redirect("inquiries:imports")
    return render(
        request,
        "inquiries/confirm_delete.html",
        {
            "title": _("Undo an import"),
            "question": _("Delete the %(count)s inquiries imported from %(file)s on %(date)s?")
            % {
                "count": batch.row_count,
                "file": batch.file_name,
                "date": f"{timezone.localtime(batch.created_at):%d.%m.%Y}",
            },
            "button": _("Undo the import"),
            "cancel": reverse("inquiries:imports"),
        },
    )
