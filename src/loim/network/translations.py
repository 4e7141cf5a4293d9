"""The platform's documents in the translator's view (`loim.core.translations`): a document is a file,
so its translations are its rows per language (`Document.source`, `translated_from_number`) and its
status follows the same rule over the file version numbers; a document has no text units, so it is
not in the XLIFF and PO batches."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loim.core import translations

from .models import Document, Visibility


def document_items(user):
    """The source documents the user may change (`editable_by`) that are read beyond one network (for
    all networks or public: one network's minutes are not translated), with their status per language."""
    label = str(_("document"))
    sources = (
        Document.objects.editable_by(user)
        .filter(source__isnull=True, visibility__in=[Visibility.ALL_NETWORKS, Visibility.PUBLIC])
        .select_related("party")
        .prefetch_related("translations")
        .order_by("title", "pk")
    )
    for source in sources:
        by_language = {t.language: t for t in source.translations.all()}
        statuses, urls = {}, {}
        for language in translations.TARGET_LANGUAGES:
            if language == source.language:
                continue  # the document is written in it
            translation = by_language.get(language)
            statuses[language] = translations.status_from(
                exists=translation is not None,
                draft=False,
                machine_made=False,
                made_from=translation.translated_from_number if translation is not None else None,
                current=source.current_number,
            )
            if translation is None:
                urls[language] = reverse("network:translation_create", kwargs={"pk": source.pk})
            else:
                urls[language] = reverse("network:document_detail", kwargs={"pk": translation.pk})
        yield translations.Item(
            kind_label=label,
            title=source.title,
            url=reverse("network:document_detail", kwargs={"pk": source.pk}),
            party_name=source.party.name,
            statuses=statuses,
            translate_urls=urls,
        )


def register() -> None:
    translations.register(translations.Kind(code="document", label=_("documents"), items=document_items))
