"""What every monitoring page shares: the plan of the year in the URL (or a clear page when there is
none), and the viewer (user and chosen party) with the day figures are counted as of."""

from __future__ import annotations

from functools import wraps

from django.shortcuts import render
from django.utils import timezone

from loim.core.tenancy import requested_party_slug

from .. import plan_data
from ..access import viewer_for
from ..forms import ViewFilter
from ..selectors import NoPlan, plan_for_year, plan_years


def plan_page(view):
    """Resolve `year` to the plan the user may read; a year with no plan gets a page that says so
    (404) and lists the years that have one. Declare the page's action above it (`@policy`)."""

    @wraps(view)
    def wrapper(request, year, *args, **kwargs):
        try:
            plan = plan_for_year(request.user, year)
        except NoPlan as exc:
            return render(
                request,
                "monitoring/no_plan.html",
                {"year": year, "message": str(exc), "years": plan_years(request.user)},
                status=404,
            )
        return view(request, plan, *args, **kwargs)

    return wrapper


def view_filter(request, plan):
    """(form, viewer, as_of) from the query string; an unreadable party is 404 (in `viewer_for`),
    an invalid day is shown on the form and today is used instead."""
    parties = plan_data.monitored_parties(request.user)
    form = ViewFilter(request.GET or None, parties=parties)
    as_of = timezone.localdate()
    party_slug = requested_party_slug(request.GET)
    viewer = viewer_for(request.user, party_slug)
    if form.is_bound and form.is_valid() and form.cleaned_data.get("as_of"):
        as_of = form.cleaned_data["as_of"]
    return form, viewer, as_of, parties
