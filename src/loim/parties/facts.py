"""What the parties app tells core about a user: their active memberships as `MembershipFact`s.

This is the one interface between `parties` and `core.tenancy` (named in
`settings.LOIM_MEMBERSHIP_FACTS`), so core reads no membership field and names no party kind.
"""

from loim.core.tenancy import MembershipFact

from .models import Membership, PartyKind


def membership_facts(user) -> list[MembershipFact]:
    rows = (
        Membership.objects.active()
        .filter(user=user)
        .values_list("party_id", "role", "party__kind", "register_access", "data_protection_contact")
    )
    return [
        MembershipFact(
            party_id=party_id,
            role=role,
            implementer=kind == PartyKind.IMPLEMENTER,
            register_access=register_access,
            data_protection_contact=data_protection_contact,
        )
        for party_id, role, kind, register_access, data_protection_contact in rows
    ]


def memberships_shown(user):
    """The user's active memberships for the home page's "your parties and roles"."""
    return Membership.objects.active().filter(user=user).select_related("party", "party__municipality")


def data_protection_contacts(party):
    """The users who are the party's data-protection contacts (the record of processing names them)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        pk__in=Membership.objects.active().filter(party=party, data_protection_contact=True).values("user")
    )


def editors_of(party):
    """The active users who record the party's work (its administrators and coordinators): the
    people a reminder about the party's commitments goes to."""
    from loim.core.tenancy import EDIT_ROLES

    memberships = Membership.objects.active().filter(party=party, role__in=EDIT_ROLES).select_related("user")
    return [m.user for m in memberships if m.user.is_active]
