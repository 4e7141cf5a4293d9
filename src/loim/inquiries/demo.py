"""Demo inquiries of 2024 for the five partner municipalities (about 1,900 in all), with topic,
language and channel mixes that follow each partner's plan text: Tartu's registry services
(personal ID codes, residence registration, bus cards), Pärnu's and Saaremaa's personal counselling
on social benefits, many Ukrainian and Russian speakers, fewer inquiries in July and more in
September. Deterministic (seeded random) and idempotent (a party with 2024 inquiries is skipped)."""

import datetime as dt
import random

from django.contrib.auth import get_user_model

from loim.parties.models import Party
from loim.places.models import Municipality
from loim.plans.models import Activity

from .importing import ParsedRow
from .models import Inquiry, ReferralTarget, ServiceGapNote, Topic
from .services import inquiries_write_parsed, service_gap_note_create

YEAR = 2024
MONTH_WEIGHTS = [1.0, 1.0, 1.1, 1.0, 0.9, 0.8, 0.55, 0.85, 1.35, 1.2, 1.1, 0.7]

PROFILES = {
    "tartu": {
        "count": 640,
        "neighbours": ["0796", "0283", "0432", "0171"],  # Tartu vald, Kambja, Luunja, Elva
        "languages": {"uk": 34, "ru": 28, "en": 24, "et": 6, "other": 8},
        "channels": {"in_person": 50, "email": 20, "phone": 14, "web": 13, "outreach": 3},
        "topics": {
            "personal-id-code": 22,
            "residence-registration": 20,
            "bus-card": 16,
            "documents-permits": 9,
            "employment": 7,
            "estonian-language": 8,
            "social-benefits": 6,
            "health-care": 5,
            "education-childcare": 4,
            "housing": 4,
            "legal": 2,
            "culture-leisure": 3,
            "other": 2,
        },
    },
    "tallinn": {
        "count": 700,
        "neighbours": ["0198", "0890", "0446"],  # Harku, Viimsi, Maardu
        "languages": {"ru": 34, "uk": 30, "en": 26, "et": 3, "other": 7},
        "channels": {"in_person": 38, "email": 26, "phone": 18, "web": 15, "outreach": 3},
        "topics": {
            "documents-permits": 14,
            "employment": 14,
            "housing": 12,
            "social-benefits": 12,
            "estonian-language": 11,
            "health-care": 9,
            "education-childcare": 9,
            "residence-registration": 6,
            "personal-id-code": 4,
            "legal": 5,
            "culture-leisure": 3,
            "other": 3,
        },
    },
    "parnu": {
        "count": 260,
        "neighbours": ["0638", "0809"],  # Põhja-Pärnumaa, Tori
        "languages": {"uk": 46, "ru": 30, "en": 14, "et": 4, "other": 6},
        "channels": {"in_person": 56, "phone": 20, "email": 12, "web": 10, "outreach": 2},
        "topics": {
            "social-benefits": 18,
            "employment": 16,
            "education-childcare": 14,
            "estonian-language": 12,
            "housing": 10,
            "health-care": 9,
            "documents-permits": 8,
            "residence-registration": 5,
            "culture-leisure": 5,
            "other": 3,
        },
    },
    "saaremaa": {
        "count": 140,
        "neighbours": ["0478", "0689"],  # Muhu, Ruhnu
        "languages": {"uk": 58, "ru": 20, "en": 14, "et": 4, "other": 4},
        "channels": {"in_person": 55, "phone": 25, "email": 10, "web": 6, "outreach": 4},
        "topics": {
            "social-benefits": 26,
            "housing": 14,
            "employment": 14,
            "health-care": 10,
            "estonian-language": 10,
            "education-childcare": 8,
            "documents-permits": 8,
            "culture-leisure": 6,
            "other": 4,
        },
    },
    "rakvere": {
        "count": 220,
        "neighbours": ["0661", "0901"],  # Rakvere vald, Vinni
        "languages": {"uk": 50, "ru": 30, "en": 10, "et": 5, "other": 5},
        "channels": {"in_person": 52, "phone": 22, "web": 14, "email": 8, "outreach": 4},
        "topics": {
            "social-benefits": 18,
            "documents-permits": 14,
            "employment": 14,
            "housing": 12,
            "health-care": 10,
            "estonian-language": 10,
            "education-childcare": 8,
            "legal": 6,
            "culture-leisure": 5,
            "other": 3,
        },
    },
}
CATEGORIES = {"newcomer": 55, "other_background": 18, "returnee": 5, "unknown": 22}
REFERRALS = {
    "personal-id-code": ["kov-rahvastikuregister", "ppa"],
    "residence-registration": ["kov-rahvastikuregister"],
    "bus-card": ["kov-muu"],
    "employment": ["tootukassa", "work-in-estonia", "tootukassa"],
    "social-benefits": ["sotsiaalkindlustusamet", "kov-sotsiaal", "kov-sotsiaal"],
    "documents-permits": ["ppa", "international-house"],
    "estonian-language": ["integratsiooni-sihtasutus"],
    "health-care": ["tervisekassa"],
    "education-childcare": ["kov-haridus"],
    "housing": ["kov-sotsiaal", "mtu"],
    "legal": ["mtu", "emta"],
    "culture-leisure": ["mtu"],
    "other": ["muu"],
}
NOTES = [
    "Vajab tõlget järgmisel kohtumisel.",
    "Tuleb tagasi vajalike dokumentidega.",
    "Soovitati eesti keele kursust.",
    "Küsimus lahendati kohapeal.",
    "Saadeti info e-kirjaga.",
    "Vajab vaimse tervise tuge, info jagatud.",
    "Pere koos lastega, küsis lasteaiakoha kohta.",
]


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _days(rng: random.Random, count: int) -> list[dt.date]:
    """Working days of the year, months weighted by season."""
    days = []
    for _ in range(count):
        month = rng.choices(range(1, 13), weights=MONTH_WEIGHTS)[0]
        while True:
            day = dt.date(YEAR, month, rng.randint(1, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31))
            if day.weekday() < 5:
                break
        days.append(day)
    return sorted(days)


