"""Pages of one opened record: correct, consents, contacts, and the subject-rights actions
(export, restrict, erase). All of them need the record opened with a reason (`open_person_view`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from loim.core.versioning import StaleVersion

from .. import reads
from ..access import SUBJECT_REQUEST, close_record
from ..exports import export_filename
from ..forms import ConsentForm, ContactForm, EraseForm, PersonForm
from ..models import Consent, ContactRecord, ErasureTrigger
from ..services.erasure import person_erase
from ..services.people import (
    ConsentInput,
    consent_add,
    consent_withdraw,
    contact_delete,
    contact_record,
    person_restrict,
    person_update,
)
from .base import add_errors, open_person_view, person_form_page, person_row, person_row_delete, register_view


@open_person_view
def person_edit(request, person, why):
    """Correct the data (GDPR art. 16). The form shows personal fields, so showing it is logged."""
    form = PersonForm(
        request.POST or None, initial=PersonForm.initial_for(person), with_retention=True, versioned=person
    )
    if request.method == "POST" and form.is_valid():
        try:
            person_update(
                person=person, data=form.to_input(), actor=request.user, why=why, version=form.expected_version
            )
        except StaleVersion as exc:  # corrected by someone else since the form was opened: show what
            form.refuse_stale(exc, PersonForm.initial_for(exc.current) if exc.current else None)
        except ValidationError as exc:
            add_errors(exc, form)
        else:
            messages.success(request, _("Record %(reference)s was corrected.") % {"reference": person.reference})
            return redirect("register:person_detail", pk=person.pk)
    reads.person_shown(actor=request.user, person=person, why=why)
    return render(request, "register/person_edit.html", {"person": person, "form": form})


@open_person_view
def consent_create(request, person, why):
    return person_form_page(
        request,
        person,
        ConsentForm(request.POST or None, party=person.party),
        save=lambda data: consent_add(person=person, data=ConsentInput(**data)),
        success=_("The consent was recorded."),
        template="register/consent_form.html",
    )


@register_view("read_personal_data")
def consent_withdraw_view(request, pk):
    consent, why = person_row(request, Consent, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if why is None:
        return redirect("register:person_detail", pk=consent.person_id)
    try:
        consent_withdraw(consent=consent)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("register:person_detail", pk=consent.person_id)
    person = consent.person
    if not any(c.in_force() for c in person.consents.all()):
        messages.warning(
            request,
            _(
                "The consent was withdrawn. The person has no consent in force any more: the record is no "
                "longer used and will be erased by the next retention purge. You can also erase it now."
            ),
        )
    else:
        messages.success(request, _("The consent was withdrawn; processing for its purpose has stopped."))
    return redirect("register:person_detail", pk=person.pk)


@open_person_view
def contact_create(request, person, why):
    return person_form_page(
        request,
        person,
        ContactForm(request.POST or None, person=person),
        save=lambda data: contact_record(person=person, actor=request.user, **data),
        success=_("The contact was recorded."),
        template="register/contact_form.html",
    )


@register_view("read_personal_data")
def contact_delete_view(request, pk):
    return person_row_delete(
        request,
        ContactRecord,
        pk,
        remove=lambda contact: contact_delete(contact=contact),
        success=_("The contact was removed."),
    )


@open_person_view
def person_restrict_view(request, person, why):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    restricted = request.POST.get("restricted") == "1"
    person_restrict(person=person, actor=request.user, restricted=restricted, why=why)
    if restricted:
        messages.success(request, _("Processing is restricted: the record is kept but not used."))
    else:
        messages.success(request, _("The restriction was lifted."))
    return redirect("register:person_detail", pk=person.pk)


@open_person_view
def person_erase_view(request, person, why):
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        trigger = form.cleaned_data["trigger"]
        reason = SUBJECT_REQUEST if trigger == ErasureTrigger.SUBJECT_REQUEST else why
        reference = person.reference
        try:
            person_erase(person=person, actor=request.user, trigger=trigger, why=reason)
        except ValidationError as exc:
            add_errors(exc, form)
        else:
            close_record(request, person)
            messages.success(request, _("Record %(reference)s was erased.") % {"reference": reference})
            return redirect("register:person_list")
    counts = {
        "consents": person.consents.count(),
        "contacts": person.contacts.count(),
        "inquiries": person.inquiry_links.count(),
        "attendance": person.attendance.count(),
    }
    return render(request, "register/person_erase.html", {"person": person, "form": form, "counts": counts})


def _export(request, person, *, fmt, content_type, extension):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    content = reads.subject_export(actor=request.user, person=person, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(person, extension)}"'
    return response


@open_person_view
def person_export_json(request, person, why):
    """Everything held about the person, machine-readable (GDPR art. 15 and 20)."""
    return _export(
        request,
        person,
        fmt="json",
        content_type="application/json; charset=utf-8",
        extension="json",
    )


@open_person_view
def person_export_pdf(request, person, why):
    """Everything held about the person, readable (GDPR art. 15)."""
    return _export(
        request,
        person,
        fmt="pdf",
        content_type="application/pdf",
        extension="pdf",
    )
