"""Issue 18's load scenario: coordinators and portal visitors at once (`bench/scenario_locustfile.py`).

`prepare()` makes what the users need in the database the server reads — coordinators' accounts (a
coordinator membership each, spread over the programme's partners, all with one password) — and
returns the scenario as a JSON-able dict: the accounts, the inquiry and event forms' valid data, the
dashboard's year, and the portal addresses (municipality pages, public events, published journeys,
a search word per portal language). `check()` asks for every page kind once in-process (Django's test
client, the real login form included) and raises if one does not answer as the load expects, so a
wrong address or form data fails before the load, named, instead of as thousands of errors.

Page kinds (the names in locust's statistics and in the figures, `load_<kind>`):

- coordinators: `login_form`, `login` (the session form's GET, then its POST with the CSRF token),
  `inquiry_form` / `inquiry_save` (the quick entry: GET, then POST → 302), `event_form` /
  `event_save` (the same for an event),
  `dashboard` (the plan year's), `statistics` (the inquiries'), `event_list`;
- portal visitors: `portal_municipality`, `portal_events`, `portal_event`, `portal_journey`,
  `portal_search`, each in one of et/en/ru/uk;
- `empty`: the bench's empty view, asked for by a few probe users during the same run — the baseline.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# Django and the project's models are imported inside the functions that need them: the locustfile
# imports this module for its pure helpers, in a process where Django is not set up.

COORDINATOR_KINDS = [
    "login_form",
    "login",
    "inquiry_form",
    "inquiry_save",
    "event_form",
    "event_save",
    "dashboard",
    "statistics",
    "event_list",
]
VISITOR_KINDS = ["portal_municipality", "portal_events", "portal_event", "portal_journey", "portal_search"]
KINDS = [*COORDINATOR_KINDS, *VISITOR_KINDS, "empty"]
LANGUAGES = ["et", "en", "ru", "uk"]
SEARCH = {"et": "eesti keel", "en": "language", "ru": "Тарту", "uk": "мова"}
PASSWORD = "koormus-Test-2026-parool"  # noqa: S105 - the bench's throwaway accounts
EMAIL = "load-coordinator-{}@example.ee"
EMPTY = "/bench-empty/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def coordinators(count: int) -> list[dict]:
    """`count` coordinators over the partners with a municipality (the same accounts again if they exist)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import Argon2PasswordHasher
    from django.utils import timezone

    from loim.parties.models import Membership, Party

    parties = list(Party.objects.filter(kind="partner", municipality__isnull=False).order_by("slug"))
    if not parties:
        raise RuntimeError("no partner with a municipality: load the parties first")
    # one Argon2 hash for all (each carries its salt): the server's hasher, made once, not 50 times
    encoded = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user_model = get_user_model()
    accounts = []
    for n in range(count):
        party = parties[n % len(parties)]
        user, created = user_model.objects.get_or_create(email=EMAIL.format(n), defaults={"password": encoded})
        if not created:
            user.password = encoded
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user, party=party, role="coordinator", defaults={"starts_on": timezone.localdate().replace(day=1)}
        )
        accounts.append({"email": user.email, "party": party.pk, "municipality": party.municipality_id})
    return accounts


