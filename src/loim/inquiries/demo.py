"""Demo inquiries of 2024 for the five partner municipalities: each partner's mix of topics,
languages, channels and target groups is in `data/demo.yaml`; this module draws the inquiries from
it. Deterministic (seeded random) and idempotent (a party with inquiries of the year is skipped)."""

import datetime as dt
import random

from django.contrib.auth import get_user_model

from loim.core.demo import demo_data
from loim.parties.models import Party
from loim.places.models import Municipality
from loim.plans.models import Activity

from .importing import ParsedRow
from .models import Inquiry, ReferralTarget, ServiceGapNote, Topic
from .services import inquiries_write_parsed, service_gap_note_create


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _days(rng: random.Random, count: int, *, year: int, month_weights: list[float]) -> list[dt.date]:
    """Working days of the year, months weighted by season."""
    days = []
    for _ in range(count):
        month = rng.choices(range(1, 13), weights=month_weights)[0]
        while True:
            day = dt.date(year, month, rng.randint(1, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31))
            if day.weekday() < 5:
                break
        days.append(day)
    return sorted(days)


def _activity_for(party, year: int):
    """The party's 2024 plan row about counselling, when the plan has been loaded."""
    return (
        Activity.objects.filter(plan__year=year, responsible_parties=party, level__gt=0, title__icontains="nõustami")
        .order_by("position")
        .first()
    )


def _rows(rng, data, profile, party, topics, targets, municipalities):
    rows = []
    own = party.municipality_id
    for day in _days(rng, profile["count"], year=data["year"], month_weights=data["month_weights"]):
        first = _pick(rng, profile["topics"])
        chosen = [first]
        if rng.random() < 0.3:
            second = _pick(rng, profile["topics"])
            if second != first:
                chosen.append(second)
        referral_ids: tuple[int, ...] = ()
        if rng.random() < 0.38:
            referral_ids = (targets[rng.choice(data["referrals"][first])],)
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
                category=_pick(rng, data["categories"]),
                topic_ids=tuple(topics[code] for code in chosen),
                referral_ids=referral_ids,
                minutes=rng.choice([5, 10, 10, 15, 15, 15, 20, 20, 30, 30, 45, 60]),
                municipality_id=municipality,
                note=rng.choice(data["notes"]) if rng.random() < 0.08 else "",
            )
        )
    return rows


def seed(*, out) -> None:
    data = demo_data("inquiries")
    year = data["year"]
    topics = dict(Topic.objects.values_list("code", "pk"))
    targets = dict(ReferralTarget.objects.values_list("code", "pk"))
    municipalities = dict(Municipality.objects.values_list("ehak_code", "pk"))
    users = {u.email: u for u in get_user_model().objects.filter(email__endswith=".demo")}
    written = 0
    for slug, profile in data["profiles"].items():
        party = Party.objects.filter(slug=slug).first()
        if party is None or Inquiry.objects.filter(party=party, date__year=year).exists():
            continue
        rng = random.Random(f"loim-inquiries-{slug}-{year}")  # noqa: S311  (reproducible demo data, not secrets)
        rows = _rows(rng, data, profile, party, topics, targets, municipalities)
        written += inquiries_write_parsed(party=party, rows=rows, created_by=users.get(f"koordinaator@{slug}.demo"))
        activity = _activity_for(party, year)
        if activity is not None:
            Inquiry.objects.filter(party=party, date__year=year).update(activity=activity)
    gap = data["service_gap_note"]
    party = Party.objects.filter(slug=gap["party"]).first()
    if party and not ServiceGapNote.objects.filter(party=party).exists() and gap["topic"] in topics:
        count = Inquiry.objects.filter(party=party, date__year=year, topics__code=gap["topic"]).count()
        service_gap_note_create(
            party=party,
            topic=Topic.objects.get(code=gap["topic"]),
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            inquiry_count=count,
            text=gap["text"],
            created_by=users.get(f"koordinaator@{gap['party']}.demo"),
        )
    if written:
        out.write(f"Inquiries: {written} demo inquiries of {year} for the partner municipalities.\n")
