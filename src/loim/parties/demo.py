"""Demo accounts, one per role, and the 2023 partnership agreements and coordinator positions: the
records are in `data/demo.yaml`; this module creates them through the services, once."""

import datetime as dt

from django.contrib.auth import get_user_model

from loim.core.demo import DEMO_PASSWORD, demo_data
from loim.core.tenancy import Role
from loim.places.models import Municipality

from .models import Candidate, CoordinatorPosition, Membership, PartnershipAgreement, Party
from .onboarding import candidate_save
from .services import agreement_create, membership_grant, position_create

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  (demo only)

DEMO_ACCOUNTS = [
    # email, name, party, role, register access, data protection contact
    (a["email"], a["name"], a["party"], Role(a["role"]), a["register_access"], a["data_protection_contact"])
    for a in demo_data("parties")["accounts"]
]


def seed(*, out) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    data = demo_data("parties")
    user_model = get_user_model()
    parties = {p.slug: p for p in Party.objects.all()}
    for email, name, slug, role, register, dpo in DEMO_ACCOUNTS:
        user = user_model.objects.filter(email=email).first()
        if user is None:
            user = user_model.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        membership_grant(
            user=user,
            party=parties[slug],
            role=role,
            register_access=register,
            data_protection_contact=dpo,
            starts_on=dt.date(2023, 1, 1),
        )
        if role == Role.ADMIN and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
    for entry in data["agreements"]:
        party = parties[entry["party"]]
        assert party.municipality is not None, party.slug  # only a municipality's government has an agreement
        if not PartnershipAgreement.objects.filter(party=party, municipality=party.municipality).exists():
            agreement_create(
                party=party,
                municipality=party.municipality,
                signed_on=entry["signed_on"],
                term_start=entry["term_start"],
                term_end=entry["term_end"],
                reference=f"ELVL-PL-{entry['signed_on'].year}-{party.slug}",
            )
    for entry in data["positions"]:
        party = parties[entry["party"]]
        if not CoordinatorPosition.objects.filter(party=party, title=entry["title"]).exists():
            agreement = PartnershipAgreement.objects.filter(party=party).first()  # none for ELVL
            position_create(
                party=party,
                title=entry["title"],
                holder_name=entry["holder"],
                starts_on=entry["starts_on"],
                ends_on=entry.get("ends_on"),
                agreement=agreement,
            )
    for entry in data.get("candidates", []):
        municipality = Municipality.objects.get(name=entry["municipality"])
        if not Candidate.objects.filter(municipality=municipality).exists():
            candidate_save(
                party=parties["elvl"],
                municipality=municipality,
                mapping_notes=entry["mapping_notes"],
                decision=entry["decision"],
                decided_on=entry.get("decided_on"),
                decision_note=entry.get("decision_note", ""),
            )
    out.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})\n")
    for email, _name, slug, role, register, _dpo in DEMO_ACCOUNTS:
        extra = " + register" if register else ""
        out.write(f"  {email:32} {parties[slug].short_name:14} {role.label}{extra}\n")
    out.write(
        f"  Administrators also need a TOTP code: secret {DEMO_TOTP_SECRET} in an authenticator app,\n"
        "  or run: .venv/bin/loim demo-totp\n"
    )


def demo_keeper(party):
    """The demo user who would have checked the party's entries (its first coordinator, else its
    first admin), so a demo page says who last confirmed an entry, as a real one does."""
    for role in (Role.COORDINATOR, Role.ADMIN):
        membership = Membership.objects.filter(party=party, role=role).select_related("user").order_by("pk").first()
        if membership is not None:
            return membership.user
    return None
