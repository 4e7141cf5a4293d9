"""The one permission policy (core.permissions), checked on itself and by role.

1. Every URL pattern's view declares a policy: a page view carries `loim_policy` (set by `@policy`
   or `@public`), a DRF viewset declares an `ApiPolicy` in its own class body covering each of its
   routed actions, and library views are listed in EXTERNAL_POLICIES. A new view without a policy
   fails here.
2. The role matrix: for hand-built memberships, which role of which party may do what.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from loim.api.base import ApiPolicy
from loim.core.permissions import ACTIONS, EXTERNAL_POLICIES, PUBLIC, May, parties_for, permits
from loim.core.tenancy import Role
from tests.factories import PartyFactory, UserFactory, make_member


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _viewset(callback):
    return getattr(callback, "cls", None)


def _declared(path: str, pattern: URLPattern) -> list[str]:
    """The problems of one URL pattern's policy ([] when it declares one)."""
    callback = pattern.callback
    viewset = _viewset(callback)
    view_class = getattr(callback, "view_class", None)
    module = (viewset or view_class or callback).__module__
    if not module.startswith("loim."):
        target = viewset or view_class or callback
        dotted = f"{module}.{target.__qualname__}"
        if any(dotted.startswith(prefix) for prefix in EXTERNAL_POLICIES):
            return []
        return [f"{path}: {dotted} is neither a Lõim view nor listed in EXTERNAL_POLICIES"]
    if viewset is not None and hasattr(viewset, "get_extra_actions"):
        declared = viewset.__dict__.get("policy")
        if not isinstance(declared, ApiPolicy):
            return [f"{path}: {viewset.__qualname__} declares no ApiPolicy in its own body"]
        problems = []
        for action in (getattr(callback, "actions", None) or {}).values():
            if declared.for_action(action) is None:
                problems.append(f"{path}: {viewset.__qualname__}.{action} has no policy")
        return problems
    name = getattr(callback, "loim_policy", None) or getattr(view_class, "loim_policy", None)
    if name is None:
        return [f"{path}: {module}.{callback.__qualname__} declares no policy (@policy or @public)"]
    if name not in ACTIONS:
        return [f"{path}: unknown action {name!r}"]
    return []


def _loim_views():
    """(function views, viewsets) of Lõim modules reachable by URL, each counted once."""
    views, viewsets = set(), set()
    for _path, pattern in _patterns():
        viewset = _viewset(pattern.callback)
        module = (viewset or getattr(pattern.callback, "view_class", None) or pattern.callback).__module__
        if not module.startswith("loim."):
            continue
        if viewset is not None:
            viewsets.add(viewset)
        else:
            views.add(pattern.callback)
    return views, viewsets


def test_every_url_declares_a_policy():
    problems = [problem for path, pattern in _patterns() for problem in _declared(path, pattern)]
    assert problems == []


def test_the_walk_sees_the_pages_and_the_api():
    """The walk must reach the register's pages and the router's viewsets, or the test above proves nothing."""
    views, viewsets = _loim_views()
    names = {f"{v.__module__}.{v.__name__}" for v in views}
    assert "loim.register.views.people.person_detail" in names
    assert "loim.core.views.audit_log" in names
    assert {v.__name__ for v in viewsets} >= {"EventViewSet", "InquiryViewSet", "CountsViewSet", "PartyViewSet"}
    assert len(views) >= 110 and len(viewsets) >= 19


def test_the_walk_would_catch_an_undeclared_view():
    def bare(request):
        return None

    bare.__module__ = "loim.example.views"
    assert _declared("example/", URLPattern("example/", bare)) != []


def test_public_pages_are_few_and_named():
    """The portal, the accessibility statement and the calendar feed (its secret address is the key)."""
    views, _viewsets = _loim_views()
    public = sorted(f"{v.__module__}.{v.__name__}" for v in views if v.loim_policy == PUBLIC)
    assert public == [
        "loim.core.views.accessibility_statement",
        "loim.events.views.feeds.party_feed",
        "loim.portal.feedback.give",
        "loim.portal.search.search_page",
        "loim.portal.seo.robots",
        "loim.portal.seo.sitemap",
        "loim.portal.views.accessibility",
        "loim.portal.views.document_file",
        "loim.portal.views.event_detail",
        "loim.portal.views.event_list",
        "loim.portal.views.events_ical",
        "loim.portal.views.index",
        "loim.portal.views.journey_detail",
        "loim.portal.views.journey_stage",
        "loim.portal.views.kind_ical",
        "loim.portal.views.municipality",
        "loim.portal.views.municipality_ical",
        "loim.portal.views.national",
        "loim.portal.views.old_address",
        "loim.portal.views.service_detail",
    ]


