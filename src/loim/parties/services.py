"""Writes for parties, memberships, agreements and positions: keyword-only, atomic, validated."""

import datetime as dt
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from loim.core.accounts import account_link
from loim.core.tenancy import Role, forget_access
from loim.places.models import Municipality

from .models import CoordinatorPosition, Membership, PartnershipAgreement, Party

PARTIES_FILE = Path(__file__).parent / "data" / "parties.yaml"


@transaction.atomic
def parties_load(*, path: Path = PARTIES_FILE) -> list[Party]:
    """Create or update the programme's parties from the shipped list (idempotent, keyed on slug)."""
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    parties = []
    for entry in entries:
        municipality = None
        if entry.get("municipality"):
            municipality = Municipality.objects.get(ehak_code=entry["municipality"])
        party = Party.objects.filter(slug=entry["slug"]).first() or Party(slug=entry["slug"])
        party.name = entry["name"]
        party.short_name = entry.get("short_name", "")
        party.kind = entry["kind"]
        party.municipality = municipality
        party.email = entry.get("email", "")
        party.responsible_aliases = entry.get("aliases", "")
        names = entry.get("public_names") or {}
        party.name_en, party.name_ru, party.name_uk = (names.get(code, "") for code in ("en", "ru", "uk"))
        party.full_clean()
        party.save()
        parties.append(party)
    return parties


@transaction.atomic
def membership_grant(
    *,
    user,
    party: Party,
    role: str,
    register_access: bool = False,
    data_protection_contact: bool = False,
    starts_on: dt.date | None = None,
) -> Membership:
    membership = Membership.objects.filter(user=user, party=party).first() or Membership(user=user, party=party)
    membership.role = Role(role)
    membership.register_access = register_access
    membership.data_protection_contact = data_protection_contact
    if starts_on:
        membership.starts_on = starts_on
    membership.full_clean()
    membership.save()
    forget_access(user)
    return membership


@transaction.atomic
def agreement_create(
    *,
    party: Party,
    municipality: Municipality,
    signed_on: dt.date,
    term_start: dt.date,
    term_end: dt.date,
    reference: str = "",
) -> PartnershipAgreement:
    agreement = PartnershipAgreement(
        party=party,
        municipality=municipality,
        signed_on=signed_on,
        term_start=term_start,
        term_end=term_end,
        reference=reference,
    )
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def position_create(
    *,
    party: Party,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    holder_name: str = "",
    agreement: PartnershipAgreement | None = None,
    planned_start: dt.date | None = None,
) -> CoordinatorPosition:
    position = CoordinatorPosition(
        party=party,
        title=title,
        planned_start=planned_start,
        starts_on=starts_on,
        ends_on=ends_on,
        holder_name=holder_name,
        agreement=agreement,
    )
    position.full_clean()
    position.save()
    return position


# --- members: party administrators manage their own (ELVL administrators any party's) ----------

MEMBER_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.VIEWER)


def _other_active_admins(membership: Membership) -> bool:
    return (
        Membership.objects.active()
        .filter(party_id=membership.party_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


def _keep_an_admin(membership: Membership, field: str) -> None:
    """A party never loses its last active administrator: nobody would be left to manage members."""
    if membership.role == Role.ADMIN and not _other_active_admins(membership):
        raise ValidationError({field: _("This is the party's last administrator: appoint another one first.")})


def _send_invitation(*, user, party: Party, new_account: bool, base_url: str) -> None:
    """The invitation mail: a new account gets allauth's set-password link (the system is closed,
    so there is no sign-up); an existing account a link to sign in. Sent after the commit, so a
    rolled-back invitation sends nothing."""
    url = account_link(user, new_account=new_account, base_url=base_url)
    context = {"user": user, "party": party, "url": url, "new_account": new_account}
    subject = render_to_string("parties/invitation_subject.txt", context).strip()
    body = render_to_string("parties/invitation_email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))


@transaction.atomic
def membership_invite(
    *,
    party: Party,
    email: str,
    role: str,
    register_access: bool = False,
    full_name: str = "",
    base_url: str = "",
) -> Membership:
    """Invite a person by e-mail into the party with a role: creates the account (without a password)
    when the address is new, and sends the invitation. A person already active in the party is an
    error; one whose membership ended is taken back into the same row (its audit trail is the history)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if role not in MEMBER_ROLES:
        raise ValidationError({"role": _("Choose administrator, coordinator or viewer.")})
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    new_account = user is None
    if user is None:
        user = User(email=email, full_name=full_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    membership = Membership.objects.filter(user=user, party=party).first()
    if membership is not None and Membership.objects.active().filter(pk=membership.pk).exists():
        raise ValidationError({"email": _("%(email)s is already a member of this party.") % {"email": email}})
    if membership is None:
        membership = Membership(user=user, party=party)
    membership.role = Role(role)
    membership.register_access = register_access
    membership.starts_on = dt.date.today()
    membership.ends_on = None
    membership.full_clean()
    membership.save()
    forget_access(user)
    _send_invitation(user=user, party=party, new_account=new_account, base_url=base_url)
    return membership


@transaction.atomic
def membership_change(*, membership: Membership, role: str, register_access: bool = False) -> Membership:
    """Change a member's role and register permission; the last administrator keeps the role."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role not in MEMBER_ROLES:
        raise ValidationError({"role": _("Choose administrator, coordinator or viewer.")})
    if role != Role.ADMIN:
        _keep_an_admin(membership, "role")
    membership.role = Role(role)
    membership.register_access = register_access
    membership.full_clean()
    membership.save()
    forget_access(membership.user)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, today: dt.date | None = None) -> Membership:
    """End a membership: it stays (with its audit trail) as history, ended yesterday so it no longer
    counts today. Not the party's last administrator."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    today = today or dt.date.today()
    if membership.ends_on is not None and membership.ends_on < today:
        raise ValidationError({"ends_on": _("The membership has already ended.")})
    _keep_an_admin(membership, "ends_on")
    membership.ends_on = today - dt.timedelta(days=1)
    membership.starts_on = min(membership.starts_on, membership.ends_on)
    membership.full_clean()
    membership.save()
    forget_access(membership.user)
    return membership
