"""The translate page, one for every translatable content type (docs/decisions.md "Debt — one
translation mechanism"): the Estonian text beside a form in one target language, a stale save refused
with the differences shown, a translation made from a text version the source no longer has refused
with the form shown again over the new text.

A content type declares its page by subclassing `TranslatePage` (which permission, which template,
which fields, how its source is found, how a translation is saved) and wires `page.as_view()` into its
URLs. The source is found through `core.tenancy` (`get_editable_or_404` or the like) in `get_source`;
the permission is the one policy module's (`core.permissions.policy`); the write is the app's own
service (which audits and checks the rules), so the page holds no rule of its own.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loim.core import translation_files
from loim.core.permissions import policy
from loim.core.versioning import StaleVersion, VersionedFormMixin

from . import TARGET_LANGUAGE_CHOICES, TARGET_LANGUAGES, Translation, TranslationStatus, status_of

LANGUAGE_LABELS = dict(TARGET_LANGUAGE_CHOICES)


class TranslationForm(VersionedFormMixin, forms.Form):
    """A translation into one language: the content type's text fields (typed in the target language,
    labelled in the page's), the text version it is made from, and how it was made."""

    made_from = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    draft = forms.BooleanField(
        label=gettext_lazy("Unfinished: save as in translation"),
        required=False,
        help_text=gettext_lazy("The translation is not shown to the public until it is finished."),
    )
    machine_made = forms.BooleanField(
        label=gettext_lazy("Machine translation, not reviewed by a person"),
        required=False,
        help_text=gettext_lazy("Clear the mark when you have read the text through and corrected it."),
    )

    def __init__(self, *args, language: str, texts: dict[str, forms.Field], translation=None, **kwargs):
        super().__init__(*args, versioned=translation, **kwargs)
        for field in texts.values():
            field.widget.attrs["lang"] = language  # the text typed is in the target language, the labels are not
        self.fields = {**texts, **self.fields}


