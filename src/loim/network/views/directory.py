"""Directory pages (issue 12): organisations and their work contacts, read by every member, changed
by the party that keeps the entry; the "still correct" confirmation; exports and vCards."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db.models import Count, ProtectedError, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from loim.core.permissions import parties_for, permits, policy
from loim.core.tabular import FileRejected, read_upload
from loim.core.tabular import uploads as waiting
from loim.core.tabular.writer import Table, csv_response
from loim.core.tenancy import Scope, editable_parties, get_editable_or_404, get_visible_or_404
from loim.core.versioning import StaleVersion

from .. import vcard
from ..exports import directory_export
from ..forms import (
    ConfirmForm,
    ContactForm,
    DirectoryFilter,
    DirectoryImportForm,
    MergeForm,
    OrganisationForm,
    add_service_errors,
)
from ..importing import LIMITS, directory_import
from ..models import Contact, DirectoryImport, Organisation
from ..services import (
    ContactInput,
    OrganisationInput,
    contact_confirm,
    contact_create,
    contact_delete,
    contact_update,
    directory_import_undo,
    organisation_confirm,
    organisation_create,
    organisation_merge,
    organisation_update,
)
from ..tabular import KEYS

PAGE_SIZE = 50
EVENTS_SHOWN = 20  # the latest events the organisation took part in, of those the user reads


def directory_queryset(request, form: DirectoryFilter | None = None):
    """The listed organisations the user reads, filtered by the list's form (also the exports)."""
    form = form or DirectoryFilter(request.GET)
    organisations = Organisation.objects.visible_to(request.user).listed()
    if form.is_valid():
        data = form.cleaned_data
        if data.get("q"):
            organisations = organisations.filter(Q(name__icontains=data["q"]) | Q(registry_code=data["q"]))
        if data.get("kind"):
            organisations = organisations.filter(kind=data["kind"])
        if data.get("municipality"):
            organisations = organisations.filter(municipalities=data["municipality"])
        if data.get("due"):
            organisations = organisations.due_for_check()
    return organisations


@policy("read_directory")
def organisation_list(request):
    form = DirectoryFilter(request.GET)
    organisations = (
        directory_queryset(request, form)
        .select_related("party")
        .prefetch_related("municipalities")
        .annotate(contact_count=Count("contacts"))
        .order_by("name", "pk")
    )
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/organisation_list.html",
        {
            "filters": form,
            "page": page,
            "query": request.GET.urlencode(),
            "can_create": permits(request.user, "edit_directory"),
        },
    )


@policy("read_directory")
def organisation_detail(request, pk):
    organisation = get_visible_or_404(
        Organisation.objects.select_related("party", "confirmed_by", "merged_into").prefetch_related("municipalities"),
        request.user,
        pk=pk,
    )
    contacts = list(
        Contact.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("party", "confirmed_by")
    )
    from loim.events.models import Event

    events = (
        Event.objects.visible_to(request.user)
        .filter(organisations__organisation=organisation)
        .distinct()
        .order_by("-start", "pk")[:EVENTS_SHOWN]
    )
    editable = parties_for(request.user, "edit_directory")
    for contact in contacts:
        contact.editable = contact.party_id in editable  # for the template
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": contacts,
            "events": events,
            "can_edit": permits(request.user, "edit_directory", organisation),
            "can_add_contact": permits(request.user, "edit_directory") and organisation.merged_into_id is None,
        },
    )


def _organisation_form(request, form, organisation=None):
    return render(request, "network/organisation_form.html", {"form": form, "organisation": organisation})


