"""The staff pages of a partner municipality's contact point: the list of the user's parties' contact
points with their translation statuses, the edit page (Estonian texts and the contacts) and the
translate page per language (the Estonian text beside the form).

Who: the party's admins and coordinators (policy `manage_contact_point`); which party: the parties
the user may edit (`core.tenancy.editable_parties`, the contact point through `editable_by`), so
another party's contact point answers 404 like a missing one. A stale edit is refused
(`core.versioning`), every save is audited (`core.audit`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from loim.core import translations
from loim.core.permissions import policy, require
from loim.core.tenancy import editable_parties
from loim.core.translations.pages import TranslatePage, put_errors
from loim.core.versioning import StaleVersion
from loim.parties.models import PartyKind

from .contact_points import (
    TEXT_FIELDS,
    ContactPointInput,
    ContactPointTextInput,
    contact_point_save,
    contact_point_translation_save,
    status_cells,
)
from .forms import ContactPointForm, contact_point_text_fields
from .models import ContactPoint, ContactPointTranslation

FIELDS = (
    "address",
    "opening_hours",
    "languages",
    "coordinator_name",
    "coordinator_phone",
    "coordinator_email",
    "notes",
)
LANGUAGE_LABELS = dict(translations.TARGET_LANGUAGE_CHOICES)


def _parties(user):
    """The partner municipalities whose contact point the user keeps."""
    return (
        editable_parties(user).filter(kind=PartyKind.PARTNER, municipality__isnull=False).select_related("municipality")
    )


def _party_or_404(user, slug: str):
    party = _parties(user).filter(slug=slug).first()
    if party is None:
        raise Http404(_("No such record."))
    require(user, "manage_contact_point", party)
    return party


def _point(user, party) -> ContactPoint | None:
    return ContactPoint.objects.editable_by(user).filter(party=party).prefetch_related("translations").first()


@policy("manage_contact_point")
def contact_point_list(request):
    """Every partner's contact point with its translations' statuses (the contact points are public
    and SHARED: every member reads them), and the user's own parties that have none yet; only the
    user's own are linked to their edit page."""
    editable = {party.pk: party for party in _parties(request.user)}
    points = list(
        ContactPoint.objects.visible_to(request.user)
        .select_related("party")
        .prefetch_related(Prefetch("translations", queryset=ContactPointTranslation.objects.all()))
    )
    rows: list[dict[str, Any]] = [
        {"party": point.party, "point": point, "statuses": status_cells(point), "editable": point.party_id in editable}
        for point in points
    ]
    having = {point.party_id for point in points}
    rows += [
        {"party": party, "point": None, "statuses": [], "editable": True}
        for pk, party in editable.items()
        if pk not in having
    ]
    rows.sort(key=lambda row: (not row["editable"], row["party"].name))
    return render(request, "portal/contact_point_list.html", {"rows": rows})


@policy("manage_contact_point")
def contact_point_edit(request, slug):
    party = _party_or_404(request.user, slug)
    point = _point(request.user, party)
    initial = {name: getattr(point, name) for name in FIELDS} if point is not None else {}
    form = ContactPointForm(request.POST or None, initial=initial, versioned=point)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = contact_point_save(
                party=party,
                data=ContactPointInput(
                    address=data["address"],
                    opening_hours=data["opening_hours"],
                    languages=tuple(data["languages"]),
                    coordinator_name=data["coordinator_name"],
                    coordinator_phone=data["coordinator_phone"],
                    coordinator_email=data["coordinator_email"],
                    notes=data["notes"],
                ),
                expected_version=form.expected_version,
            )
        except StaleVersion as stale:
            current = stale.current
            form.refuse_stale(stale, {name: getattr(current, name) for name in FIELDS} if current else None)
        except ValidationError as error:
            put_errors(form, error)
        else:
            outdated = [
                row["language_label"]
                for row in status_cells(saved)
                if row["status"] == translations.TranslationStatus.OUTDATED
            ]
            message = _("The contact point of %(party)s was saved and is shown on the public page.") % {
                "party": party.name
            }
            if outdated:
                message += " " + _("Its translations into %(languages)s are now outdated: update them.") % {
                    "languages": ", ".join(str(label) for label in outdated)
                }
            messages.success(request, message)
            return redirect("portal_staff:contact_points")
    return render(
        request,
        "portal/contact_point_form.html",
        {"party": party, "point": point, "form": form, "statuses": status_cells(point)},
        status=409 if form.conflict else 400 if form.errors else 200,
    )


class ContactPointTranslatePage(TranslatePage):
    """A contact point's translate page (`portal_staff:contact_point_translate`): hours and notes."""

    permission = "manage_contact_point"
    template = "portal/contact_point_translation.html"
    fields = TEXT_FIELDS
    source_name = "point"

    def get_source(self, request, **kwargs):
        point = _point(request.user, _party_or_404(request.user, kwargs["slug"]))
        if point is None:
            raise Http404(_("No such record."))
        return point

    def text_fields(self, source):
        return contact_point_text_fields()

    def save(self, *, source, language, form, user, **flags):
        text = ContactPointTextInput(opening_hours=form.cleaned_data["opening_hours"], notes=form.cleaned_data["notes"])
        return contact_point_translation_save(contact_point=source, language=language, text=text, user=user, **flags)

    def context(self, source):
        return {"point": source, "party": source.party}

    def saved_message(self, source, language_label):
        return _("The %(language)s translation of the contact point of %(party)s was saved.") % {
            "language": language_label,
            "party": source.party.name,
        }

    def done_url(self, source):
        return reverse("portal_staff:contact_points")


contact_point_translate = ContactPointTranslatePage().as_view()
