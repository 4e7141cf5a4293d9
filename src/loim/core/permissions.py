"""The one permission policy: what a user may *do*, as named predicates (django-rules).

`core.tenancy` answers "which records": which parties' rows a user reads, changes or counts. This
module answers "which actions": edit the plan, manage the shared vocabularies, read personal data,
read the access log, review a report, manage members, record work for a party … Every view declares
its action with `@policy(ACTION)` (a page a user may not use answers 404, like a missing one), the API
with `PolicyPermission` reading the viewset's `policy`, and templates read the same predicates
through `may` (context processor) or rules' `{% test_rule %}` tag. No view, template or endpoint
reads membership fields or `is_superuser` itself; `tests/core/test_policy.py` fails for any URL
whose view declares no policy.

An action is a rules predicate `(user, target=None)`. Without a target it answers "may the user do
this at all" (the page gate); with a target (a party, a party id, or any record with a party) it
answers "for this party". Party-scoped actions are defined by one set of party ids each
(`PARTY_SETS`), so the predicate, the page gate and the template's `may.parties_for.<action>` cannot
disagree.

The rules are kept in rules' shared rule set (`rules.test_rule`), deliberately not as Django
permissions (`user.has_perm`): Django grants a superuser every permission, while a superuser is a
platform operator who must not read personal data or the access log by virtue of the flag alone.
Superusers may manage the shared vocabularies (event kinds, inquiry topics, referral targets) —
the one action where the flag counts, and it now counts the same for every vocabulary.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import rules
from django.http import Http404
from django.utils.translation import gettext as _

from .tenancy import Access, Role, access_for

PUBLIC = "public"
_AT_ALL = object()  # `permits(user, action)`: no target given, the page gate
NO_PARTY = object()  # a target that belongs to no party (e.g. a commitment without a responsible party)


def party_id_of(target) -> int | None:
    """The party a target belongs to: a party id, a party, or a record holding a party (directly or
    along its `tenancy_party_path`, e.g. an event's attendance → the event's party)."""
    if target is None or target is NO_PARTY or isinstance(target, bool):
        return None
    if isinstance(target, int):
        return target
    path = getattr(target, "tenancy_party_path", "party")
    if path == "pk":
        return target.pk
    *hops, last = path.split("__")
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


# --- Party sets: for each party-scoped action, the parties where the user may do it.
PARTY_SETS: dict[str, Callable[[Access], frozenset[int]]] = {
    # any role: the parties whose own records and relevance ("mine") the user shares
    "member": lambda a: a.member_of,
    # admins and coordinators: record and change the party's work (events, inquiries, notes, values)
    "record_work": lambda a: a.edit,
    # the owner party's admins and coordinators record a deliverable's status and evidence (issue 11 §4)
    "record_deliverable": lambda a: a.edit,
    # the responsible party's admins and coordinators explain a missed period of its commitment
    "explain_deviation": lambda a: a.edit,
    # admins and coordinators submit the party's part of a period's report (monitoring/cycle.py)
    "submit_report": lambda a: a.edit,
    # plans are SHARED records: their owning party's admins and coordinators edit them
    "edit_plan": lambda a: a.edit,
    # parties whose own inquiries the user lists (row level stays with the owning party, decisions
    # "Issue 10 — disclosure"): every role except the ministry reader, whose party records none
    "list_party_inquiries": lambda a: frozenset(p for p, role in a.roles.items() if role != Role.MINISTRY_READER),
    # the party's register configuration (purposes, consent texts, retention): no personal data
    "configure_register": lambda a: a.edit,
    # admins and coordinators holding the register permission (Membership.register_access)
    "read_personal_data": lambda a: a.personal,
    # the party's data-protection contact (Membership.data_protection_contact)
    "read_access_log": lambda a: a.data_protection,
    # the party's administrators; ELVL administrators browse every party's audit trail
    "read_audit_log": lambda a: a.admin,
    # the party's administrators manage its members (ELVL administrators: any party's, see ACTIONS)
    "manage_members": lambda a: a.admin,
    # the directory (issue 12) is SHARED: the keeping party's admins and coordinators change an entry
    "edit_directory": lambda a: a.edit,
}


def _party_predicate(action: str) -> rules.Predicate:
    party_set = PARTY_SETS[action]

    def check(user, target=None) -> bool:
        if not _signed_in(user):
            return False
        allowed = party_set(access_for(user))
        if target is None:
            return bool(allowed)
        return party_id_of(target) in allowed

    return rules.Predicate(check, name=action)


@rules.predicate
def is_signed_in(user) -> bool:
    return _signed_in(user)


@rules.predicate
def is_superuser(user) -> bool:
    return _signed_in(user) and bool(user.is_superuser)


@rules.predicate
def is_staff(user) -> bool:
    return _signed_in(user) and bool(user.is_staff)


@rules.predicate
def is_implementer_admin(user) -> bool:
    """An administrator of the implementer (ELVL)."""
    return _signed_in(user) and access_for(user).implementer_admin


@rules.predicate
def is_implementer_editor(user) -> bool:
    """An administrator or coordinator of the implementer (ELVL): plans and reviews are theirs."""
    access = access_for(user)
    return _signed_in(user) and bool(access.edit & access.implementer)


@rules.predicate
def is_network_member(user) -> bool:
    """An active member of a network who has an account (`Access.networks`), whether or not they are
    a party's user: they read what their networks share with their members."""
    return _signed_in(user) and bool(access_for(user).networks)