def _activity_for(party):
    """The party's 2024 plan row about counselling, when the plan has been loaded."""
    return (
        Activity.objects.filter(plan__year=YEAR, responsible_parties=party, level__gt=0, title__icontains="nõustami")
        .order_by("position")
        .first()
    )


def _rows(rng, profile, party, topics, targets, municipalities):
    rows = []
    own = party.municipality_id
    for day in _days(rng, profile["count"]):
        first = _pick(rng, profile["topics"])
        chosen = [first]
        if rng.random() < 0.3:
            second = _pick(rng, profile["topics"])
            if second != first:
                chosen.append(second)
        referral_ids = ()
        if rng.random() < 0.38:
            referral_ids = (targets[rng.choice(REFERRALS[first])],)
        where = rng.random()
        if where < 0.72:
            municipality = own
        elif where < 0.85:
            municipality = municipalities.get(rng.choice(profile["neighbours"]), own)
        else:
            municipality = None
        rows.append(
            ParsedRow(
                row=0,
                date=day,
                channel=_pick(rng, profile["channels"]),
                language=_pick(rng, profile["languages"]),
                category=_pick(rng, CATEGORIES),
                topic_ids=tuple(topics[code] for code in chosen),
                referral_ids=referral_ids,
                minutes=rng.choice([5, 10, 10, 15, 15, 15, 20, 20, 30, 30, 45, 60]),
                municipality_id=municipality,
                note=rng.choice(NOTES) if rng.random() < 0.08 else "",
            )
        )
    return rows


def seed(*, out) -> None:
    topics = dict(Topic.objects.values_list("code", "pk"))
    targets = dict(ReferralTarget.objects.values_list("code", "pk"))
    municipalities = dict(Municipality.objects.values_list("ehak_code", "pk"))
    users = {u.email: u for u in get_user_model().objects.filter(email__endswith=".demo")}
    written = 0
    for slug, profile in PROFILES.items():
        party = Party.objects.filter(slug=slug).first()
        if party is None or Inquiry.objects.filter(party=party, date__year=YEAR).exists():
            continue
        rng = random.Random(f"loim-inquiries-{slug}-{YEAR}")  # noqa: S311  (reproducible demo data, not secrets)
        rows = _rows(rng, profile, party, topics, targets, municipalities)
        written += inquiries_write_parsed(party=party, rows=rows, created_by=users.get(f"koordinaator@{slug}.demo"))
        activity = _activity_for(party)
        if activity is not None:
            Inquiry.objects.filter(party=party, date__year=YEAR).update(activity=activity)
    tartu = Party.objects.filter(slug="tartu").first()
    if tartu and not ServiceGapNote.objects.filter(party=tartu).exists() and "bus-card" in topics:
        count = Inquiry.objects.filter(party=tartu, date__year=YEAR, topics__code="bus-card").count()
        service_gap_note_create(
            party=tartu,
            topic=Topic.objects.get(code="bus-card"),
            period_start=dt.date(YEAR, 1, 1),
            period_end=dt.date(YEAR, 12, 31),
            inquiry_count=count,
            text=(
                "Bussikaardi isikustamine on kolmas sagedasem teema. Ettepanek: pakkuda isikustamist "
                "linnavalitsuse klienditeeninduses koos elukoha registreerimisega."
            ),
            created_by=users.get("koordinaator@tartu.demo"),
        )
    if written:
        out.write(f"Inquiries: {written} demo inquiries of {YEAR} for the partner municipalities.\n")
