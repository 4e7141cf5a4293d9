"""Oversight of the register: the access log (for the data-protection contact), retention and
erasures, and the de-identified counts shared outside the party."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from loim.core.permissions import permits
from loim.core.tenancy import aggregatable_party_ids, requested_party_slug
from loim.parties.models import Party

from ..forms import AccessLogFilterForm, CountsForm
from ..models import ErasureTombstone
from ..selectors import access_log_actors, access_log_entries
from ..services.erasure import purge_party
from ..statistics import count_table
from ..tasks import purge_register
from .base import acting_party, register_view


@register_view("read_access_log")
def access_log(request):
    """Who read which record, when and why: for the party's data-protection contact."""
    form = AccessLogFilterForm(request.GET or None)
    record = form.cleaned_data["record"] if form.is_valid() else None
    actors = list(access_log_actors(user=request.user))
    actor_id = request.GET.get("actor")
    actor_id = int(actor_id) if actor_id and actor_id.isdigit() else None
    entries = access_log_entries(user=request.user, record_number=record, actor_id=actor_id)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "register/access_log.html",
        {"form": form, "page": page, "actors": actors, "actor_id": actor_id},
    )


@register_view("read_personal_data")
def retention(request):
    """What the next purge would erase (counts only), erasures so far, and a button to run it."""
    party, parties = acting_party(request)
    if request.method == "POST":
        purge_register.enqueue(party_id=party.pk)
        messages.success(request, _("The retention purge was started."))
        return redirect(f"{request.path}?party={party.slug}")
    preview = purge_party(party=party, dry_run=True)
    tombstones = ErasureTombstone.objects.visible_to(request.user).filter(party=party)[:50]
    return render(
        request,
        "register/retention.html",
        {"party": party, "parties": parties, "preview": preview, "tombstones": tombstones},
    )


def countable_parties(user):
    """Parties whose de-identified counts the user may see (the OWNED rule)."""
    party_ids = aggregatable_party_ids(user)
    parties = Party.objects.filter(kind="partner").select_related("municipality__county")
    return parties if party_ids is None else parties.filter(pk__in=party_ids)


def resolve_counts(user, params):
    """The (parties, county, choices) a counts request asks for; Http404 for a party the user may
    not count. Shared by the page and the API."""
    if not permits(user, "read_aggregates"):
        raise Http404(_("No such page."))
    allowed = countable_parties(user)
    slug = requested_party_slug(params)
    parties = None
    county = None
    if slug:
        party = allowed.filter(slug=slug).first()
        if party is None:
            raise Http404(_("No such page."))
        parties = [party]
        county = party.municipality.county if party.municipality_id else None
    elif not permits(user, "read_all_aggregates"):
        first = allowed.filter(municipality__isnull=False).first()
        county = first.municipality.county if first else None
    form = CountsForm(params or None)
    if form.is_valid() and form.cleaned_data["county"] is not None:
        county = form.cleaned_data["county"]
    elif params.get("county") and not form.is_valid():
        raise Http404(_("No such page."))
    return parties, county, allowed


@register_view("read_aggregates")
def counts(request):
    parties, county, allowed = resolve_counts(request.user, request.GET)
    table = count_table(user=request.user, parties=parties, county=county)
    return render(
        request,
        "register/counts.html",
        {
            "table": table,
            "form": CountsForm(initial={"county": county}),
            "parties": allowed,
            "party": parties[0] if parties else None,
            "county": county,
            "national": permits(request.user, "read_all_aggregates") and not parties,
        },
    )
