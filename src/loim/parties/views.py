"""The directory of parties with their agreements and coordinator positions."""

from django.shortcuts import render

from loim.core.permissions import permits, policy
from loim.core.tenancy import get_visible_or_404

from .models import CoordinatorPosition, Membership, PartnershipAgreement, Party


@policy("signed_in")
def party_list(request):
    parties = Party.objects.visible_to(request.user).select_related("municipality__county")
    return render(request, "parties/party_list.html", {"parties": parties})


@policy("signed_in")
def party_detail(request, slug):
    party = get_visible_or_404(Party.objects.select_related("municipality__county"), request.user, slug=slug)
    user = request.user
    agreements = PartnershipAgreement.objects.visible_to(user).filter(party=party).select_related("municipality")
    positions = CoordinatorPosition.objects.visible_to(user).filter(party=party).select_related("agreement")
    members = Membership.objects.visible_to(user).active().filter(party=party).select_related("user").order_by("role")
    return render(
        request,
        "parties/party_detail.html",
        {
            "party": party,
            "agreements": agreements,
            "positions": positions,
            "members": members,
            "manages_members": permits(user, "manage_members", party),
        },
    )