@rules.predicate
def reads_every_party(user) -> bool:
    """ELVL members and ministry readers: every party's non-personal records and national tables."""
    return _signed_in(user) and access_for(user).read_all


is_member = _party_predicate("member")
submits_report = _party_predicate("submit_report")
records_work = _party_predicate("record_work")
explains_deviation = _party_predicate("explain_deviation")
edits_plan = _party_predicate("edit_plan")
configures_register = _party_predicate("configure_register")
reads_personal_data = _party_predicate("read_personal_data")
oversees_access_log = _party_predicate("read_access_log")
administers = _party_predicate("read_audit_log")
manages_members = _party_predicate("manage_members")
lists_party_inquiries = _party_predicate("list_party_inquiries")
records_deliverables = _party_predicate("record_deliverable")
edits_directory = _party_predicate("edit_directory")


# --- The actions. Names are what views, viewsets and templates declare.
ACTIONS: dict[str, rules.Predicate] = {
    PUBLIC: rules.always_allow,
    # signed in; which records show is tenancy's business (an empty page for a user of no party)
    "signed_in": is_signed_in,
    "member": is_member,
    "edit_plan": edits_plan,
    "import_plan": is_implementer_editor,
    "manage_vocabulary": is_superuser | is_implementer_admin,
    "record_work": records_work,
    "explain_deviation": explains_deviation,
    "configure_register": configures_register,
    "read_personal_data": reads_personal_data,
    "read_access_log": oversees_access_log,
    "read_aggregates": is_member,
    "list_party_inquiries": lists_party_inquiries,
    "read_all_aggregates": reads_every_party,
    # ELVL's editors approve or return the parties' report parts; the ministry only reads them
    "review_report": is_implementer_editor,
    # the plan's deliverables with their state: members read their own parties', ELVL and the ministry all
    "read_deliverables": is_member,
    "record_deliverable": records_deliverables,
    "submit_report": submits_report,
    "request_report": is_member,
    "read_audit_log": administers | is_implementer_admin,
    "manage_members": manages_members | is_implementer_admin | is_superuser,
    # ELVL administrators create a partner municipality's party, agreement, posts and first user
    "onboard_partner": is_implementer_admin,
    # ELVL's editors record candidate partner municipalities and the decision taken with the agency
    "manage_candidates": is_implementer_editor,
    # the directory of organisations and contacts (issue 12): every member reads, keepers edit
    "read_directory": is_member,
    "edit_directory": edits_directory,
    # a party's admins and coordinators run its networks and councils: members, meetings, minutes
    "manage_networks": records_work,
    # the networks' pages and API are the parties' (a network member of no party reads their home page)
    "read_networks": is_member,
    # an active network member with an account: their networks, meetings, documents and announcements
    "network_member": is_network_member,
    # … and record the meeting cadence their network agreed, which settles the plan's open commitment
    "agree_cadence": records_work,
    # the platform's documents (issue 12): the owning party's admins and coordinators publish them,
    # add versions and translations (who reads a document: Document.objects.visible_to)
    "manage_documents": records_work,
    # the service catalogue (issue 13) is SHARED: every member reads it; the owning party's admins and
    # coordinators describe, check and translate its services
    "read_services": is_member,
    "manage_services": records_work,
    # adaptation journeys (issue 13) are SHARED like the catalogue they link: every member (the ministry
    # too) reads them; the owning party's admins and coordinators build, publish and translate them
    "read_journeys": is_member,
    "manage_journeys": records_work,
    # the journey-model rollout (issue 13, plan row 3.5.1.2): ELVL leads the design with the service
    # designer and records any municipality's phase; a partner's admins and coordinators record their
    # own municipality's (which municipality: loim.services.rollout_services.recordable_municipalities)
    "record_rollout": is_implementer_editor | records_work,
    "record_rollout_any": is_implementer_editor,
    # a partner municipality's public contact point (issue 14): its own admins and coordinators keep it
    # and its translations (which one: ContactPoint.objects.editable_by)
    "manage_contact_point": records_work,
    "needs_second_factor": is_superuser | is_staff | administers,
}

