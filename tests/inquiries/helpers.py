"""Builders for inquiry tests: records made through the services, so they are valid by construction."""

import datetime as dt
import itertools

from loim.inquiries.models import ReferralTarget, Topic
from loim.inquiries.services import inquiry_create

_n = itertools.count(1)


def topic(code: str) -> Topic:
    return Topic.objects.get(code=code)


def referral(code: str) -> ReferralTarget:
    return ReferralTarget.objects.get(code=code)


def make_inquiry(party, *, topics=("personal-id-code",), referrals=(), **fields):
    values = {
        "date": dt.date(2024, 3, 5),
        "channel": "in_person",
        "language": "uk",
        "category": "newcomer",
    }
    values.update(fields)
    return inquiry_create(
        party=party,
        topics=[topic(code) for code in topics],
        referrals=[referral(code) for code in referrals],
        **values,
    )


def marked_inquiry(party):
    """An inquiry whose note is unique, so pages and files can be searched for it."""
    return make_inquiry(party, note=f"Märge {next(_n)} bussikaardi kohta")


def ensure_vocabularies() -> None:
    """Re-seed topics and referral targets (the data migrations) after a transactional test, such as
    a browser test against the live server, flushed the database."""
    import importlib

    from django.apps import apps

    if not Topic.objects.exists():
        importlib.import_module("loim.inquiries.migrations.0002_topics").add_topics(apps, None)
        importlib.import_module("loim.inquiries.migrations.0005_topic_aliases").add_aliases(apps, None)
    if not ReferralTarget.objects.exists():
        importlib.import_module("loim.inquiries.migrations.0004_referral_targets").add_targets(apps, None)