def prepare(*, coordinator_count: int, year: int) -> dict:
    from django.utils import timezone

    from loim.events.models import Event
    from loim.inquiries.models import Topic
    from loim.parties.models import Party
    from loim.plans.models import EventKind
    from loim.services.journey_models import Journey, JourneyStatus

    today = timezone.localdate()
    topic = Topic.objects.filter(code="bus-card").first() or Topic.objects.order_by("pk").first()
    kind = EventKind.objects.filter(code="conversation_club").first() or EventKind.objects.order_by("pk").first()
    if topic is None or kind is None:
        raise RuntimeError("no inquiry topic or event kind in the database")
    public_events = list(
        Event.objects.filter(is_public=True, start__gte=timezone.now())
        .order_by("start")
        .values_list("pk", flat=True)[:200]
    )
    journeys = list(Journey.objects.filter(status=JourneyStatus.PUBLISHED).values_list("pk", flat=True)[:50])
    slugs = list(
        Party.objects.filter(municipality__isnull=False).order_by("slug").values_list("slug", flat=True).distinct()
    )
    if not (public_events and journeys and slugs):
        raise RuntimeError(
            f"the portal needs public events, a published journey and municipality pages "
            f"({len(public_events)}, {len(journeys)}, {len(slugs)})"
        )
    return {
        "password": PASSWORD,
        "coordinators": coordinators(coordinator_count),
        "year": year,
        "inquiry": {
            "date": f"{today:%d.%m.%Y}",
            "channel": "phone",
            "language": "ru",
            "category": "unknown",
            "topics": [str(topic.pk)],
            "minutes": "",
            "municipality": "",
            "activity": "",
            "note": "",
        },
        "event": {
            "kind": str(kind.pk),
            "title": "Koormustesti suhtlusklubi",
            "date": f"{today:%d.%m.%Y}",
            "start_time": "17:00",
            "end_time": "18:30",
            "format": "on_site",
            "address": "Raekoja plats 1",
            "languages": ["et", "ru"],
            "reach": "local",
            "count_newcomer": "12",
            "count_other_background": "3",
            "organisations": "",
        },
        "municipalities": slugs,
        "events": public_events,
        "journeys": journeys,
        "search": SEARCH,
    }


def login_data(page: str, email: str, password: str) -> dict:
    match = CSRF.search(page)
    if not match:
        raise RuntimeError("the login page has no CSRF token")
    return {"csrfmiddlewaretoken": match.group(1), "login": email, "password": password}


def inquiry_data(scenario: dict, account: dict, page: str) -> dict:
    match = CSRF.search(page)
    return {
        **scenario["inquiry"],
        "party": str(account["party"]),
        "csrfmiddlewaretoken": match.group(1) if match else "",
    }


def event_data(scenario: dict, account: dict, page: str) -> dict:
    match = CSRF.search(page)
    return {
        **scenario["event"],
        "party": str(account["party"]),
        "municipality": str(account["municipality"]),
        "csrfmiddlewaretoken": match.group(1) if match else "",
    }


def addresses(scenario: dict, language: str, n: int) -> dict[str, str]:
    """The portal page of each kind a visitor asks for, the `n`-th of its kind, in `language`."""

    def nth(items):
        return items[n % len(items)]

    return {
        "portal_municipality": f"/{language}/municipalities/{nth(scenario['municipalities'])}/",
        "portal_events": f"/{language}/events/",
        "portal_event": f"/{language}/events/{nth(scenario['events'])}/",
        "portal_journey": f"/{language}/journeys/{nth(scenario['journeys'])}/",
        "portal_search": f"/{language}/search/?q={quote(scenario['search'][language])}",
    }


def coordinator_pages(scenario: dict) -> dict[str, str]:
    return {
        "dashboard": f"/monitoring/{scenario['year']}/",
        "statistics": "/inquiries/statistics/",
        "event_list": "/events/",
    }


def check(scenario: dict) -> None:
    """Every page kind once in-process, answering as the load expects (RuntimeError naming it if not)."""
    from django.test import Client, override_settings

    from loim.config import settings as real

    def expect(kind, response, status):
        if response.status_code != status:
            raise RuntimeError(f"{kind}: answered {response.status_code}, the load expects {status}")

    account = scenario["coordinators"][0]
    client = Client()
    # the server's password hasher (the bench process itself hashes with MD5 for speed)
    with override_settings(PASSWORD_HASHERS=real.PASSWORD_HASHERS):
        page = client.get("/accounts/login/").content.decode()
        expect("login", client.post("/accounts/login/", login_data(page, account["email"], PASSWORD)), 302)
    page = client.get("/inquiries/").content.decode()
    response = client.post("/inquiries/", inquiry_data(scenario, account, page))
    expect("inquiry_save", response, 302)
    page = client.get("/events/new/").content.decode()
    response = client.post("/events/new/", event_data(scenario, account, page))
    expect("event_save", response, 302)
    for kind, path in coordinator_pages(scenario).items():
        expect(kind, client.get(path), 200)
    visitor = Client()
    for language in LANGUAGES:
        for kind, path in addresses(scenario, language, 0).items():
            expect(f"{kind} ({language})", visitor.get(path), 200)
