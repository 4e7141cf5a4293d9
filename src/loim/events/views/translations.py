"""Translations of public events (issue 14): the translate page per language (the Estonian text beside
the form) and the XLIFF/PO export and import of event texts. The translator's view that lists them is
the shared one (services:translations, `core.translations`); the owning party's editors translate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loim.core import translation_files, translations
from loim.core.permissions import policy
from loim.core.tenancy import get_editable_or_404
from loim.core.translations.pages import TranslatePage

from ..exchange import export_batch, import_batch
from ..forms import EventTranslationExportForm, EventTranslationImportForm, event_text_fields
from ..models import TEXT_FIELDS, Event
from ..translation import EventTextInput, event_translation_save

LANGUAGE_LABELS = dict(translations.TARGET_LANGUAGE_CHOICES)


def status_cells(event: Event) -> list[dict]:
    """Each target language's status of the event's translation, for its page."""
    rows = list(event.translations.all())
    found = translations.statuses(event, rows)
    titles = {row.language: row.title for row in rows}
    labels = dict(translations.TranslationStatus.choices)
    return [
        {
            "language": code,
            "language_label": LANGUAGE_LABELS[code],
            "status": status,
            "label": labels[status],
            "title": titles.get(code, ""),
        }
        for code, status in found.items()
    ]


class EventTranslatePage(TranslatePage):
    """An event's translate page (`events:translate`): the event's public texts."""

    permission = "record_work"
    template = "events/translation_form.html"
    fields = TEXT_FIELDS
    source_name = "event"

    def get_source(self, request, **kwargs):
        return get_editable_or_404(Event.objects.select_related("party", "kind"), request.user, pk=kwargs["pk"])

    def text_fields(self, source):
        return event_text_fields()

    def save(self, *, source, language, form, user, **flags):
        text = EventTextInput(**{name: form.cleaned_data.get(name) or "" for name in TEXT_FIELDS})
        return event_translation_save(event=source, language=language, text=text, user=user, **flags)

    def saved_message(self, source, language_label):
        return _("The %(language)s translation of the event “%(title)s” was saved.") % {
            "language": language_label,
            "title": source.title,
        }

    def done_url(self, source):
        return reverse("events:detail", kwargs={"pk": source.pk})


translation_view = EventTranslatePage().as_view()


@policy("record_work")
def export_view(request):
    form = EventTranslationExportForm(request.GET or None)
    if request.GET and form.is_valid():
        language = form.cleaned_data["language"]
        batch = export_batch(request.user, language=language, only_to_do=form.cleaned_data["only_to_do"])
        stamp = timezone.localdate().isoformat()
        if form.cleaned_data["file_format"] == "po":
            response = HttpResponse(
                translation_files.write_po(batch), content_type="text/x-gettext-translation; charset=utf-8"
            )
            name = f"uritused-et-{language}-{stamp}.po"
        else:
            response = HttpResponse(
                translation_files.write_xliff(batch), content_type="application/xliff+xml; charset=utf-8"
            )
            name = f"uritused-et-{language}-{stamp}.xlf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request, "events/translation_exchange.html", {"export_form": form, "import_form": EventTranslationImportForm()}
    )


@policy("record_work")
def import_view(request):
    form = EventTranslationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = translation_files.read_any(upload.read(translation_files.MAX_BYTES + 1), upload.name)
            done = import_batch(
                request.user,
                batch=batch,
                language=form.cleaned_data["language"],
                machine_made=form.cleaned_data["machine_made"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(
                request,
                ngettext(
                    "Translations of %(count)d event were saved (%(units)d units; %(empty)d without a target "
                    "left as they were).",
                    "Translations of %(count)d events were saved (%(units)d units; %(empty)d without a target "
                    "left as they were).",
                    done.events,
                )
                % {"count": done.events, "units": done.units, "empty": done.empty},
            )
            return redirect("events:translations_export")
    return render(
        request,
        "events/translation_exchange.html",
        {"export_form": EventTranslationExportForm(), "import_form": form},
        status=400 if form.errors else 200,
    )
