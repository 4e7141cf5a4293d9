"""The weekly digest of commitments: for each party with commitments in the current plan year, an
e-mail to its coordinators and administrators (and the party's contact address) with the early
warnings (periods running short), the periods missed in the past week, and what falls due next.
Nothing is sent to a party with nothing to report."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from loim.parties.facts import editors_of
from loim.parties.models import Party
from loim.plans.models import Plan

from . import obligations as checker
from .access import Viewer

logger = logging.getLogger(__name__)


def digest_for(plan: Plan, party: Party, as_of: dt.date) -> dict | None:
    """What one party's digest says; None when there is nothing to say."""
    checks = checker.check(plan, Viewer.system(party), as_of=as_of)
    warnings = checker.warnings_for(checks)
    missed = checker.recently_missed(checks, as_of, days=7)
    if not warnings and not missed:
        return None
    return {"plan": plan, "party": party, "as_of": as_of, "warnings": warnings, "missed": missed}


def recipients(party: Party) -> list[str]:
    emails = {user.email for user in editors_of(party) if user.email}
    if party.email:
        emails.add(party.email)
    return sorted(emails)


def send_digests(*, as_of: dt.date | None = None) -> int:
    """Send the digests for the plan year of `as_of` (default today); returns the number sent."""
    as_of = as_of or timezone.localdate()
    plan = Plan.objects.filter(period_start__lte=as_of, period_end__gte=as_of).first()
    if plan is None:
        return 0
    sent = 0
    party_ids = plan.obligations.values_list("responsible_id", flat=True).distinct()
    for party in Party.objects.filter(pk__in=list(party_ids)).order_by("name"):
        context = digest_for(plan, party, as_of)
        to = recipients(party)
        if context is None or not to:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Lõim: commitments of %(party)s, week %(week)d") % {
                "party": party,
                "week": as_of.isocalendar().week,
            }
            body = render_to_string("monitoring/email/digest.txt", context)
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send()
        sent += 1
        logger.info("obligation digest sent to %s (%d recipients)", party.slug, len(to))
    return sent