@policy("edit_directory")
def organisation_create_view(request):
    if request.method == "POST":
        form = OrganisationForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                organisation = organisation_create(data=form.input(), by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The organisation “%s” is added to the directory.") % organisation.name)
                return redirect("network:organisation", pk=organisation.pk)
    else:
        form = OrganisationForm(user=request.user)
    return _organisation_form(request, form)


@policy("edit_directory")
def organisation_edit(request, pk):
    organisation = get_editable_or_404(Organisation.objects.listed(), request.user, pk=pk)
    if request.method == "POST":
        form = OrganisationForm(request.POST, user=request.user, organisation=organisation)
        if form.is_valid():
            try:
                organisation_update(
                    organisation=organisation, data=form.input(), by=request.user, version=form.expected_version
                )
            except StaleVersion as exc:
                current = exc.current and OrganisationForm.initial_for(OrganisationInput.from_organisation(exc.current))
                form.refuse_stale(exc, current)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect("network:organisation", pk=organisation.pk)
    else:
        initial = OrganisationForm.initial_for(OrganisationInput.from_organisation(organisation))
        form = OrganisationForm(initial=initial, user=request.user, organisation=organisation)
    return _organisation_form(request, form, organisation)


def _stale_message(request) -> None:
    messages.error(
        request,
        _(
            "Someone else changed this entry after you opened the page. "
            "Nothing was confirmed: check it and confirm again."
        ),
    )


def _confirm(request, confirm, done: str) -> None:
    """The "still correct" button of an entry or a contact: `confirm(version)` with the version the
    page showed; a stale or incomplete form confirms nothing and says so."""
    if request.method != "POST":
        return
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This form is incomplete (its version is missing). Reload the page."))
        return
    try:
        confirm(form.cleaned_data["version"])
    except StaleVersion:
        _stale_message(request)
    else:
        messages.success(request, done)


@policy("edit_directory")
def organisation_confirm_view(request, pk):
    organisation = get_editable_or_404(Organisation.objects.listed(), request.user, pk=pk)
    _confirm(
        request,
        lambda version: organisation_confirm(organisation=organisation, by=request.user, version=version),
        _("Confirmed: the entry is still correct."),
    )
    return redirect("network:organisation", pk=organisation.pk)


@policy("edit_directory")
def organisation_merge_view(request, pk):
    """Merge this duplicate into another entry (the keeper of the duplicate decides; the kept entry
    is any listed entry the user reads)."""
    duplicate = get_editable_or_404(Organisation.objects.listed(), request.user, pk=pk)
    if request.method == "POST":
        form = MergeForm(request.POST, user=request.user, duplicate=duplicate)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            try:
                organisation_merge(
                    duplicate=duplicate, keep=keep, by=request.user, version=form.cleaned_data["version"]
                )
            except StaleVersion:
                _stale_message(request)
                return redirect("network:organisation", pk=duplicate.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("“%(duplicate)s” is merged into “%(keep)s”.") % {"duplicate": duplicate, "keep": keep}
                )
                return redirect("network:organisation", pk=keep.pk)
    else:
        form = MergeForm(initial={"version": duplicate.version}, user=request.user, duplicate=duplicate)
    return render(request, "network/organisation_merge.html", {"form": form, "organisation": duplicate})


# --- contacts ---------------------------------------------------------------------------------------


def _contact_form(request, form, organisation, contact=None):
    return render(
        request, "network/contact_form.html", {"form": form, "organisation": organisation, "contact": contact}
    )


@policy("edit_directory")
def contact_create_view(request, pk):
    organisation = get_visible_or_404(Organisation.objects.listed(), request.user, pk=pk)
    if request.method == "POST":
        form = ContactForm(request.POST, user=request.user, organisation=organisation)
        if form.is_valid():
            try:
                contact = contact_create(data=form.input(), by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The contact person “%s” is added.") % contact.name)
                return redirect("network:organisation", pk=organisation.pk)
    else:
        form = ContactForm(user=request.user, organisation=organisation)
    return _contact_form(request, form, organisation)


@policy("edit_directory")
def contact_edit(request, pk):
    contact = get_editable_or_404(Contact.objects.select_related("organisation", "party"), request.user, pk=pk)
    organisation = contact.organisation
    if request.method == "POST":
        form = ContactForm(request.POST, user=request.user, organisation=organisation, contact=contact)
        if form.is_valid():
            try:
                contact_update(contact=contact, data=form.input(), by=request.user, version=form.expected_version)
            except StaleVersion as exc:
                current = exc.current and ContactForm.initial_for(ContactInput.from_contact(exc.current))
                form.refuse_stale(exc, current)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect("network:organisation", pk=organisation.pk)
    else:
        initial = ContactForm.initial_for(ContactInput.from_contact(contact))
        form = ContactForm(initial=initial, user=request.user, organisation=organisation, contact=contact)
    return _contact_form(request, form, organisation, contact)


@policy("edit_directory")
def contact_confirm_view(request, pk):
    contact = get_editable_or_404(Contact, request.user, pk=pk)
    _confirm(
        request,
        lambda version: contact_confirm(contact=contact, by=request.user, version=version),
        _("Confirmed: the contact is still correct."),
    )
    return redirect("network:organisation", pk=contact.organisation_id)


@policy("edit_directory")
def contact_delete_view(request, pk):
    contact = get_editable_or_404(Contact.objects.select_related("organisation"), request.user, pk=pk)
    if request.method == "POST":
        organisation_pk, name = contact.organisation_id, contact.name
        try:
            contact_delete(contact=contact)
        except ProtectedError:
            messages.error(
                request,
                _("“%s” is a member of a network: end the membership there first; nothing was deleted.") % name,
            )
        else:
            messages.success(request, _("The contact person “%s” is removed.") % name)
        return redirect("network:organisation", pk=organisation_pk)
    return render(request, "network/contact_confirm_delete.html", {"contact": contact})


# --- files: CSV and XLSX of the (filtered) list, vCards ---------------------------------------------


def _export(request, fmt: str):
    form = DirectoryFilter(request.GET)
    organisations = directory_queryset(request, form).order_by("name", "pk")
    filename = f"loim-directory-{timezone.localdate():%Y-%m-%d}.{fmt}"
    return directory_export(fmt, organisations, user=request.user, form=form, filename=filename)


@policy("read_directory")
def export_csv(request):
    return _export(request, "csv")


@policy("read_directory")
def export_xlsx(request):
    return _export(request, "xlsx")


def _vcard_response(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type=vcard.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(name) or "contacts"}.vcf"'
    return response


@policy("read_directory")
def contact_vcard(request, pk):
    contact = get_visible_or_404(Contact.objects.select_related("organisation"), request.user, pk=pk)
    return _vcard_response(vcard.contact_card(contact), contact.name)


def _cards(request, organisations) -> str:
    contacts: dict[int, list] = {}
    visible = Contact.objects.visible_to(request.user).filter(organisation__in=organisations)
    for contact in visible.select_related("organisation").order_by("name", "pk"):
        contacts.setdefault(contact.organisation_id, []).append(contact)
    return "".join(vcard.cards(organisations, lambda o: contacts.get(o.pk, [])))


@policy("read_directory")
def organisation_vcard(request, pk):
    organisation = get_visible_or_404(Organisation, request.user, pk=pk)
    return _vcard_response(_cards(request, [organisation]), organisation.name)


@policy("read_directory")
def directory_vcard(request):
    """The filtered list as one .vcf: each organisation's card and its contact persons'."""
    organisations = list(directory_queryset(request).order_by("name", "pk"))
    return _vcard_response(_cards(request, organisations), "loim-directory")


# --- import ----------------------------------------------------------------------------------------


SESSION_KEY = "directory_imports"


@policy("edit_directory")
def import_view(request):
    """Upload → check every row → preview (counts and the first rows as they will be saved; nothing
    written) → confirm → one transaction. The checked file waits in `core.tabular.uploads` under a
    token kept in the session, as the events import's does."""
    result = token = None
    if request.method == "POST" and request.POST.get("token"):
        return _import_confirm(request, request.POST["token"])
    if request.method == "POST":
        form = DirectoryImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            party, upload = form.cleaned_data["party"], form.cleaned_data["file"]
            result = directory_import(party=party, upload=upload, created_by=request.user, check_only=True)
            if result.ok:
                try:
                    data = read_upload(upload, limits=LIMITS)
                except FileRejected as exc:  # cannot happen after a passed check, but never a 500
                    result.errors = exc.errors
                else:
                    token = waiting.wait(request, SESSION_KEY, data, upload.name, party=party.pk)
    else:
        form = DirectoryImportForm(user=request.user)
    return _import_page(request, form, result, token)


def _import_page(request, form, result, token=None):
    imports = DirectoryImport.objects.editable_by(request.user).select_related("party", "created_by")[:20]
    status = 400 if result is not None and not result.ok else 200
    context = {"form": form, "result": result, "token": token, "imports": imports}
    return render(request, "network/import.html", context, status=status)


def _import_confirm(request, token: str):
    taken = waiting.take(request, SESSION_KEY, token)
    if taken is None:
        raise Http404(_("No such page."))
    entry, data = taken
    party = editable_parties(request.user, Scope.SHARED).filter(pk=entry["party"]).first()
    if party is None:
        raise Http404(_("No such page."))
    if data is None:
        messages.error(request, _("The file is no longer waiting to be imported; upload it again."))
        return redirect("network:import")
    if request.POST.get("action") != "import":
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect("network:import")
    result = directory_import(party=party, upload=ContentFile(data, name=entry["name"]), created_by=request.user)
    if not result.ok:  # the directory changed since the check
        return _import_page(request, DirectoryImportForm(user=request.user), result)
    messages.success(
        request,
        ngettext(
            "Imported %(rows)d row: %(organisations)d new organisations, %(contacts)d new contact persons. "
            "To take it back, use “Undo the import” under Imported files.",
            "Imported %(rows)d rows: %(organisations)d new organisations, %(contacts)d new contact persons. "
            "To take it back, use “Undo the import” under Imported files.",
            result.rows,
        )
        % {"rows": result.rows, "organisations": result.organisations, "contacts": result.contacts},
    )
    return redirect("network:import")


@policy("edit_directory")
@require_http_methods(["GET", "POST"])
def import_undo(request, pk):
    """Undo one imported file: the organisations and contacts it created are removed, unless any of
    them is in use or was changed since (then nothing is, and the page says which entry)."""
    batch = get_editable_or_404(DirectoryImport.objects.select_related("party"), request.user, pk=pk)
    if request.method == "POST":
        try:
            organisations, contacts = directory_import_undo(batch=batch)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "The import of %(file)s was undone: %(organisations)d organisations and "
                    "%(contacts)d contact persons were removed."
                )
                % {"file": batch.file_name, "organisations": organisations, "contacts": contacts},
            )
        return redirect("network:import")
    return render(request, "network/import_undo.html", {"batch": batch})


