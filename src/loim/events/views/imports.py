"""Bulk import of events from CSV or XLSX, and the template to fill in."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from loim.core.permissions import policy
from loim.core.tabular.writer import Column, Table, csv_response, xlsx_response

from ..forms import ImportForm
from ..importing import events_import
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
    return render(
        request, "events/import.html", {"form": form, "result": result, "columns": column_help()}, status=status
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
