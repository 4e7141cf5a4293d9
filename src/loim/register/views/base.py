"""What every register view shares: the acting party, the register-access gate, the open record."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from loim.core.tenancy import Scope, access_for, editable_parties, get_editable_or_404

from ..access import record_window
from ..models import Person
from ..privacy import scrubbed


def register_view(view):
    """Signed in, never cached by the browser, and unexpected errors reported without personal values."""
    return login_required(never_cache(scrubbed(view)))


def acting_party(request, scope: str = Scope.PERSONAL):
    """The party the user works for on this page: `party` (a slug) from the form or query string,
    else their first. Only parties where the user may change records of this scope; else 404."""
    parties = list(editable_parties(request.user, scope))
    if not parties:
        raise Http404(_("No such page."))
    slug = request.POST.get("party") or request.GET.get("party")
    if slug:
        for party in parties:
            if party.slug == slug:
                return party, parties
        raise Http404(_("No such page."))
    return parties[0], parties


def require_register_access(request) -> None:
    if not access_for(request.user).personal:
        raise Http404(_("No such page."))


def open_person_view(view):
    """A page of one person's personal data: the person must be the user's to change (else 404) and
    opened with a reason (else the user is sent to open it, and nothing is done)."""

    @functools.wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        person = get_editable_or_404(Person.objects.select_related("party", "municipality"), request.user, pk=pk)
        why = record_window(request, person)
        if why is None:
            if request.method == "POST":
                messages.warning(
                    request, _("The record had been closed, so nothing was saved. Open it again to continue.")
                )
            return redirect("register:person_detail", pk=person.pk)
        return view(request, person, why, *args, **kwargs)

    return register_view(wrapper)


def add_errors(exc: ValidationError, *forms) -> None:
    """Put a service's ValidationError on the form that has the field (else on the first form)."""
    if not hasattr(exc, "error_dict"):
        forms[0].add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        target = next((form for form in forms if field in form.fields), forms[0])
        target.add_error(field if field in target.fields else None, errors)
