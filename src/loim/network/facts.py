"""What the network app tells core about a user: the networks they are an active member of today
(`settings.LOIM_NETWORK_MEMBERSHIPS`). A member links to a user when the network's party invited the
member's contact person to an account (`network_services.member_invite`)."""

from django.db.models import Q
from django.utils import timezone

from .models import NetworkMember


def network_ids(user) -> list[int]:
    """Networks where the user is a member on today's date: joined by today, not left before today
    (the day after `left_on` the access ends), in a network that has not ended."""
    today = timezone.localdate()
    rows = (
        NetworkMember.objects.filter(user=user, joined_on__lte=today)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .filter(Q(network__ended_on__isnull=True) | Q(network__ended_on__gte=today))
        .values_list("network_id", flat=True)
        .distinct()
    )
    return list(rows)
