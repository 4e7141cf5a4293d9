"""Bulk import of events from CSV or XLSX, and the template to fill in."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from loim.core.permissions import policy

from ..forms import ImportForm
from ..tabular import column_help, csv_lines, events_import, template_rows, xlsx_file


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


@policy("record_work")
def import_template_csv(request):
    response = HttpResponse("".join(csv_lines(template_rows())), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="loim-events-template.csv"'
    return response


@policy("record_work")
def import_template_xlsx(request):
    handle = xlsx_file(template_rows(), title=_("Events"), notes=column_help())
    return FileResponse(
        handle,
        as_attachment=True,
        filename="loim-events-template.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
