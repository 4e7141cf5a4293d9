"""What every register view shares: the acting party, the register-access gate, the open record."""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from loim.core.permissions import policy
from loim.core.tenancy import Scope, editable_parties, get_editable_or_404, requested_party_slug

from .. import reads
from ..access import record_window
from ..models import Person
from ..privacy import scrubbed


def register_view(action: str):
    """The register's pages: the declared action (`core.permissions`; 404 for a user who may not do
    it at all), never cached by the browser, and unexpected errors reported without personal values."""

    def decorate(view):
        return never_cache(policy(action)(scrubbed(view)))

    return decorate


def acting_party(request, scope: str = Scope.PERSONAL):
    """The party the user works for on this page: `party` (a slug) from the form or query string,
    else their first. Only parties where the user may change records of this scope; else 404."""
    parties = list(editable_parties(request.user, scope))
    if not parties:
        raise Http404(_("No such page."))
    slug = requested_party_slug(request.POST, request.GET)
    if slug:
        for party in parties:
            if party.slug == slug:
                return party, parties
        raise Http404(_("No such page."))
    return parties[0], parties


def open_person_view(view):
    """A page of one person's personal data: the person must be the user's to change (else 404) and
    opened with a reason (else the user is sent to open it, and nothing is done)."""

    @functools.wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        person = reads.open_person(actor=request.user, pk=pk)
        why = record_window(request, person)
        if why is None:
            if request.method == "POST":
                messages.warning(
                    request, _("The record had been closed, so nothing was saved. Open it again to continue.")
                )
            return redirect("register:person_detail", pk=person.pk)
        return view(request, person, why, *args, **kwargs)

    return register_view("read_personal_data")(wrapper)


def add_errors(exc: ValidationError, *forms) -> None:
    """Put a service's ValidationError on the form that has the field (else on the first form)."""
    if not hasattr(exc, "error_dict"):
        forms[0].add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        target = next((form for form in forms if field in form.fields), forms[0])
        target.add_error(field if field in target.fields else None, errors)


def person_row(request, model, pk) -> tuple:
    """A row belonging to a person the user may change (404 otherwise), and the person's open reason."""
    row = get_editable_or_404(model.objects.select_related("person__party"), request.user, pk=pk)
    return row, record_window(request, row.person)


def person_form_page(request, person: Person, form, *, save, success: str, template: str):
    """A form on an opened record: on a valid POST call `save(cleaned_data)` (a service), report the
    service's refusals on the form, and go back to the record."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_errors(exc, form)
        else:
            messages.success(request, success)
            return redirect("register:person_detail", pk=person.pk)
    return render(request, template, {"person": person, "form": form})


def person_row_delete(request, model, pk, *, remove, success: str):
    """Delete a row of a person (POST only, and only while the record is open)."""
    row, why = person_row(request, model, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if why is not None:
        remove(row)
        messages.success(request, success)
    return redirect("register:person_detail", pk=row.person_id)
