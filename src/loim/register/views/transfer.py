"""Data in and out in bulk: contact lists for invitations (logged), the import of people from CSV or
XLSX, and undoing an import (its people erased like any erasure)."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loim.core.tabular import FileRejected, read_upload
from loim.core.tabular import uploads as waiting
from loim.core.tabular.writer import Table, csv_response
from loim.core.tenancy import Scope, editable_parties, get_editable_or_404
from loim.core.vocabulary import Language, TargetGroup

from .. import reads
from ..exports import invitation_table
from ..forms import ImportForm, InvitationForm
from ..models import ConsentMethod, PersonImport
from ..services.imports import (
    COLUMNS,
    LIMITS,
    MAX_ROWS,
    REQUIRED,
    ImportRejected,
    choice_labels,
    people_import,
    people_import_undo,
)
from .base import acting_party, register_view


@register_view("read_personal_data")
def invitation(request):
    """Preview how many people a list would hold (a count only), then download it as CSV. The
    download writes an access-log entry for every person in it, with the chosen purpose."""
    party, parties = acting_party(request)
    form = InvitationForm(request.POST or None, party=party)
    count = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        criteria = {
            "party": party,
            "purpose": data["purpose"],
            "channel": data["channel"],
            "language": data["language"],
            "municipality": data["municipality"],
            "topic": data["topic"],
        }
        if request.POST.get("action") == "download":
            people = reads.contact_list(actor=request.user, **criteria)
            filename = f"contact-list-{party.slug}-{dt.date.today():%Y-%m-%d}.csv"
            return csv_response(invitation_table(people, channel=data["channel"]), filename=filename)
        count = reads.contact_list_size(user=request.user, **criteria)
    return render(
        request, "register/invitation.html", {"form": form, "party": party, "parties": parties, "count": count}
    )


SESSION_KEY = "register_imports"


@register_view("read_personal_data")
def person_import(request):
    """Upload → every row checked (the import run and rolled back) → how many people the file adds
    (a count: the preview shows no personal values) → confirm → the import. The checked file waits
    in `core.tabular.uploads` until confirmed or cancelled."""
    if request.method == "POST" and request.POST.get("token"):
        return _confirm(request, request.POST["token"])
    party, parties = acting_party(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, checked, token = [], None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = read_upload(upload, limits=LIMITS)
            checked = people_import(party=party, raw=data, file_name=upload.name, check_only=True)
        except (FileRejected, ImportRejected) as exc:
            errors = exc.errors
        else:
            token = waiting.wait(request, SESSION_KEY, data, upload.name, party=party.pk)
    return _page(request, form, party, parties, errors=errors, checked=checked, token=token)


def _page(request, form, party, parties, *, errors=(), checked=None, token=None):
    return render(
        request,
        "register/import.html",
        {
            "form": form,
            "party": party,
            "parties": parties,
            "errors": errors,
            "checked": checked,
            "token": token,
            "required": REQUIRED,
            "optional": [c for c in COLUMNS if c not in REQUIRED],
            "max_rows": MAX_ROWS,
            "language_labels": choice_labels(Language),
            "target_groups": choice_labels(TargetGroup),
            "consent_methods": choice_labels(ConsentMethod),
            "imports": PersonImport.objects.editable_by(request.user).filter(party=party)[:20],
        },
    )


def _confirm(request, token: str):
    taken = waiting.take(request, SESSION_KEY, token)
    if taken is None:
        raise Http404(_("No such page."))
    entry, data = taken
    party = editable_parties(request.user, Scope.PERSONAL).filter(pk=entry["party"]).first()
    if party is None:
        raise Http404(_("No such page."))
    back = f"{reverse('register:import')}?party={party.slug}"
    if data is None:
        messages.error(request, _("The file is no longer waiting to be imported; upload it again."))
        return redirect(back)
    if request.POST.get("action") != "import":
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect(back)
    try:
        report = people_import(party=party, raw=data, file_name=entry["name"], created_by=request.user)
    except ImportRejected as exc:  # the register changed since the check
        parties = list(editable_parties(request.user, Scope.PERSONAL))
        return _page(request, ImportForm(), party, parties, errors=exc.errors)
    messages.success(
        request,
        ngettext(
            "%(count)d person was added to the register.", "%(count)d people were added to the register.", report.count
        )
        % {"count": report.count},
    )
    return redirect("register:person_list")


@register_view("read_personal_data")
def import_undo(request, pk):
    """Undo one imported file: the people it created are erased (tombstones, access-log entries)."""
    batch = get_editable_or_404(PersonImport, request.user, pk=pk)
    if request.method == "POST":
        count = people_import_undo(batch=batch, actor=request.user)
        messages.success(
            request,
            ngettext(
                "The import was undone: %(count)d person was erased.",
                "The import was undone: %(count)d people were erased.",
                count,
            )
            % {"count": count},
        )
        return redirect(f"{reverse('register:import')}?party={batch.party.slug}")
    question = _("Erase the %(count)d people created by importing %(file)s on %(date)s?") % {
        "count": batch.people.count(),
        "file": batch.file_name,
        "date": f"{timezone.localtime(batch.created_at):%d.%m.%Y}",
    }
    return render(request, "register/import_undo.html", {"batch": batch, "question": question})


@register_view("read_personal_data")
def import_template(request):
    """An empty CSV with the header row, to fill in a spreadsheet."""
    return csv_response(Table(_("People"), COLUMNS, []), filename="register-import-template.csv")
