"""The access-log invariant: a response that shows a person's name, e-mail or phone comes with a new
access-log entry naming that person, and a response that shows no person writes no entry.

Every register URL pattern is requested (walked from the URL configuration, so a new page is
covered without editing this file), plus the POSTs that show people (search, the attendance search,
the subject exports, the contact list) and every API list endpoint (the API never returns a person).
The user may do everything in the register: register access and the data-protection contact.
"""

import datetime as dt
import io

import pytest
from django.urls import URLResolver, get_resolver, reverse

from loim.register.models import AccessLog
from loim.register.services.links import attendance_add, inquiry_link_add
from loim.register.services.people import contact_record
from tests.register.conftest import opened
from tests.register.factories import make_event, make_inquiry, make_person

# Which object a URL's `pk` names, by URL name; every other register URL's `pk` is the person.
PK_OF = {
    "consent_withdraw": "consent",
    "contact_delete": "contact",
    "inquiry_link_delete": "link",
    "attendance_delete": "attendance",
    "purpose_edit": "purpose",
    "consent_text_create": "purpose",
    "consent_text_detail": "text",
}


@pytest.fixture
def world(member, saaremaa, purpose):
    user = member("saaremaa", "coordinator", register_access=True, data_protection_contact=True)
    person = make_person(saaremaa, name="Õnne Invariantne", email="onne.invariant@example.test", phone="+372 5550 1234")
    bystander = make_person(saaremaa, name="Boriss Kõrvaline", email="boriss.korval@example.test", phone="5550 9876")
    event = make_event(saaremaa)
    attendance = attendance_add(person=person, event=event, actor=user)
    link = inquiry_link_add(person=person, inquiry=make_inquiry(saaremaa), actor=user)
    contact = contact_record(person=person, actor=user, contacted_on=dt.date.today(), channel="email", purpose=purpose)
    return {
        "user": user,
        "party": saaremaa,
        "people": [person, bystander],
        "person": person,
        "event": event,
        "attendance": attendance,
        "link": link,
        "contact": contact,
        "consent": person.consents.get(),
        "purpose": purpose,
        "text": purpose.texts.first(),
    }


def _register_urls(world) -> list[str]:
    """Every register URL pattern, with its arguments filled in from the world."""
    (resolver,) = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "register"]
    urls = []
    for pattern in resolver.url_patterns:
        kwargs = {}
        for name in pattern.pattern.regex.groupindex:
            if name == "pk":
                kwargs[name] = world[PK_OF.get(pattern.name, "person")].pk
            elif name == "event_pk":
                kwargs[name] = world["event"].pk
            else:
                raise AssertionError(f"register:{pattern.name} takes {name!r}: teach this test what it names")
        urls.append(reverse(f"register:{pattern.name}", kwargs=kwargs))
    return urls


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        from pypdf import PdfReader

        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", errors="replace")


def _shown(text: str, people) -> set[int]:
    """The people whose name, e-mail or phone (as stored, or as a person would type it) the text shows."""
    shown = set()
    for person in people:
        values = [person.name, person.email, person.phone, person.phone.removeprefix("+372")]
        if any(value and value in text for value in values):
            shown.add(person.pk)
    return shown


def _check(client, world, method: str, url: str, data=None) -> tuple[int, set[int]]:
    before = set(AccessLog.objects.values_list("pk", flat=True))
    response = getattr(client, method)(url, data or {})
    assert response.status_code < 500, (url, response.status_code)
    shown = _shown(_text(response), world["people"])
    logged = set(AccessLog.objects.exclude(pk__in=before).values_list("person_id", flat=True))
    assert logged == shown, f"{method.upper()} {url}: shows people {shown}, logs people {logged}"
    return response.status_code, shown


@pytest.fixture
def session(client, world):
    client.force_login(world["user"])
    opened(client, world["person"], why="accuracy")
    event_url = reverse("register:event_attendance", kwargs={"event_pk": world["event"].pk})
    assert client.post(event_url, {"action": "open", "why": "accuracy"}).status_code == 302
    return client


def test_every_register_page_that_shows_a_person_logs_it(session, world):
    urls = _register_urls(world)
    assert len(urls) >= 32
    showing = set()
    for url in urls:
        _status, shown = _check(session, world, "get", url)
        if shown:
            showing.add(url)
    person = world["person"]
    # The pages of the opened record and the attendance list do show the person: the check bites.
    assert reverse("register:person_detail", args=[person.pk]) in showing
    assert reverse("register:person_edit", args=[person.pk]) in showing
    assert reverse("register:event_attendance", kwargs={"event_pk": world["event"].pk}) in showing
    # …and the pages about the register (counts, purposes, the access log itself) show nobody.
    for name in ("register:home", "register:person_list", "register:counts", "register:access_log"):
        assert reverse(name) not in showing


def test_the_reads_that_post_log_whom_they_show(session, world):
    person, bystander, party = world["person"], world["people"][1], world["party"]
    search = reverse("register:search")
    assert _check(session, world, "post", search, {"text": "Invariantne", "why": "accuracy"})[1] == {person.pk}
    assert _check(session, world, "post", search, {"text": "5550", "why": "accuracy"})[1] == {person.pk, bystander.pk}
    assert _check(session, world, "post", search, {"text": "nobody-like-this", "why": "accuracy"})[1] == set()
    attendance = reverse("register:event_attendance", kwargs={"event_pk": world["event"].pk})
    # the attendance list names the person; the search finds the bystander (the person already attends)
    assert _check(session, world, "post", attendance, {"action": "search", "text": "Kõrvaline"})[1] == {
        person.pk,
        bystander.pk,
    }
    for fmt in ("json", "pdf"):
        url = reverse(f"register:person_export_{fmt}", args=[person.pk])
        assert _check(session, world, "post", url)[1] == {person.pk}
    invitation = {"purpose": world["purpose"].pk, "channel": "email", "language": "", "municipality": ""}
    invitation |= {"topic": "", "party": party.slug}
    url = reverse("register:invitation")
    assert _check(session, world, "post", url, {**invitation, "action": "preview"})[1] == set()
    assert _check(session, world, "post", url, {**invitation, "action": "download"})[1] == {person.pk, bystander.pk}


def test_no_api_endpoint_returns_a_person(session, world):
    """The register offers counts only through the API; no list endpoint shows a person or logs one."""
    from loim.api.urls import router

    names = sorted({url.name for url in router.urls if url.name and url.name.endswith("-list")})
    assert "register-counts-list" in names
    for name in names:
        assert _check(session, world, "get", reverse(f"v1:{name}"))[1] == set()


def test_a_closed_record_shows_nothing_and_logs_nothing(client, world):
    """Without an open window the record's page asks for a reason: the person is not shown, not logged."""
    client.force_login(world["user"])
    person = world["person"]
    for url in (
        reverse("register:person_detail", args=[person.pk]),
        reverse("register:person_edit", args=[person.pk]),
        reverse("register:event_attendance", kwargs={"event_pk": world["event"].pk}),
    ):
        assert _check(client, world, "get", url)[1] == set()