# --- The role matrix. Parties: ELVL (implementer), Tartu and Pärnu (partners), the agency.


@pytest.fixture
def world(db):
    elvl = PartyFactory(kind="implementer")
    tartu = PartyFactory(kind="partner")
    parnu = PartyFactory(kind="partner")
    agency = PartyFactory(kind="agency")
    superuser = UserFactory(is_superuser=True, is_staff=True)
    return {
        "parties": {"elvl": elvl, "tartu": tartu, "parnu": parnu, "agency": agency},
        "elvl_admin": make_member(elvl, Role.ADMIN),
        "elvl_coordinator": make_member(elvl, Role.COORDINATOR),
        "elvl_viewer": make_member(elvl, Role.VIEWER),
        "tartu_admin": make_member(tartu, Role.ADMIN),
        "tartu_coordinator": make_member(tartu, Role.COORDINATOR),
        "tartu_register": make_member(tartu, Role.COORDINATOR, register_access=True),
        "tartu_dpo": make_member(tartu, Role.VIEWER, data_protection_contact=True),
        "tartu_viewer": make_member(tartu, Role.VIEWER),
        "ministry": make_member(agency, Role.MINISTRY_READER),
        "superuser": superuser,
        "nobody": UserFactory(),
    }


# Without a target: "may the user do this at all" (the page gate). Worked out from DESIGN.md's table
# and docs/decisions.md: Y = allowed.
GATE = {
    #                     elvl_admin, elvl_coord, elvl_viewer, tartu_admin, tartu_coord, tartu_register,
    #                     tartu_dpo, tartu_viewer, ministry, superuser, nobody
    "member": "YYYYYYYYY--",
    "edit_plan": "YY-YYY-----",
    "import_plan": "YY---------",
    "manage_vocabulary": "Y--------Y-",
    "record_work": "YY-YYY-----",
    "explain_deviation": "YY-YYY-----",
    "configure_register": "YY-YYY-----",
    "read_personal_data": "-----Y-----",
    "read_access_log": "------Y----",
    "read_aggregates": "YYYYYYYYY--",
    "list_party_inquiries": "YYYYYYYY---",
    "read_all_aggregates": "YYY-----Y--",
    "review_report": "YY---------",
    "submit_report": "YY-YYY-----",
    "request_report": "YYYYYYYYY--",
    "read_audit_log": "Y--Y-------",
    "manage_members": "Y--Y-----Y-",
    "onboard_partner": "Y----------",
    "manage_candidates": "YY---------",
    "read_deliverables": "YYYYYYYYY--",
    "record_deliverable": "YY-YYY-----",
    # the directory (issue 12): every member reads; admins and coordinators of any party add entries
    "read_directory": "YYYYYYYYY--",
    "edit_directory": "YY-YYY-----",
    "manage_networks": "YY-YYY-----",
    "agree_cadence": "YY-YYY-----",
    # the networks' pages are the parties'; a network member of no party has a home panel (none here:
    # nobody in this matrix is an invited member, tests/network/test_network_members.py covers it)
    "read_networks": "YYYYYYYYY--",
    "network_member": "-----------",
    # the platform's documents: the owning party's admins and coordinators publish, version, translate
    "manage_documents": "YY-YYY-----",
    # the service catalogue (issue 13): every member reads; the owning party's editors describe and translate
    "read_services": "YYYYYYYYY--",
    "manage_services": "YY-YYY-----",
    # adaptation journeys (issue 13): every member (the ministry too) reads; the owning party's editors build them
    "read_journeys": "YYYYYYYYY--",
    "manage_journeys": "YY-YYY-----",
    "record_rollout": "YY-YYY-----",
    "record_rollout_any": "YY---------",
    # a partner's contact point on the portal (issue 14): its own admins and coordinators keep it (an
    # ELVL editor passes the gate and finds no contact point of its own to edit: the list reads all)
    "manage_contact_point": "YY-YYY-----",
    "needs_second_factor": "Y--Y-----Y-",
}
USERS = [
    "elvl_admin",
    "elvl_coordinator",
    "elvl_viewer",
    "tartu_admin",
    "tartu_coordinator",
    "tartu_register",
    "tartu_dpo",
    "tartu_viewer",
    "ministry",
    "superuser",
    "nobody",
]


