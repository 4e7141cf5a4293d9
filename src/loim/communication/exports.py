"""The outputs list as CSV or XLSX, through the one export writer (core.tabular.writer)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from loim.core.tabular.writer import About, Column, Table, export_response, form_filters
from loim.core.vocabulary import Language

from .models import OutputKind, ReachUnit

LANGUAGE_LABELS = dict(Language.choices)


def _row(output) -> list:
    activity = output.activity
    return [
        output.date,
        output.party.short_name or output.party.name,
        output.kind,
        output.channel.name,
        ", ".join(str(LANGUAGE_LABELS.get(code, code)) for code in output.languages),
        output.title,
        output.link,
        output.evidence_name,
        output.reach,
        output.reach_unit,
        f"{activity.plan.year} {activity.code}" if activity else "",
    ]


def outputs_table(queryset) -> Table:
    return Table(
        _("Communication outputs"),
        [
            _("Date"),
            _("Party"),
            Column(_("Kind of output"), choices=OutputKind.choices),
            _("Channel"),
            _("Languages"),
            _("Title"),
            _("Link"),
            _("Evidence file"),
            _("Reach"),
            Column(_("Reach counted as"), choices=ReachUnit.choices),
            _("Plan row"),
        ],
        (_row(output) for output in queryset.iterator(chunk_size=500)),
    )


def outputs_export(fmt: str, form, queryset, *, user, filename: str):
    about = About(_("Communication outputs"), user=user, filters=form_filters(form))
    return export_response(fmt, lambda: [outputs_table(queryset)], about=about, filename=filename)