def put_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names, else on the form."""
    for name, errors in getattr(error, "message_dict", {None: error.messages}).items():
        form.add_error(name if name in form.fields else None, errors)


class TranslatePage:
    """One content type's translate page. Subclasses set the class attributes and `get_source`,
    `text_fields`, `save`, `saved_message`, `done_url`; a content type whose texts are not its own
    flat fields (a journey with its stages) overrides `make_form`, `texts_of` and `source_rows` too."""

    permission: ClassVar[str]  # the policy module's action
    template: ClassVar[str]
    fields: ClassVar[tuple[str, ...]] = ()  # the translated fields, on the source and the translation alike
    source_name: ClassVar[str]  # the template's name for the source row

    # --- what a content type says ------------------------------------------------------------------

    def get_source(self, request, **kwargs) -> Any:
        """The source the user may translate (`kwargs`: the URL's, besides the language), through
        core.tenancy; Http404 otherwise."""
        raise NotImplementedError

    def text_fields(self, source) -> dict[str, forms.Field]:
        raise NotImplementedError

    def save(self, *, source, language: str, form: TranslationForm, user, **flags) -> Any:
        """Write through the app's service; `flags` are made_from, draft, machine_made, expected_version."""
        raise NotImplementedError

    def saved_message(self, source, language_label: str) -> str:
        raise NotImplementedError

    def done_url(self, source) -> str:
        raise NotImplementedError

    def existing(self, source, language: str) -> Translation | None:
        return source.translations.filter(language=language).first()

    def texts_of(self, translation, source) -> dict[str, Any]:
        """A translation's texts in the form's terms."""
        return {name: getattr(translation, name) for name in self.fields}

    def make_form(self, data, *, source, language: str, translation, initial: dict) -> TranslationForm:
        return TranslationForm(
            data, language=language, texts=self.text_fields(source), translation=translation, initial=initial
        )

    def source_rows(self, form, source) -> list[tuple[Any, str]]:
        return [(form[name].label, getattr(source, name)) for name in self.fields]

    def context(self, source) -> dict[str, Any]:
        return {self.source_name: source}

    # --- the page ------------------------------------------------------------------------------------

    def initial(self, translation, source) -> dict[str, Any]:
        initial: dict[str, Any] = {"made_from": source.source_version}
        if translation is not None:
            initial |= self.texts_of(translation, source)
            initial |= {"draft": translation.draft, "machine_made": translation.machine_made}
        return initial

    def respond(self, request, language: str, **kwargs):
        if language not in TARGET_LANGUAGES:
            raise Http404(_("No such page."))
        source = self.get_source(request, **kwargs)
        existing = self.existing(source, language)
        initial = self.initial(existing, source)
        form = self.make_form(
            request.POST or None, source=source, language=language, translation=existing, initial=initial
        )
        language_label = LANGUAGE_LABELS[language]
        if request.method == "POST" and form.is_valid():
            try:
                self.save(
                    source=source,
                    language=language,
                    form=form,
                    user=request.user,
                    made_from=form.cleaned_data["made_from"],
                    draft=form.cleaned_data["draft"],
                    machine_made=form.cleaned_data["machine_made"],
                    expected_version=form.expected_version,
                )
            except StaleVersion as stale:
                current = stale.current
                form.refuse_stale(stale, self.initial(current, source) if current is not None else None)
            except ValidationError as error:
                if getattr(error, "code", None) == "source_changed":
                    # the form again over the Estonian text as it is now, the translator's input kept,
                    # the new text version carried
                    source.refresh_from_db()
                    data = request.POST.copy()
                    data["made_from"] = str(source.source_version)
                    form = self.make_form(data, source=source, language=language, translation=existing, initial=initial)
                    form.is_valid()
                put_errors(form, error)
            else:
                messages.success(request, self.saved_message(source, str(language_label)))
                return redirect(self.done_url(source))
        status = status_of(existing, source)
        return render(
            request,
            self.template,
            {
                **self.context(source),
                "form": form,
                "language": language,
                "language_label": language_label,
                "translation": existing,
                "status": status,
                "status_label": dict(TranslationStatus.choices)[status],
                "source_rows": self.source_rows(form, source),
            },
            status=409 if form.conflict else 400 if form.errors else 200,
        )

    def as_view(self):
        page = self

        def translation_view(request, language, **kwargs):
            return page.respond(request, language, **kwargs)

        translation_view.__doc__ = f"The translate page of {type(self).__name__} ({self.template})."
        return policy(self.permission)(translation_view)


# --- The exchange page: export a batch, import a translated file (core.translations.exchange) --------


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Target language"), choices=TARGET_LANGUAGE_CHOICES)
    only_to_do = forms.BooleanField(required=False, initial=True)  # labelled by the page: what it exports
    file_format = forms.ChoiceField(
        label=gettext_lazy("File format"),
        choices=[("xliff", "XLIFF 2.0"), ("po", "PO (gettext)")],
        widget=forms.RadioSelect,
        initial="xliff",
    )

    def __init__(self, *args, only_to_do_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["only_to_do"].label = only_to_do_label


class ImportForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "import_%s")  # beside the export form on one page: ids of its own
        super().__init__(*args, **kwargs)

    language = forms.ChoiceField(label=gettext_lazy("Target language"), choices=TARGET_LANGUAGE_CHOICES)
    file = forms.FileField(
        label=gettext_lazy("Translated file"),
        help_text=gettext_lazy("An XLIFF 2.0 (.xlf) or PO (.po) file exported here."),
    )
    machine_made = forms.BooleanField(
        label=gettext_lazy("Machine translation, not reviewed by a person"), required=False
    )


def file_response(batch, *, stem: str, language: str, file_format: str) -> HttpResponse:
    """The batch as an XLIFF 2.0 or PO download, named `<stem>-et-<language>-<date>.xlf|.po`."""
    stamp = timezone.localdate().isoformat()
    if file_format == "po":
        response = HttpResponse(
            translation_files.write_po(batch), content_type="text/x-gettext-translation; charset=utf-8"
        )
        name = f"{stem}-et-{language}-{stamp}.po"
    else:
        response = HttpResponse(
            translation_files.write_xliff(batch), content_type="application/xliff+xml; charset=utf-8"
        )
        name = f"{stem}-et-{language}-{stamp}.xlf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ExchangePage:
    """One content type's export and import pages: subclasses set the class attributes and `export`,
    `import_`, `saved_messages`; `views()` gives the two views for the URLs."""

    permission: ClassVar[str]
    template: ClassVar[str]
    file_stem: ClassVar[str]  # the downloaded file's name begins with it
    only_to_do_label: ClassVar[Any]
    done_url: ClassVar[str]  # the URL name to go to after an import

    def export(self, user, *, language: str, only_to_do: bool):
        raise NotImplementedError

    def import_(self, user, *, batch, language: str, machine_made: bool):
        raise NotImplementedError

    def saved_messages(self, done) -> list[str]:
        raise NotImplementedError

    def export_form(self, data=None) -> ExportForm:
        return ExportForm(data, only_to_do_label=self.only_to_do_label)

    def export_page(self, request):
        form = self.export_form(request.GET or None)
        if request.GET and form.is_valid():
            language = form.cleaned_data["language"]
            batch = self.export(request.user, language=language, only_to_do=form.cleaned_data["only_to_do"])
            return file_response(
                batch, stem=self.file_stem, language=language, file_format=form.cleaned_data["file_format"]
            )
        return render(request, self.template, {"export_form": form, "import_form": ImportForm()})

    def import_page(self, request):
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = translation_files.read_any(upload.read(translation_files.MAX_BYTES + 1), upload.name)
                done = self.import_(
                    request.user,
                    batch=batch,
                    language=form.cleaned_data["language"],
                    machine_made=form.cleaned_data["machine_made"],
                )
            except ValidationError as error:
                for message in error.messages:  # a unit's message begins "üksus …": a sentence on the page
                    form.add_error("file", capfirst(message))
            else:
                for message in self.saved_messages(done):
                    messages.success(request, message)
                return redirect(self.done_url)
        return render(
            request,
            self.template,
            {"export_form": self.export_form(), "import_form": form},
            status=400 if form.errors else 200,
        )

    def views(self):
        page = self

        def export_view(request):
            return page.export_page(request)

        def import_view(request):
            return page.import_page(request)

        return policy(self.permission)(export_view), policy(self.permission)(import_view)


__all__ = [
    "LANGUAGE_LABELS",
    "ExchangePage",
    "ExportForm",
    "ImportForm",
    "TranslatePage",
    "TranslationForm",
    "file_response",
    "put_errors",
]
