"""Translations of public events (issue 14): the translate page per language (the Estonian text beside
the form) and the XLIFF/PO export and import of event texts. The translator's view that lists them is
the shared one (services:translations, `core.translations`); the owning party's editors translate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loim.core import translation_files, translations
from loim.core.permissions import policy
from loim.core.tenancy import get_editable_or_404
from loim.core.versioning import StaleVersion

from ..exchange import export_batch, import_batch
from ..forms import EventTranslationExportForm, EventTranslationForm, EventTranslationImportForm
from ..models import TEXT_FIELDS, Event, EventTranslation
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


def _put_errors(form, error: ValidationError) -> None:
    for name, errors in getattr(error, "message_dict", {None: error.messages}).items():
        form.add_error(name if name in form.fields else None, errors)


@policy("record_work")
def translation_view(request, pk, language):
    if language not in translations.TARGET_LANGUAGES:
        raise Http404(_("No such page."))
    event = get_editable_or_404(Event.objects.select_related("party", "kind"), request.user, pk=pk)
    existing = EventTranslation.objects.filter(event=event, language=language).first()
    initial: dict = {"made_from": event.source_version}
    if existing is not None:
        initial |= {name: getattr(existing, name) for name in TEXT_FIELDS}
        initial |= {"draft": existing.draft, "machine_made": existing.machine_made}
    form = EventTranslationForm(request.POST or None, language=language, translation=existing, initial=initial)
    language_label = LANGUAGE_LABELS[language]
    if request.method == "POST" and form.is_valid():
        try:
            event_translation_save(
                event=event,
                language=language,
                text=EventTextInput(**{name: form.cleaned_data.get(name) or "" for name in TEXT_FIELDS}),
                made_from=form.cleaned_data["made_from"],
                draft=form.cleaned_data["draft"],
                machine_made=form.cleaned_data["machine_made"],
                user=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as stale:
            current = stale.current
            form.refuse_stale(stale, {name: getattr(current, name) for name in TEXT_FIELDS} if current else None)
        except ValidationError as error:
            _put_errors(form, error)
            if getattr(error, "code", None) == "source_changed":
                data = request.POST.copy()
                data["made_from"] = str(Event._base_manager.get(pk=event.pk).source_version)
                form.data = data
                event.refresh_from_db()
        else:
            messages.success(
                request,
                _("The %(language)s translation of the event “%(title)s” was saved.")
                % {"language": language_label, "title": event.title},
            )
            return redirect("events:detail", pk=event.pk)
    status = translations.status_of(existing, event)
    return render(
        request,
        "events/translation_form.html",
        {
            "event": event,
            "form": form,
            "language": language,
            "language_label": language_label,
            "translation": existing,
            "status": status,
            "status_label": dict(translations.TranslationStatus.choices)[status],
            "source_rows": [(form[name].label, getattr(event, name)) for name in TEXT_FIELDS],
        },
        status=409 if form.conflict else 400 if form.errors else 200,
    )


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