for _name, _predicate in ACTIONS.items():
    rules.set_rule(_name, _predicate)


def permits(user, action: str, target=_AT_ALL) -> bool:
    """Whether the user may do `action` at all, or for `target`'s party when a target is given (a
    target of no party, such as None, allows no party-scoped action). Unknown actions are errors."""
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}: add it to loim.core.permissions.ACTIONS")
    if target is _AT_ALL:
        return rules.test_rule(action, user)
    return rules.test_rule(action, user, NO_PARTY if target is None else target)


def require(user, action: str, target=_AT_ALL) -> None:
    """404 (never a hint that the page or record exists) unless the user may do `action`."""
    if not permits(user, action, target):
        raise Http404(_("No such page."))


def parties_for(user, action: str) -> frozenset[int]:
    """The party ids where the user may do a party-scoped action (`PARTY_SETS`)."""
    if not _signed_in(user):
        return frozenset()
    return PARTY_SETS[action](access_for(user))


def policy(action: str):
    """Declare (and enforce) the action a view serves: anonymous users are sent to sign in (except
    for PUBLIC), a user who may not do it at all gets 404. Per-record checks stay in the view
    (`get_editable_or_404`, `require(user, action, record)`). Sets `view.loim_policy`, which the
    policy test reads; apply it outermost or under decorators that use functools.wraps."""
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")

    def decorate(view):
        if action == PUBLIC:
            view.loim_policy = PUBLIC
            return view

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login  # not at import: apps load first

                return redirect_to_login(request.get_full_path())
            require(request.user, action)
            return view(request, *args, **kwargs)

        wrapper.loim_policy = action  # type: ignore[attr-defined]  # a marker on the function
        return wrapper

    return decorate


public = policy(PUBLIC)


class _PartySets:
    def __init__(self, user):
        self._user = user

    def __getitem__(self, action: str) -> frozenset[int]:
        return parties_for(self._user, action)


class May:
    """Template access to the policy: `{% if may.manage_vocabulary %}` (the page gate) and
    `{% if note.party_id in may.parties_for.record_work %}` (per record, without a query per row)."""

    def __init__(self, user):
        self._user = user
        self._cache: dict[str, bool] = {}
        self.parties_for = _PartySets(user)

    def __getitem__(self, action: str) -> bool:
        if action not in ACTIONS:
            raise KeyError(action)
        if action not in self._cache:
            self._cache[action] = permits(self._user, action)
        return self._cache[action]


# Views that libraries supply, with the policy they carry themselves (the policy test accepts a view
# whose dotted name starts with one of these without `loim_policy`). Every view of a `loim.` module
# must declare its own.
EXTERNAL_POLICIES: dict[str, str] = {
    "allauth.": "public: sign-in, password reset and second-factor pages; allauth checks its own state",
    "django.contrib.admin.": "staff only (the admin site's own check) for platform operators",
    "django.contrib.auth.admin.": "staff only: the admin site's user pages",
    "django.contrib.contenttypes.views.shortcut": "staff only: the admin site's 'view on site' link",
    "django.views.generic.base.RedirectView": "public: allauth's redirects from its old social-login addresses",
    "django.views.i18n.": "public: the language switch and the JavaScript catalogue",
    "django.views.static.serve": "public: uploaded media served in DEBUG only",
    "drf_spectacular.views.": "public: the OpenAPI schema and its docs page (drf-spectacular SERVE_PERMISSIONS)",
    "rest_framework.routers.APIRootView": "signed in (the API's default IsAuthenticated): the API root",
}
