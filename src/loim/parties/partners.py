"""ELVL's pages for the programme's expansion: candidate partner municipalities with the joint
decision, and the onboarding of a partner municipality (party, agreement, posts, first user) in one
form. An accepted candidate links to the onboarding form, prefilled."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from loim.core.permissions import permits, policy
from loim.core.tenancy import access_for, get_editable_or_404, get_visible_or_404
from loim.places.models import MunicipalityKind

from .forms import CandidateForm, OnboardForm, PositionFormSet, put_errors, put_onboarding_errors
from .models import Candidate, Party
from .onboarding import PositionPlan, candidate_save, partner_onboard


def _recording_party(user) -> Party:
    """The implementer party (ELVL) the user edits for: candidates are its records."""
    access = access_for(user)
    return Party.objects.get(pk=min(access.edit & access.implementer))


@policy("member")
def candidate_list(request):
    candidates = Candidate.objects.visible_to(request.user).select_related("municipality__county", "onboarded_party")
    return render(
        request,
        "parties/candidate_list.html",
        {
            "candidates": candidates,
            "may_record": permits(request.user, "manage_candidates"),
            "may_onboard": permits(request.user, "onboard_partner"),
        },
    )


@policy("manage_candidates")
def candidate_create(request):
    return _candidate_form(request, None)


@policy("record_work")
def candidate_edit(request, pk):
    candidate = get_editable_or_404(Candidate.objects.select_related("municipality"), request.user, pk=pk)
    return _candidate_form(request, candidate)


def _candidate_form(request, candidate):
    initial = {}
    if candidate is not None:
        initial = {
            f: getattr(candidate, f)
            for f in ("municipality", "mapping_notes", "decision", "decided_on", "decision_note")
        }
    form = CandidateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        party = candidate.party if candidate else _recording_party(request.user)
        try:
            candidate_save(party=party, candidate=candidate, **form.cleaned_data)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The candidate was saved."))
            return redirect("parties:candidates")
    return render(
        request,
        "parties/candidate_form.html",
        {"form": form, "candidate": candidate},
        status=400 if form.errors else 200,
    )


def _prefill(candidate: Candidate) -> dict:
    """A municipality's government as the plan names it: Narva linn → Narva Linnavalitsus, Narva LV."""
    municipality = candidate.municipality
    base = municipality.name.removesuffix(" linn").removesuffix(" vald")
    city = municipality.kind == MunicipalityKind.CITY
    return {
        "municipality": municipality.pk,
        "name": f"{base} {'Linnavalitsus' if city else 'Vallavalitsus'}",
        "short_name": f"{base} {'LV' if city else 'VV'}",
        "slug": slugify(base),
    }


@policy("onboard_partner")
def onboard(request):
    candidate = None
    if request.GET.get("candidate", "").isdigit():
        candidate = get_visible_or_404(
            Candidate.objects.select_related("municipality"), request.user, pk=request.GET["candidate"]
        )
    initial = _prefill(candidate) if candidate else {}
    form = OnboardForm(request.POST or None, initial=initial)
    positions = PositionFormSet(request.POST or None, prefix="positions")
    if request.method == "POST" and form.is_valid() and positions.is_valid():
        plans = [PositionPlan(**f.cleaned_data) for f in positions.forms if f.has_changed() and f.cleaned_data]
        try:
            party = partner_onboard(
                candidate=candidate, positions=plans, base_url=request.build_absolute_uri("/"), **form.cleaned_data
            )
        except ValidationError as error:
            put_onboarding_errors(form, positions, error)
        else:
            messages.success(request, _("%(party)s is now a partner. The invitation was sent.") % {"party": party})
            return redirect("parties:detail", slug=party.slug)
    errors = bool(form.errors or any(f.errors for f in positions.forms) or positions.non_form_errors())
    return render(
        request,
        "parties/onboard.html",
        {"form": form, "positions": positions, "candidate": candidate},
        status=400 if errors else 200,
    )
