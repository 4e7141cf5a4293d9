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
from django.utils.translation import gettext as _

from loim.core import translations
from loim.core.permissions import policy, require
from loim.core.tenancy import editable_parties
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
from .forms import ContactPointForm, ContactPointTranslationForm
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


def _put_errors(form, error: ValidationError) -> None:
    for name, errors in getattr(error, "message_dict", {None: error.messages}).items():
        form.add_error(name if name in form.fields else None, errors)


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
            _put_errors(form, error)
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


@policy("manage_contact_point")
def contact_point_translate(request, slug, language):
    if language not in translations.TARGET_LANGUAGES:
        raise Http404(_("No such page."))
    party = _party_or_404(request.user, slug)
    point = _point(request.user, party)
    if point is None:
        raise Http404(_("No such record."))
    existing = next((t for t in point.translations.all() if t.language == language), None)
    initial: dict = {"made_from": point.source_version}
    if existing is not None:
        initial |= {name: getattr(existing, name) for name in TEXT_FIELDS}
        initial |= {"draft": existing.draft, "machine_made": existing.machine_made}
    form = ContactPointTranslationForm(request.POST or None, language=language, translation=existing, initial=initial)
    language_label = LANGUAGE_LABELS[language]
    if request.method == "POST" and form.is_valid():
        try:
            contact_point_translation_save(
                contact_point=point,
                language=language,
                text=ContactPointTextInput(
                    opening_hours=form.cleaned_data["opening_hours"], notes=form.cleaned_data["notes"]
                ),
                made_from=form.cleaned_data["made_from"],
                draft=form.cleaned_data["draft"],
                machine_made=form.cleaned_data["machine_made"],
                user=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as stale:
            current = stale.current
            form.refuse_stale(stale, {name: getattr(current, name) for name in TEXT_FIELDS} if current else None)
        except ValidationError as error:
            _put_errors(form, error)
            if getattr(error, "code", None) == "source_changed":
                point.refresh_from_db()
                data = request.POST.copy()
                data["made_from"] = str(point.source_version)
                form.data = data
        else:
            messages.success(
                request,
                _("The %(language)s translation of the contact point of %(party)s was saved.")
                % {"language": language_label, "party": party.name},
            )
            return redirect("portal_staff:contact_points")
    status = translations.status_of(existing, point)
    return render(
        request,
        "portal/contact_point_translation.html",
        {
            "party": party,
            "point": point,
            "form": form,
            "language": language,
            "language_label": language_label,
            "status": status,
            "status_label": dict(translations.TranslationStatus.choices)[status],
            "source_rows": [(form[name].label, getattr(point, name)) for name in TEXT_FIELDS],
        },
        status=409 if form.conflict else 400 if form.errors else 200,
    )
