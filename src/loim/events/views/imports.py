"""Bulk import of events from CSV or XLSX, the template to fill in, and undoing an import."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from loim.core.permissions import policy
from loim.core.tabular.writer import Column, Table, csv_response, xlsx_response
from loim.core.tenancy import get_editable_or_404

from ..forms import ImportForm
from ..importing import events_import
from ..models import EventImport
from ..services import event_import_undo
from ..tabular import KEYS, column_help, template_rows


@policy("record_work")
def import_events(request):
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            result = events_import(
                party=form.cleaned_data["party"],
                upload=form.cleaned_data["file"],
                confirmed=form.cleaned_data["confirm"],
                created_by=request.user,
            )
            if result.ok:
                messages.success(
                    request,
                    _("Imported %(rows)d rows: %(created)d new events, %(updated)d updated.")
                    % {"rows": result.rows, "created": result.created, "updated": result.updated},
                )
                return redirect("events:list")
    else:
        form = ImportForm(user=request.user)
    status = 400 if result is not None and not result.ok else 200
    imports = EventImport.objects.editable_by(request.user).select_related("party", "created_by")[:20]
    return render(
        request,
        "events/import.html",
        {"form": form, "result": result, "columns": column_help(), "imports": imports},
        status=status,
    )


@policy("record_work")
@require_http_methods(["GET", "POST"])
def import_undo(request, pk):
    """Undo one imported file: the events it created are deleted; those it updated stay updated."""
    batch = get_editable_or_404(EventImport, request.user, pk=pk)
    if request.method == "POST":
        count = event_import_undo(batch=batch)
        messages.success(request, _("The import was undone: %(count)d events were deleted.") % {"count": count})
        return redirect("events:import")
    question = _("Delete the %(count)d events created by importing %(file)s on %(date)s?") % {
        "count": batch.events.count(),
        "file": batch.file_name,
        "date": f"{timezone.localtime(batch.created_at):%d.%m.%Y}",
    }
    return render(
        request,
        "events/import_undo.html",
        {"batch": batch, "question": question, "cancel": reverse("events:import")},
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
