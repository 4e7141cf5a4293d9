"""Reads of personal data that log themselves.

Every function here that returns a person's personal fields (name, contact details, languages,
residence …) takes the actor and the reason (`Why`), writes one access-log entry per person it
returns, and returns evaluated data (model instances in lists, dataclasses), never a lazy queryset
that a template could widen. Pages therefore cannot show a person without an entry in the log:
`tests/register/test_access_invariant.py` requests every register page and checks it, and
`tests/register/test_reads.py` fails if a view reaches the Person model any other way.

Reads without personal fields (the record list's numbers and dates, counts, summaries) stay in
`selectors.py` and `statistics.py` and write nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from loim.core.tenancy import get_editable_or_404, get_visible_or_404

from .access import SUBJECT_REQUEST, Why, log_access
from .models import REQUEST_REASONS, AccessAction, AccessReason, Attendance, Consent, ContactRecord, Person
from .models.links import link_models
from .selectors import SEARCH_LIMIT, invitation_people, person_search


@dataclass(frozen=True)
class PersonRecord:
    """One opened record with everything its page shows."""

    person: Person
    why: Why
    consents: list[Consent]
    contacts: list[ContactRecord]
    links: list[tuple[type, list]]
    topics: list

    @property
    def processable(self) -> bool:
        return any(c.in_force() for c in self.consents) and not self.person.restricted


@dataclass(frozen=True)
class Found:
    """A search's people (at most the limit) and whether there were more."""

    people: list[Person]
    more: bool


def _person(actor, pk, *, editable: bool = False) -> Person:
    queryset = Person.objects.select_related("party", "municipality")
    fetch = get_editable_or_404 if editable else get_visible_or_404
    return fetch(queryset, actor, pk=pk)


def open_person(*, actor, pk, editable: bool = True) -> Person:
    """The person the actor may read (or change: `editable`), 404 otherwise, for a page that shows
    only the record's number or writes through a service. Showing a personal field needs
    `person_shown` or `person_record`."""
    return _person(actor, pk, editable=editable)


def person_shown(*, actor, person: Person, why: Why, action: str = AccessAction.VIEW) -> Person:
    """Log that the page about to be shown holds the person's personal fields (a form to correct
    them, for instance) and return the person."""
    log_access(actor=actor, people=[person], action=action, why=why)
    return person


def person_record(*, actor, person: Person, why: Why) -> PersonRecord:
    """The record's page: the person, consents, contacts, links and topics, read once and logged."""
    record = PersonRecord(
        person=person,
        why=why,
        consents=list(person.consents.select_related("purpose", "text_version")),
        contacts=list(person.contacts.select_related("purpose", "recorded_by")),
        links=[
            (model, list(model.objects.filter(person=person).select_related(*model.detail_related)))
            for model in link_models()
        ],
        topics=list(person.topics.select_related("parent")),
    )
    log_access(actor=actor, people=[person], action=AccessAction.VIEW, why=why)
    return record


def search(
    *,
    actor,
    party,
    why: Why,
    limit: int = SEARCH_LIMIT,
    exclude=frozenset(),
    action=AccessAction.SEARCH,
    withdrawn: bool = False,
    **criteria,
) -> Found:
    """People of the party matching the criteria (see `selectors.person_search`), at most `limit`,
    leaving out the ids in `exclude`; every person returned is logged.

    `withdrawn` also finds people who may no longer be processed (consent withdrawn or ended,
    restricted): only for the person's own access or erasure request (the reason is logged), and
    only by name, e-mail or phone — anything else is refused before anything is read."""
    if withdrawn:
        if why.reason not in REQUEST_REASONS:
            raise PermissionDenied("people who may not be processed are searched for only for their own request")
        if not str(criteria.get("text") or "").strip():
            raise PermissionDenied("people who may not be processed are searched for only by name, e-mail or phone")
    queryset = person_search(user=actor, party=party, withdrawn=withdrawn, **criteria)
    if exclude:
        queryset = queryset.exclude(pk__in=list(exclude))
    found = list(queryset[: limit + 1])
    people = found[:limit]
    log_access(actor=actor, people=people, action=action, why=why)
    return Found(people=people, more=len(found) > limit)


def attendance_list(*, actor, event, why: Why) -> list[Attendance]:
    """Who attended one of the party's events, by name; every person on the list is logged."""
    attending = list(
        Attendance.objects.editable_by(actor).filter(event=event).select_related("person").order_by("person__name")
    )
    log_access(actor=actor, people=[a.person for a in attending], action=AccessAction.ATTENDANCE, why=why)
    return attending


def contact_list(*, actor, party, purpose, channel: str, **criteria) -> list[Person]:
    """The people a contact list (invitations) holds; every one of them is logged with the purpose."""
    people = list(invitation_people(user=actor, party=party, purpose=purpose, channel=channel, **criteria))
    log_access(actor=actor, people=people, action=AccessAction.CONTACT_LIST, why=Why(AccessReason.PURPOSE, purpose.pk))
    return people


def contact_list_size(*, user, party, purpose, channel: str, **criteria) -> int:
    """How many people a contact list would hold: a count, no personal data, nothing logged."""
    return invitation_people(user=user, party=party, purpose=purpose, channel=channel, **criteria).count()


def subject_export(*, actor, person: Person, fmt: str) -> bytes:
    """Everything held about the person as a file (GDPR art. 15, 20), logged as the person's own request."""
    from .exports import subject_export_json, subject_export_pdf

    action, render = {
        "json": (AccessAction.EXPORT_JSON, subject_export_json),
        "pdf": (AccessAction.EXPORT_PDF, subject_export_pdf),
    }[fmt]
    content = render(person)
    log_access(actor=actor, people=[person], action=action, why=SUBJECT_REQUEST)
    return content