@policy("edit_directory")
def import_template_csv(request):
    example = [
        "Eesti Töötukassa",
        "70009770",
        "state_agency",
        "Pärnu linn",
        "et; ru; en",
        "https://www.tootukassa.ee",
        "info@tootukassa.ee",
        "+372 669 6800",
        "",
        "Mari Maasikas",
        "karjäärinõustaja",
        "mari.maasikas@example.ee",
        "+372 5555 0101",
        "et; ru",
    ]
    return csv_response(Table(_("Directory"), list(KEYS), [example]), filename="loim-directory-template.csv")


urlpatterns = [
    path("directory/", organisation_list, name="directory"),
    path("directory/new/", organisation_create_view, name="organisation_create"),
    path("directory/import/", import_view, name="import"),
    path("directory/import/<int:pk>/undo/", import_undo, name="import_undo"),
    path("directory/import/template.csv", import_template_csv, name="import_template_csv"),
    path("directory/export.csv", export_csv, name="directory_export_csv"),
    path("directory/export.xlsx", export_xlsx, name="directory_export_xlsx"),
    path("directory/contacts.vcf", directory_vcard, name="directory_vcard"),
    path("directory/<int:pk>/contacts.vcf", organisation_vcard, name="organisation_vcard"),
    path("contacts/<int:pk>.vcf", contact_vcard, name="contact_vcard"),
    path("directory/<int:pk>/", organisation_detail, name="organisation"),
    path("directory/<int:pk>/edit/", organisation_edit, name="organisation_edit"),
    path("directory/<int:pk>/confirm/", organisation_confirm_view, name="organisation_confirm"),
    path("directory/<int:pk>/merge/", organisation_merge_view, name="organisation_merge"),
    path("directory/<int:pk>/contacts/new/", contact_create_view, name="contact_create"),
    path("contacts/<int:pk>/edit/", contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/confirm/", contact_confirm_view, name="contact_confirm"),
    path("contacts/<int:pk>/delete/", contact_delete_view, name="contact_delete"),
]
