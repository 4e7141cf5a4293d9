"""Bulk import of events from CSV or XLSX, the template to fill in, and undoing an import.

Upload → check every row → preview (counts and the first rows as they will be saved; nothing
written) → confirm → one transaction. Between the check and the confirmation the file waits in
`core.tabular.uploads` under a token kept in the session; it is deleted when imported or cancelled,
never stored when refused, and purged daily if abandoned."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from loim.core.permissions import policy
from loim.core.tabular import FileRejected, read_upload
from loim.core.tabular import uploads as waiting
from loim.core.tabular.writer import Column, Table, csv_response, xlsx_response
from loim.core.tenancy import editable_parties, get_editable_or_404
from loim.monitoring.locking import ChangeReasonForm

from ..forms import ImportForm
from ..importing import LIMITS, events_import
from ..models import EventImport
from ..services import event_import_undo
from ..tabular import KEYS, column_help, template_rows

SESSION_KEY = "event_imports"


@policy("record_work")
def import_events(request):
    result = token = None
    form = ImportForm(user=request.user)
    if request.method == "POST" and request.POST.get("token"):
        return _confirm(request, request.POST["token"])
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            party, upload = form.cleaned_data["party"], form.cleaned_data["file"]
            result = events_import(party=party, upload=upload, confirmed=form.cleaned_data["confirm"], check_only=True)
            if result.ok:
                try:
                    data = read_upload(upload, limits=LIMITS)
                except FileRejected as exc:  # cannot happen after a passed check, but never a 500
                    result.errors = exc.errors
                else:
                    details = {"party": party.pk, "confirmed": form.cleaned_data["confirm"]}
                    token = waiting.wait(request, SESSION_KEY, data, upload.name, **details)
    return _page(request, form, result, token)


def _page(request, form, result, token=None):
    status = 400 if result is not None and not result.ok else 200
    imports = EventImport.objects.editable_by(request.user).select_related("party", "created_by")[:20]
    context = {"form": form, "result": result, "token": token, "columns": column_help(), "imports": imports}
    return render(request, "events/import.html", context, status=status)


def _confirm(request, token: str):
    taken = waiting.take(request, SESSION_KEY, token)
    if taken is None:
        raise Http404(_("No such page."))
    entry, data = taken
    party = editable_parties(request.user).filter(pk=entry["party"]).first()
    if party is None:
        raise Http404(_("No such page."))
    if data is None:
        messages.error(request, _("The file is no longer waiting to be imported; upload it again."))
        return redirect("events:import")
    if request.POST.get("action") != "import":
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect("events:import")
    result = events_import(
        party=party, upload=ContentFile(data, name=entry["name"]), confirmed=entry["confirmed"], created_by=request.user
    )
    if not result.ok:  # the party's events changed since the check
        return _page(request, ImportForm(user=request.user), result)
    messages.success(
        request,
        ngettext(
            "Imported %(rows)d row: %(created)d new events, %(updated)d updated. To take it back, use "
            "“Undo” under Import from a file.",
            "Imported %(rows)d rows: %(created)d new events, %(updated)d updated. To take it back, use "
            "“Undo” under Import from a file.",
            result.rows,
        )
        % {"rows": result.rows, "created": result.created, "updated": result.updated},
    )
    return redirect("events:list")


@policy("record_work")
@require_http_methods(["GET", "POST"])
def import_undo(request, pk):
    """Undo one imported file: the events it created are deleted; those it updated stay updated."""
    batch = get_editable_or_404(EventImport, request.user, pk=pk)
    starts = list(batch.events.values_list("start", flat=True))
    form = ChangeReasonForm(
        request.POST if request.method == "POST" else None,
        party_id=batch.party_id,
        days=[timezone.localdate(start) for start in starts],
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            count = event_import_undo(batch=batch)
            form.record_change(user=request.user, what=_("import of %(file)s undone") % {"file": batch.file_name})
        messages.success(
            request,
            ngettext(
                "The import was undone: %(count)d event was deleted.",
                "The import was undone: %(count)d events were deleted.",
                count,
            )
            % {"count": count},
        )
        return redirect("events:import")
    created = len(starts)
    question = ngettext(
        "Delete the %(count)d event created by importing %(file)s on %(date)s?",
        "Delete the %(count)d events created by importing %(file)s on %(date)s?",
        created,
    ) % {
        "count": created,
        "file": batch.file_name,
        "date": f"{timezone.localtime(batch.created_at):%d.%m.%Y}",
    }
    return render(
        request,
        "events/import_undo.html",
        {"batch": batch, "question": question, "cancel": reverse("events:import"), "form": form},
    )


def _template() -> Table:
    """The import's own keys as headings (the file is read back by them) and one example row."""
    _keys, *examples = template_rows()
    return Table(_("Events"), KEYS, examples)


@policy("record_work")
def import_template_csv(request):
    return csv_response(_template(), filename="loim-events-template.csv")


@policy("record_work")
def import_template_xlsx(request):
    columns = Table(_("Columns"), [Column(_("Column"), width=30), Column(_("Explanation"), width=80)], column_help())
    return xlsx_response([_template(), columns], about=None, filename="loim-events-template.xlsx")
