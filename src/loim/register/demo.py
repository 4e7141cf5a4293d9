"""Demo data of the register: the people, purposes and consent texts are in `data/demo.yaml`
(fictional people who agreed to be contacted in 2024); this module adds what cannot be data: the
retention date (the end of the party's partnership term, or the fallback period when the term is over,
so the demo works whatever the date), links to the demo inquiries and events that exist at run time,
the consent that has just ended, and a few logged reads.

Idempotent: a party whose demo purpose exists is left alone.
"""

import datetime as dt

from django.contrib.auth import get_user_model

from loim.core.demo import demo_data, require_demo_mode
from loim.events.models import Event
from loim.inquiries.models import Inquiry, Topic
from loim.parties.models import Party
from loim.places.models import Municipality

from .access import SUBJECT_REQUEST, Why, log_access
from .models import AccessAction, AccessReason, Consent, ConsentMethod, ConsentText, Person, Purpose
from .selectors import retention_limit
from .services.config import consent_text_create, purpose_save
from .services.links import attendance_add, inquiry_link_add
from .services.people import (
    ConsentInput,
    PersonInput,
    consent_add,
    consent_withdraw,
    contact_record,
    person_create,
)


def _purposes(party, data) -> list[Purpose]:
    purposes = []
    for spec in data["parties"][party.slug]["purposes"]:
        purpose = Purpose.objects.filter(party=party, name=spec["name"]).first() or purpose_save(
            party=party,
            name=spec["name"],
            legal_basis="consent",
            consent_months=24,
            description=spec["description"],
            recipients=spec["recipients"],
        )
        for language, body in data["consent_texts"].items():
            if not ConsentText.objects.filter(purpose=purpose, version="2024-1", language=language).exists():
                consent_text_create(
                    purpose=purpose,
                    version="2024-1",
                    language=language,
                    body=body.format(party=party.name),
                    published_on=dt.date(2024, 1, 15),
                )
        purposes.append(purpose)
    return purposes


def _person(party, row: dict, purpose, *, until: dt.date, topics, languages_with_text) -> Person:
    phone = row.get("phone", "")
    language = next((code for code in row["languages"] if code in languages_with_text), "et")
    return person_create(
        party=party,
        data=PersonInput(
            name=row["name"],
            languages=list(row["languages"]),
            target_group=row["group"],
            phone=phone,
            email=row.get("email", ""),
            municipality=Municipality.objects.current().get(name=row["municipality"]),
            settlement=row.get("settlement", ""),
            arrival_year=row["arrived"],
            topics=topics,
            retention_until=until,
        ),
        consent=ConsentInput(
            purpose=purpose,
            text_version=ConsentText.objects.get(purpose=purpose, version="2024-1", language=language),
            given_on=row["consent_given"],
            method=ConsentMethod.PAPER if phone else ConsentMethod.WEB_FORM,
            ends_on=until,
        ),
    )


def seed(*, out) -> None:
    require_demo_mode()
    data = demo_data("register")
    today = dt.date.today()
    topics = list(Topic.objects.filter(active=True, parent__isnull=False).order_by("order", "code")[:6])
    people_of = {slug: spec["people"] for slug, spec in data["parties"].items()}
    coordinators = {
        slug: get_user_model().objects.filter(email=f"koordinaator@{slug}.demo").first() for slug in people_of
    }
    created = 0
    for slug, rows in people_of.items():
        party = Party.objects.filter(slug=slug).first()
        if party is None or Purpose.objects.filter(party=party, name=data["events_purpose"]).exists():
            continue
        purposes = _purposes(party, data)
        until = retention_limit(party=party, today=today)
        people = []
        for index, row in enumerate(rows):
            interest = [topics[index % len(topics)]] if topics and index % 3 == 0 else []
            person = _person(
                party, row, purposes[-1], until=until, topics=interest, languages_with_text=data["consent_texts"]
            )
            if len(purposes) > 1 and index % 2 == 0:
                # Rakvere: everyone agreed to the mapping, every other person also to invitations.
                first = person.consents.get()
                consent_add(
                    person=person,
                    data=ConsentInput(
                        purpose=purposes[0],
                        text_version=ConsentText.objects.get(
                            purpose=purposes[0], version="2024-1", language=first.text_version.language
                        ),
                        given_on=first.given_on,
                        method=first.method,
                        ends_on=until,
                    ),
                )
            people.append(person)
        created += len(people)
        _activity(party, people, coordinators.get(slug), today=today, data=data)
    if created:
        out.write(f"Register: {created} fictional people with consents (Saaremaa, Rakvere, Tartu, Pärnu)\n")


def _activity(party, people, coordinator, *, today: dt.date, data: dict) -> None:
    """Contacts, links, a withdrawal, an ended consent and some reads, as a year of use leaves them."""
    by_name = {person.name: person for person in people}
    if party.slug == "saaremaa":
        use = data["saaremaa"]
        consent_withdraw(consent=by_name[use["withdrawn"]].consents.get(), on=min(today, dt.date(2024, 11, 15)))
        ended = by_name[use["ended"]].consents.get()
        # The consent ran out: its end date is in the past (set directly, as time passing would).
        Consent.objects.filter(pk=ended.pk).update(ends_on=today - dt.timedelta(days=3))
        for person, day in zip(people[: len(use["contacts"]["days"])], use["contacts"]["days"], strict=True):
            purpose = person.consents.get().purpose
            contact_record(
                person=person,
                actor=coordinator,
                contacted_on=max(day, person.consents.get().given_on),
                channel="sms" if person.phone else "email",
                purpose=purpose,
                note=use["contacts"]["note"],
            )
        active = [p for p in people if p.name not in (use["withdrawn"], use["ended"])]
        for person, inquiry in zip(active[:3], Inquiry.objects.filter(party=party).order_by("date")[:3], strict=False):
            inquiry_link_add(person=person, inquiry=inquiry, actor=coordinator)
        events = list(Event.objects.filter(party=party).order_by("-start")[:2])
        for event in events:
            for person in active[4:10]:
                attendance_add(person=person, event=event, actor=coordinator)
    if coordinator is not None:
        purpose = Purpose.objects.get(party=party, name=data["events_purpose"])  # made by _purposes()
        log_access(
            actor=coordinator, people=people[:5], action=AccessAction.SEARCH, why=Why(AccessReason.PURPOSE, purpose.pk)
        )
        log_access(actor=coordinator, people=people[:2], action=AccessAction.VIEW, why=SUBJECT_REQUEST)
