"""The platform's documents (issue 12): the list (by kind, language, network, tag), a document with its
versions and translations, and the pages that publish a document, add a version or a translation and
download a version.

Who reads what (docs/decisions.md "Issue 12 — platform documents"): `Document.objects.visible_to`;
the owning party's admins and coordinators change a document (`manage_documents`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loim.core.permissions import permits, policy
from loim.core.tenancy import get_editable_or_404, get_visible_or_404
from loim.core.versioning import StaleVersion

from ..document_forms import DocumentEditForm, DocumentForm, VersionForm, WithdrawForm
from ..documents import (
    EDIT_FIELDS,
    DocumentEdit,
    DocumentInput,
    document_create,
    document_restore,
    document_update,
    document_withdraw,
    translation_add,
    version_add,
)
from ..models import DOCUMENT_LANGUAGES, Document, DocumentKind, DocumentVersion, Network
from ..network_forms import put_errors

INPUT_FIELDS = ("kind", "title", "language", "visibility", "network", "activity", "tags")


PAGE_SIZE = 50


@policy("signed_in")
def document_list(request):
    """The documents the user reads (core.tenancy: a withdrawn one only for its party's editors), 50 a
    page, filtered by kind, language, network and tag."""
    documents = (
        Document.objects.visible_to(request.user).select_related("party", "network", "source").order_by("title", "pk")
    )
    chosen = {name: request.GET.get(name, "") for name in ("kind", "language", "network", "tag")}
    if chosen["kind"] in DocumentKind.values:
        documents = documents.filter(kind=chosen["kind"])
    if chosen["language"] in dict(DOCUMENT_LANGUAGES):
        documents = documents.filter(language=chosen["language"])
    if chosen["network"].isdigit():
        documents = documents.filter(network_id=int(chosen["network"]))
    rows: object = documents
    if chosen["tag"]:  # tags are a short JSON list: matched here, the same on SQLite and PostgreSQL
        rows = [d for d in documents if chosen["tag"] in d.tags]
    page: Page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    networks = Network.objects.visible_to(request.user).order_by("name")
    return render(
        request,
        "network/documents/document_list.html",
        {
            "page": page,
            "documents": page.object_list,
            "doc_kinds": DocumentKind.choices,
            "doc_languages": DOCUMENT_LANGUAGES,
            "networks": networks,
            "chosen": chosen,
            "may_create": permits(request.user, "manage_documents"),
        },
    )


@policy("signed_in")
def document_detail(request, pk):
    document = get_visible_or_404(
        Document.objects.select_related("party", "network", "activity", "source"), request.user, pk=pk
    )
    versions = document.versions.select_related("uploaded_by").defer("text", "text_vector").order_by("-number")
    translations = (
        Document.objects.visible_to(request.user).filter(source=document).select_related("source").order_by("language")
    )
    source = None
    if document.source_id is not None:
        source = Document.objects.visible_to(request.user).filter(pk=document.source_id).first()
    return render(
        request,
        "network/documents/document_detail.html",
        {
            "document": document,
            "versions": versions,
            "translations": translations,
            "source": source,
            "may_edit": permits(request.user, "manage_documents", document),
            "withdraw_form": WithdrawForm(versioned=document),
        },
    )


def _form_page(request, form, *, title, document=None):
    return render(
        request,
        "network/documents/form.html",
        {"form": form, "title": title, "document": document},
        status=400 if form.errors else 200,
    )


def _input(form) -> DocumentInput:
    return DocumentInput(**{name: form.cleaned_data[name] for name in INPUT_FIELDS})


@policy("manage_documents")
def document_create_view(request):
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            document = document_create(
                party=form.cleaned_data["party"],
                data=_input(form),
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The document “%s” was published.") % document.title)
            return redirect("network:document_detail", pk=document.pk)
    return _form_page(request, form, title=_("Publish a document"))


@policy("manage_documents")
def version_create(request, pk):
    document = get_editable_or_404(Document, request.user, pk=pk)
    form = VersionForm(request.POST or None, request.FILES or None, versioned=document)
    if request.method == "POST" and form.is_valid():
        try:
            version = version_add(
                document=document,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                user=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as stale:
            form.refuse_stale(stale, {})
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("Version %(number)d was added.") % {"number": version.number})
            return redirect("network:document_detail", pk=document.pk)
    title = _("A new version of %(document)s") % {"document": document.title}
    return _form_page(request, form, title=title, document=document)


@policy("manage_documents")
def translation_create(request, pk):
    source = get_editable_or_404(Document, request.user, pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user, translation_of=source)
    if request.method == "POST" and form.is_valid():
        try:
            document = translation_add(
                source=source, data=_input(form), upload=form.cleaned_data["file"], user=request.user
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The translation “%s” was added.") % document.title)
            return redirect("network:document_detail", pk=document.pk)
    title = _("A translation of %(document)s") % {"document": source.title}
    return _form_page(request, form, title=title, document=source)


@policy("manage_documents")
def document_edit(request, pk):
    document = get_editable_or_404(Document.objects.select_related("network", "activity"), request.user, pk=pk)
    form = DocumentEditForm(request.POST or None, user=request.user, document=document)
    if request.method == "POST" and form.is_valid():
        data = DocumentEdit(**{name: form.cleaned_data[name] for name in EDIT_FIELDS})
        try:
            document_update(document=document, data=data, user=request.user, expected_version=form.expected_version)
        except StaleVersion as stale:
            current = stale.current
            form.refuse_stale(
                stale,
                {name: getattr(current, name) for name in ("kind", "title", "description", "visibility")}
                | {"network": current.network, "activity": current.activity, "tags": ", ".join(current.tags)},
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The document “%s” was saved.") % document.title)
            return redirect("network:document_detail", pk=document.pk)
    title = _("Edit %(document)s") % {"document": document.title}
    return _form_page(request, form, title=title, document=document)


@require_POST
@policy("manage_documents")
def document_withdraw_view(request, pk):
    document = get_editable_or_404(Document, request.user, pk=pk)
    form = WithdrawForm(request.POST, versioned=document)
    if form.is_valid():
        try:
            if document.withdrawn_at is None:
                document_withdraw(
                    document=document,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.expected_version,
                )
                messages.success(request, _("The document “%s” was withdrawn.") % document.title)
            else:
                document_restore(document=document, user=request.user, expected_version=form.expected_version)
                messages.success(request, _("The document “%s” was published again.") % document.title)
        except ValidationError as error:  # StaleVersion too: someone changed it meanwhile
            for message in error.messages:
                messages.error(request, message)
    else:
        messages.error(request, _("This form is incomplete (its version is missing). Reload the page."))
    return redirect("network:document_detail", pk=document.pk)


@policy("signed_in")
def version_download(request, pk):
    versions = DocumentVersion.objects.select_related("document").defer("text", "text_vector")
    version = get_visible_or_404(versions, request.user, pk=pk)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("No such record.")) from exc
    return FileResponse(handle, as_attachment=True, filename=version.original_name, content_type=version.content_type)


urlpatterns = [
    path("documents/", document_list, name="document_list"),
    path("documents/new/", document_create_view, name="document_create"),
    path("documents/<int:pk>/", document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", document_edit, name="document_edit"),
    path("documents/<int:pk>/withdraw/", document_withdraw_view, name="document_withdraw"),
    path("documents/<int:pk>/versions/new/", version_create, name="version_create"),
    path("documents/<int:pk>/translations/new/", translation_create, name="translation_create"),
    path("documents/versions/<int:pk>/download/", version_download, name="version_download"),
]
