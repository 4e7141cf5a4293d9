"""Reads of the register: retention limits, the record list, search, invitation lists, summaries.

Searches and invitation lists start from `Person.objects.processable()` / `consenting_to()`, so a
withdrawn or ended consent, or a restriction, takes a person out of them at once.
"""

import datetime as dt

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q, Subquery

from loim.parties.models import PartnershipAgreement

from .models import AccessLog, Consent, Person, Purpose, RegisterSettings
from .models.config import add_months
from .models.people import active_consent_q
from .validators import search_key

SEARCH_LIMIT = 50


def retention_limit(*, party, today: dt.date) -> dt.date:
    """The latest day a person added today may be kept: the end of the party's partnership term.

    Without a current agreement: `retention_fallback_months` from today (RegisterSettings).
    """
    term_end = (
        PartnershipAgreement.objects.filter(party=party, term_start__lte=today, term_end__gte=today)
        .aggregate(end=Max("term_end"))
        .get("end")
    )
    if term_end:
        return term_end
    return add_months(today, RegisterSettings.for_party(party).retention_fallback_months)


def _consent_in_force(today):
    return Exists(Consent.objects.filter(active_consent_q(today), person=OuterRef("pk")))


def _consent_ends(today):
    return Subquery(
        Consent.objects.filter(active_consent_q(today), person=OuterRef("pk"))
        .order_by("-ends_on")
        .values("ends_on")[:1]
    )


class Status:
    ACTIVE = "active"
    AWAITING_ERASURE = "awaiting_erasure"
    RESTRICTED = "restricted"


def person_rows(*, user, party, status: str = "", today: dt.date | None = None):
    """The party's records without personal fields: number, category, consent and retention dates."""
    today = today or dt.date.today()
    people = (
        Person.objects.visible_to(user)
        .filter(party=party)
        .annotate(in_force=_consent_in_force(today), consent_ends=_consent_ends(today))
        .annotate(due=ExpressionWrapper(Q(in_force=False) | Q(retention_until__lt=today), output_field=BooleanField()))
        .select_related("municipality")
        .only("pk", "party_id", "target_group", "restricted", "retention_until", "created_at", "municipality__name")
    )
    if status == Status.ACTIVE:
        people = people.filter(in_force=True, restricted=False, retention_until__gte=today)
    elif status == Status.AWAITING_ERASURE:
        people = people.filter(due=True)
    elif status == Status.RESTRICTED:
        people = people.filter(restricted=True)
    return people


def person_search(
    *,
    user,
    party,
    text: str = "",
    language: str = "",
    municipality=None,
    topic=None,
    target_group: str = "",
    today: dt.date | None = None,
    withdrawn: bool = False,
):
    """People who may be processed, matching every word of `text` in name, e-mail or phone; with
    `withdrawn`, also those who may not (consent withdrawn or ended, processing restricted) — for the
    person's own access or erasure request only, which `reads.search` enforces."""
    people = Person.objects.visible_to(user).filter(party=party)
    if not withdrawn:
        people = people.processable(today)
    for word in search_key(text).split():
        digits = "".join(ch for ch in word if ch.isdigit())
        if digits and len(digits) == len(word.lstrip("+")):
            people = people.filter(search_text__contains=digits)
        else:
            people = people.filter(search_text__contains=word)
    if language:
        people = people.speaking(language)
    if municipality is not None:
        people = people.filter(municipality=municipality)
    if topic is not None:
        people = people.filter(topics=topic)
    if target_group:
        people = people.filter(target_group=target_group)
    return people.select_related("municipality").order_by("name", "pk").distinct()


def invitation_people(
    *, user, party, purpose: Purpose, channel: str, language: str = "", municipality=None, topic=None
):
    """People with a consent in force for `purpose` who can be reached on `channel` (email or sms)."""
    people = Person.objects.visible_to(user).filter(party=party).consenting_to(purpose)
    people = people.exclude(email="") if channel == "email" else people.exclude(phone="")
    if language:
        people = people.speaking(language)
    if municipality is not None:
        people = people.filter(municipality=municipality)
    if topic is not None:
        people = people.filter(topics=topic)
    return people.order_by("name", "pk").distinct()


def register_summary(*, user, party, today: dt.date | None = None) -> dict:
    """Counts for the party's register users: what needs attention (not shared outside the party)."""
    today = today or dt.date.today()
    soon = today + dt.timedelta(days=30)
    people = Person.objects.visible_to(user).filter(party=party)
    processable = people.processable(today)
    return {
        "people": people.count(),
        "processable": processable.count(),
        "restricted": people.filter(restricted=True).count(),
        "awaiting_erasure": people.due_for_erasure(today).count(),
        "consents_ending": Consent.objects.visible_to(user)
        .filter(active_consent_q(today), person__party=party, ends_on__lte=soon)
        .values("person")
        .distinct()
        .count(),
    }


def access_log_entries(*, user, party=None, record_number: int | None = None, actor_id: int | None = None):
    entries = AccessLog.objects.overseen_by(user).select_related("actor", "purpose", "party")
    if party is not None:
        entries = entries.filter(party=party)
    if record_number is not None:
        entries = entries.filter(record_number=record_number)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    return entries


def access_log_actors(*, user):
    """Who appears in the access log the user may browse, with entry counts (the filter's choices)."""
    return (
        AccessLog.objects.overseen_by(user)
        .exclude(actor=None)
        .values("actor_id", "actor__full_name", "actor__email")
        .annotate(entries=Count("pk"))
        .order_by("actor__full_name", "actor__email")
    )
