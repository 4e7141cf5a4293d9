"""The list of inquiries with filters, and its CSV and XLSX exports (streamed)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from loim.core.permissions import permits, policy

from ..exports import inquiry_export as export_file
from ..forms import ListFilterForm
from ..selectors import inquiry_list
from .party_filter import check_party, refuses_unknown_party

PAGE_SIZE = 50


def _filtered(request):
    form = ListFilterForm(request.GET or None, user=request.user)
    check_party(form)
    filters = {}
    if form.is_bound:
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        filters = {name: data.get(name) for name in ("party", "start", "end", "topic", "channel", "language")}
    return form, inquiry_list(request.user, **filters)


@policy("signed_in")
@refuses_unknown_party
def inquiry_list_view(request):
    if not permits(request.user, "list_party_inquiries"):
        # a ministry reader's party records no inquiries: the page says so and links the statistics
        return render(request, "inquiries/inquiry_list.html", {})
    form, queryset = _filtered(request)
    page = Paginator(queryset.prefetch_related("topics", "referrals"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inquiries/inquiry_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "next": request.get_full_path()},
    )


@policy("list_party_inquiries")
@refuses_unknown_party
def inquiry_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, queryset = _filtered(request)
    name = f"poordumised-{timezone.localdate().isoformat()}.{fmt}"
    return export_file(fmt, form, queryset, user=request.user, filename=name)