def test_every_action_is_in_the_matrix():
    assert set(GATE) == set(ACTIONS) - {PUBLIC, "signed_in"}


@pytest.mark.parametrize("action", sorted(GATE))
def test_gate_by_role(world, action):
    got = "".join("Y" if permits(world[name], action) else "-" for name in USERS)
    assert got == GATE[action], f"{action}: {dict(zip(USERS, got, strict=True))}"


def test_superusers_manage_every_vocabulary_the_same_way(client, world):
    """Before: a superuser could edit event kinds but got 404 on inquiry topics. Both are one action now."""
    user = world["superuser"]
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories import TOTP_SECRET

    TOTP.activate(user, TOTP_SECRET)  # the second-factor middleware would send a superuser to set one up
    client.force_login(user)
    assert client.get("/events/kinds/").status_code == 200
    assert client.get("/inquiries/vocabulary/").status_code == 200
    assert client.get("/inquiries/vocabulary/topic/new/").status_code == 200


def test_an_elvl_coordinator_manages_no_vocabulary_pages(client, world):
    client.force_login(world["elvl_coordinator"])
    assert client.get("/events/kinds/").status_code == 404
    assert client.get("/inquiries/vocabulary/").status_code == 404


# With a target party: "for this party".
PER_PARTY = [
    # (user, action, party, allowed)
    ("tartu_coordinator", "record_work", "tartu", True),
    ("tartu_coordinator", "record_work", "parnu", False),
    ("tartu_viewer", "record_work", "tartu", False),
    ("elvl_coordinator", "record_work", "tartu", False),  # ELVL reads every party's records, edits its own
    ("elvl_coordinator", "record_work", "elvl", True),
    ("tartu_coordinator", "record_deliverable", "tartu", True),
    ("tartu_coordinator", "record_deliverable", "parnu", False),
    ("elvl_coordinator", "record_deliverable", "tartu", False),  # the owner party records its deliverable
    ("ministry", "record_work", "agency", False),
    ("tartu_coordinator", "explain_deviation", "tartu", True),
    ("tartu_viewer", "explain_deviation", "tartu", False),
    ("elvl_coordinator", "explain_deviation", "tartu", False),  # the responsible party explains, not ELVL
    ("tartu_coordinator", "submit_report", "tartu", True),
    ("tartu_coordinator", "submit_report", "parnu", False),  # only its own part
    ("elvl_coordinator", "submit_report", "tartu", False),  # ELVL approves a partner's part, never submits it
    ("ministry", "submit_report", "agency", False),
    ("tartu_register", "read_personal_data", "tartu", True),
    ("tartu_register", "read_personal_data", "parnu", False),
    ("tartu_admin", "read_personal_data", "tartu", False),  # the register permission is separate from the role
    ("elvl_admin", "read_personal_data", "tartu", False),  # never ELVL
    ("ministry", "read_personal_data", "tartu", False),  # never the ministry
    ("superuser", "read_personal_data", "tartu", False),  # nor the platform operator
    ("tartu_dpo", "read_access_log", "tartu", True),
    ("tartu_dpo", "read_access_log", "parnu", False),
    ("tartu_register", "read_access_log", "tartu", False),
    ("tartu_admin", "read_audit_log", "tartu", True),
    ("tartu_admin", "read_audit_log", "parnu", False),
    ("elvl_admin", "read_audit_log", "parnu", True),  # ELVL administrators browse every party's trail
    ("tartu_admin", "manage_members", "tartu", True),
    ("tartu_admin", "manage_members", "parnu", False),
    ("superuser", "manage_members", "parnu", True),
    ("elvl_admin", "manage_members", "parnu", True),
    ("elvl_coordinator", "manage_members", "parnu", False),
    ("elvl_coordinator", "edit_plan", "elvl", True),
    ("tartu_coordinator", "edit_plan", "elvl", False),
]


@pytest.mark.parametrize(("user", "action", "party", "allowed"), PER_PARTY)
def test_per_party(world, user, action, party, allowed):
    target = world["parties"][party]
    assert permits(world[user], action, target) is allowed
    assert permits(world[user], action, target.pk) is allowed
    assert (target.pk in parties_for(world[user], action)) is allowed or action in ("read_audit_log", "manage_members")


