"""Demo accounts, one per role, and the 2023 partnership agreements and coordinator positions."""

import datetime as dt

from django.contrib.auth import get_user_model

from loim.core.demo import DEMO_PASSWORD
from loim.core.tenancy import Role

from .models import CoordinatorPosition, PartnershipAgreement, Party
from .services import agreement_create, membership_grant, position_create

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  (demo only)

DEMO_ACCOUNTS = [
    # email, name, party, role, register access, data protection contact
    ("admin@elvl.demo", "Anu Admin", "elvl", Role.ADMIN, False, False),
    ("noustaja@elvl.demo", "Kristi Kask", "elvl", Role.COORDINATOR, False, False),
    ("koordinaator@tartu.demo", "Tiina Tamm", "tartu", Role.COORDINATOR, True, False),
    ("vaatleja@tartu.demo", "Toomas Vaher", "tartu", Role.VIEWER, False, False),
    ("koordinaator@tallinn.demo", "Mari Mets", "tallinn", Role.COORDINATOR, True, False),
    ("koordinaator@rakvere.demo", "Rein Rebane", "rakvere", Role.COORDINATOR, True, False),
    ("koordinaator@saaremaa.demo", "Siiri Saar", "saaremaa", Role.COORDINATOR, True, True),
    ("koordinaator@parnu.demo", "Peeter Pärn", "parnu", Role.COORDINATOR, True, False),
    ("ametnik@ministeerium.demo", "Malle Mänd", "ministry", Role.MINISTRY_READER, False, False),
]

AGREEMENTS = [
    # party, signed on, term start, term end
    ("tartu", dt.date(2023, 1, 20), dt.date(2023, 1, 1), dt.date(2026, 4, 1)),
    ("tallinn", dt.date(2023, 2, 28), dt.date(2023, 3, 1), dt.date(2026, 4, 1)),
    ("rakvere", dt.date(2023, 1, 31), dt.date(2023, 2, 1), dt.date(2026, 4, 1)),
    ("saaremaa", dt.date(2023, 10, 25), dt.date(2023, 11, 1), dt.date(2026, 4, 1)),
    ("parnu", dt.date(2023, 12, 18), dt.date(2024, 1, 1), dt.date(2026, 4, 1)),
]

POSITIONS = [
    # party, title, holder, starts, ends (ELVL's own posts are not under a partnership agreement)
    ("elvl", "Lõimumise, sh kohanemise valdkonna nõunik", "Kristi Kask", dt.date(2023, 1, 1), None),
    ("elvl", "Lõimumise koordinaator", "Liis Lepp", dt.date(2024, 5, 2), None),
    ("tartu", "Kohanemise ja lõimumise koordinaator", "Tiina Tamm", dt.date(2023, 3, 1), None),
    ("tallinn", "Lõimumise koordinaator", "Mari Mets", dt.date(2023, 4, 1), None),
    ("tallinn", "Teenuste arenduse koordinaator", "Jaan Jõgi", dt.date(2024, 1, 22), None),
    ("rakvere", "Lõimumise koordinaator", "Rein Rebane", dt.date(2023, 3, 1), None),
    ("saaremaa", "Kohanemise koordinaator", "Siiri Saar", dt.date(2023, 11, 15), None),
    ("parnu", "Lõimumise koordinaator", "Peeter Pärn", dt.date(2024, 2, 1), None),
]


def seed(*, out) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

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
    for slug, signed, start, end in AGREEMENTS:
        party = parties[slug]
        assert party.municipality is not None, slug  # every partner in AGREEMENTS is a municipality
        if not PartnershipAgreement.objects.filter(party=party, municipality=party.municipality).exists():
            agreement_create(
                party=party,
                municipality=party.municipality,
                signed_on=signed,
                term_start=start,
                term_end=end,
                reference=f"ELVL-PL-{signed.year}-{slug}",
            )
    for slug, title, holder, starts, ends in POSITIONS:
        party = parties[slug]
        if not CoordinatorPosition.objects.filter(party=party, title=title).exists():
            agreement = PartnershipAgreement.objects.filter(party=party).first()  # none for ELVL
            position_create(
                party=party, title=title, holder_name=holder, starts_on=starts, ends_on=ends, agreement=agreement
            )
    out.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})\n")
    for email, _name, slug, role, register, _dpo in DEMO_ACCOUNTS:
        extra = " + register" if register else ""
        out.write(f"  {email:32} {parties[slug].short_name:14} {role.label}{extra}\n")
    out.write(
        f"  Administrators also need a TOTP code: secret {DEMO_TOTP_SECRET} in an authenticator app,\n"
        "  or run: .venv/bin/loim demo-totp\n"
    )
