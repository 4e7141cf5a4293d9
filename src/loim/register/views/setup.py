"""The party's register configuration (purposes, consent texts, retention) and the record of
processing activities generated from it. These hold no personal data: they are OWNED records, read by
the party's members, ELVL and the ministry, and changed by the party's admins and coordinators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from loim.core.permissions import permits
from loim.core.tenancy import Scope, get_editable_or_404, get_visible_or_404, readable_party_ids, requested_party_slug
from loim.parties.models import Party

from ..forms import ConsentTextForm, PurposeForm, SettingsForm
from ..models import ConsentText, Purpose, RegisterSettings
from ..records import processing_record
from ..services.config import consent_text_create, settings_save
from .base import acting_party, add_errors, register_view


def _viewed_party(request):
    """The party whose configuration is shown: `party` from the query string among the parties the
    user may read, else their first party."""
    parties = Party.objects.visible_to(request.user).filter(kind="partner")
    party_ids = readable_party_ids(request.user, Scope.OWNED)
    if party_ids is not None:
        parties = parties.filter(pk__in=party_ids)
    slug = requested_party_slug(request.GET)
    party = parties.filter(slug=slug).first() if slug else parties.first()
    if party is None:
        raise Http404(_("No such page."))
    return party, parties


@register_view("member")
def purpose_list(request):
    party, parties = _viewed_party(request)
    purposes = Purpose.objects.visible_to(request.user).filter(party=party).prefetch_related("texts")
    can_edit = permits(request.user, "configure_register", party)
    return render(
        request,
        "register/purpose_list.html",
        {"party": party, "parties": parties, "purposes": purposes, "can_edit": can_edit},
    )


@register_view("configure_register")
def purpose_create(request):
    party, parties = acting_party(request, Scope.OWNED)
    form = PurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            purpose = form.save(party=party)
        except ValidationError as exc:
            add_errors(exc, form)
        else:
            messages.success(request, _("The purpose was added. Add the consent text people agree to."))
            return redirect("register:consent_text_create", pk=purpose.pk)
    return render(request, "register/purpose_form.html", {"form": form, "party": party, "parties": parties})


@register_view("configure_register")
def purpose_edit(request, pk):
    purpose = get_editable_or_404(Purpose.objects.select_related("party"), request.user, pk=pk)
    form = PurposeForm(request.POST or None, initial=PurposeForm.initial_for(purpose))
    if request.method == "POST" and form.is_valid():
        try:
            form.save(party=purpose.party, purpose=purpose)
        except ValidationError as exc:
            add_errors(exc, form)
        else:
            messages.success(request, _("The purpose was saved."))
            return redirect(f"{_purposes_url()}?party={purpose.party.slug}")
    return render(request, "register/purpose_form.html", {"form": form, "purpose": purpose, "party": purpose.party})


def _purposes_url():
    return reverse("register:purposes")


@register_view("configure_register")
def consent_text_create_view(request, pk):
    purpose = get_editable_or_404(Purpose.objects.select_related("party"), request.user, pk=pk)
    form = ConsentTextForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_text_create(purpose=purpose, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(exc, form)
        else:
            messages.success(request, _("The consent text was added."))
            return redirect(f"{_purposes_url()}?party={purpose.party.slug}")
    return render(request, "register/consent_text_form.html", {"form": form, "purpose": purpose})


@register_view("member")
def consent_text_detail(request, pk):
    text = get_visible_or_404(ConsentText.objects.select_related("purpose", "party"), request.user, pk=pk)
    return render(request, "register/consent_text_detail.html", {"text": text})


@register_view("configure_register")
def register_settings(request):
    party, parties = acting_party(request, Scope.OWNED)
    current = RegisterSettings.for_party(party)
    initial = {name: getattr(current, name) for name in SettingsForm.base_fields}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            settings_save(party=party, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(exc, form)
        else:
            messages.success(request, _("The retention settings were saved."))
            return redirect(f"{_purposes_url()}?party={party.slug}")
    return render(request, "register/settings_form.html", {"form": form, "party": party, "parties": parties})


@register_view("member")
def processing_record_view(request):
    """The record of processing activities (GDPR art. 30(1)) of one party."""
    party, parties = _viewed_party(request)
    return render(
        request,
        "register/processing_record.html",
        {"party": party, "parties": parties, "record": processing_record(user=request.user, party=party)},
    )