def test_a_record_is_judged_by_its_party(world):
    """A record (here a membership, owned through `party`) stands for its party."""
    from loim.parties.models import Membership

    tartu_record = Membership.objects.get(user=world["tartu_viewer"])
    assert permits(world["tartu_coordinator"], "record_work", tartu_record)
    assert not permits(world["elvl_coordinator"], "record_work", tartu_record)


def test_templates_read_the_same_policy(world):
    may = May(world["tartu_register"])
    assert may["read_personal_data"] is True
    assert may["manage_vocabulary"] is False
    assert may.parties_for["record_work"] == frozenset({world["parties"]["tartu"].pk})
    with pytest.raises(KeyError):
        may["no_such_action"]


def test_unknown_actions_are_errors(world):
    with pytest.raises(KeyError):
        permits(world["elvl_admin"], "edit_everything")


def test_an_inactive_user_may_do_nothing(world):
    user = world["elvl_admin"]
    user.is_active = False
    assert [a for a in ACTIONS if a != PUBLIC and permits(user, a)] == []


# Pages by role: the same predicates answer at the door (200 or 404, never a hint).
PAGES = [
    ("/plans/import/", {"elvl_coordinator": 200, "tartu_coordinator": 404, "ministry": 404}),
    ("/events/new/", {"tartu_coordinator": 200, "tartu_viewer": 404, "ministry": 404, "elvl_viewer": 404}),
    ("/events/kinds/", {"elvl_admin": 200, "superuser": 200, "elvl_coordinator": 404, "tartu_admin": 404}),
    ("/inquiries/vocabulary/", {"elvl_admin": 200, "superuser": 200, "elvl_coordinator": 404, "tartu_admin": 404}),
    ("/register/people/", {"tartu_register": 200, "tartu_admin": 404, "elvl_admin": 404, "ministry": 404}),
    ("/register/access-log/", {"tartu_dpo": 200, "tartu_register": 404, "elvl_admin": 404, "superuser": 404}),
    ("/audit/", {"tartu_admin": 200, "elvl_admin": 200, "tartu_coordinator": 404, "ministry": 404}),
    ("/register/", {"tartu_viewer": 200, "ministry": 200, "nobody": 404}),
]


@pytest.mark.parametrize(("url", "expected"), PAGES, ids=[url for url, _ in PAGES])
def test_pages_by_role(client, world, url, expected):
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories import TOTP_SECRET

    TOTP.activate(world["superuser"], TOTP_SECRET)
    got = {}
    for name in expected:
        client.force_login(world[name])
        got[name] = client.get(url).status_code
    assert got == expected


def test_the_api_refuses_a_write_the_policy_refuses(client, world):
    """A viewer may read events through the API but not create one: 404, like the hidden page."""
    client.force_login(world["tartu_viewer"])
    assert client.get("/api/v1/events/").status_code == 200
    assert client.post("/api/v1/events/", {}, content_type="application/json").status_code == 404
    client.force_login(world["tartu_coordinator"])
    assert client.post("/api/v1/events/", {}, content_type="application/json").status_code == 400  # allowed: invalid


def test_a_target_of_no_party_allows_no_party_action(world):
    """`permits(user, action, None)` (say, a commitment nobody answers for) is not the page gate."""
    assert permits(world["tartu_coordinator"], "record_work")
    assert not permits(world["tartu_coordinator"], "record_work", None)
    assert permits(world["elvl_admin"], "manage_vocabulary", None)  # not a party-scoped action


def test_no_module_reads_membership_fields_or_the_superuser_flag_itself():
    """Decisions go through core.permissions; membership fields stay in the parties app (which
    supplies core's MembershipFacts) and the superuser flag in the policy and the user model."""
    from pathlib import Path

    import loim

    src = Path(loim.__file__).parent
    allowed = {
        "core/tenancy.py",
        "core/permissions.py",
        "core/models.py",
        "core/admin.py",
    }
    pattern = re.compile(
        r"\baccess_for\(|\bis_superuser\b|\bis_staff\b|\bregister_access\b|\.memberships\b"
        r"|\bMembership\.objects\b|\bdata_protection_contact\s*="
    )
    offending = [
        path.relative_to(src).as_posix()
        for path in sorted(src.rglob("*"))
        if path.suffix in (".py", ".html")
        and "migrations" not in path.parts
        and path.relative_to(src).as_posix() not in allowed
        and path.relative_to(src).parts[0] != "parties"  # the app that owns memberships
        and pattern.search(path.read_text())
    ]
    assert offending == []
