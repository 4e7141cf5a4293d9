"""Translations of public events (issue 14): the translate page per language (the Estonian text beside
the form) and the XLIFF/PO export and import of event texts. The translator's view that lists them is
the shared one (services:translations, `core.translations`); the owning party's editors translate."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from loim.core import translations
from loim.core.tenancy import get_editable_or_404
from loim.core.translations.pages import ExchangePage, TranslatePage

from ..exchange import export_batch, import_batch
from ..forms import event_text_fields
from ..models import TEXT_FIELDS, Event
from ..translation import EventTextInput, event_translation_save

LANGUAGE_LABELS = dict(translations.TARGET_LANGUAGE_CHOICES)


status_cells = translations.status_cells  # the event page's table of languages


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


class EventExchangePage(ExchangePage):
    """The events' XLIFF/PO export and import (`events:translations_export`, `…_import`)."""

    permission = "record_work"
    template = "events/translation_exchange.html"
    file_stem = "uritused"
    only_to_do_label = gettext_lazy("Only events whose translation is missing, outdated, machine-made or unfinished")
    done_url = "events:translations_export"

    def export(self, user, *, language, only_to_do):
        return export_batch(user, language=language, only_to_do=only_to_do)

    def import_(self, user, **chosen):
        return import_batch(user, **chosen)

    def saved_messages(self, done):
        counts = {"count": done.events, "units": done.units, "empty": done.empty}
        return [
            ngettext(
                "Translations of %(count)d event were saved (%(units)d units; %(empty)d without a target "
                "left as they were).",
                "Translations of %(count)d events were saved (%(units)d units; %(empty)d without a target "
                "left as they were).",
                done.events,
            )
            % counts
        ]


export_view, import_view = EventExchangePage().views()
