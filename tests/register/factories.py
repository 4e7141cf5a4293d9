"""Builders for register records, going through the services so test data obeys the same rules."""

import datetime as dt
import itertools

from loim.register.models import ConsentMethod, ConsentText, Purpose
from loim.register.services.people import ConsentInput, PersonInput, person_create

_n = itertools.count(1)


def make_purpose(party, name: str | None = None, **fields) -> Purpose:
    name = name or f"Teave üritustest {next(_n)}"
    purpose = Purpose.objects.filter(party=party, name=name).first()
    if purpose is None:
        purpose = Purpose.objects.create(party=party, name=name, recipients="ei ole", **fields)
    return purpose


def make_text(purpose: Purpose, version: str | None = None, language: str = "et") -> ConsentText:
    version = version or f"2024-{next(_n)}"
    return ConsentText.objects.create(
        party_id=purpose.party_id,
        purpose=purpose,
        version=version,
        language=language,
        body="Olen nõus, et vald saadab mulle teavet ürituste ja teenuste kohta.",
        published_on=dt.date(2024, 1, 1),
    )


def default_purpose(party) -> Purpose:
    """The party's standard purpose with one text, created once."""
    purpose = make_purpose(party, name="Teave ürituste ja teenuste kohta")
    if not purpose.texts.exists():
        make_text(purpose, version="2024-1")
    return purpose


def make_person(
    party,
    *,
    name: str | None = None,
    email: str | None = None,
    phone: str = "",
    languages=("ru",),
    target_group: str = "newcomer",
    municipality=None,
    settlement: str = "",
    topics=(),
    purpose: Purpose | None = None,
    given_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    retention_until: dt.date | None = None,
):
    n = next(_n)
    purpose = purpose or default_purpose(party)
    text = purpose.texts.first() or make_text(purpose)
    return person_create(
        party=party,
        data=PersonInput(
            name=name or f"Olena Testova {n}",
            languages=list(languages),
            target_group=target_group,
            phone=phone,
            email=email if email is not None else f"olena{n}@example.test",
            municipality=municipality,
            settlement=settlement,
            topics=list(topics),
            retention_until=retention_until,
        ),
        consent=ConsentInput(
            purpose=purpose,
            text_version=text,
            given_on=given_on or dt.date.today() - dt.timedelta(days=30),
            method=ConsentMethod.PAPER,
            ends_on=ends_on,
        ),
    )


def make_event(party, *, day: dt.date | None = None, title: str | None = None):
    """An event of the party (made directly: the register only needs one to point at)."""
    from django.utils import timezone

    from loim.events.models import Event
    from loim.plans.models import EventKind

    day = day or dt.date.today()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(17, 0)))
    return Event.objects.create(
        party=party,
        # get_or_create: the live server's transactional tests flush the migration's reference data
        kind=EventKind.objects.get_or_create(
            code="conversation_club", defaults={"name_et": "suhtlusklubi", "name_en": "conversation club"}
        )[0],
        title=title or f"Suhtlusklubi {next(_n)}",
        start=start,
        end=start + dt.timedelta(hours=1, minutes=30),
        municipality=party.municipality,
        languages=["et"],
    )


def make_inquiry(party, *, day: dt.date | None = None):
    from loim.inquiries.models import Inquiry

    return Inquiry.objects.create(
        party=party, date=day or dt.date.today(), channel="in_person", language="uk", category="newcomer"
    )
