"""The home-page panel: this month's inquiries of the user's parties, and a way to log the next."""

from django.db.models import Count, Q
from django.utils import timezone

from loim.core.permissions import parties_for, permits

from .models import Inquiry


def inquiries_panel(request):
    if not permits(request.user, "member"):
        return None
    today = timezone.localdate()
    # Own parties only: the panel is about the user's own work, not the programme's totals.
    mine = Inquiry.objects.visible_to(request.user).filter(party__in=parties_for(request.user, "member"))
    counts = mine.filter(date__gte=today.replace(month=1, day=1), date__lte=today).aggregate(
        this_month=Count("pk", filter=Q(date__gte=today.replace(day=1))), this_year=Count("pk")
    )  # one query for both
    context = {**counts, "can_log": permits(request.user, "record_work")}
    return "inquiries/_home_panel.html", context
