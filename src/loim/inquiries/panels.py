"""The home-page panel: this month's inquiries of the user's parties, and a way to log the next."""

from django.utils import timezone

from loim.core.tenancy import access_for

from .models import Inquiry


def inquiries_panel(request):
    access = access_for(request.user)
    if not access.is_member:
        return None
    today = timezone.localdate()
    # Own parties only: the panel is about the user's own work, not the programme's totals.
    mine = Inquiry.objects.visible_to(request.user).filter(party__in=access.member_of)
    context = {
        "this_month": mine.filter(date__gte=today.replace(day=1), date__lte=today).count(),
        "this_year": mine.filter(date__gte=today.replace(month=1, day=1), date__lte=today).count(),
        "can_log": bool(access.edit),
    }
    return "inquiries/_home_panel.html", context
