"""The one place that turns a user into the parties whose records they may read or change.

Every view, form choice, export, report and API endpoint scopes its querysets through this module:
`Model.objects.visible_to(user)`, `Model.objects.editable_by(user)`, `get_visible_or_404(...)`,
`get_editable_or_404(...)`. Nothing else filters by party. Another party's record is answered with
404, exactly like a missing one (compare Zulip's `access_stream_by_id`).

Rules (DESIGN.md "People and what they may do"):
- OWNED records: members of the owning party read them; implementer (ELVL) members and ministry
  readers read every party's; admins and coordinators of the owning party change them.
- PARTY_ONLY records (row-level data behind published statistics: inquiries, their imports and
  service-gap notes): only members of the owning party read them; admins and coordinators of the
  owning party change them. ELVL and the ministry count them, never list them: they get statistics
  only, through `aggregatable_by` and `core.disclosure` (docs/decisions.md "Issue 10 — disclosure").
- SHARED records (the plan, the directory): every member of any party reads them; admins and
  coordinators of the owning party change them.
- PERSONAL records (the newcomer register, named attendance): only the owning party's admins and
  coordinators who hold the register permission read or change them. Never ELVL or the ministry.

Besides reading and changing records, three narrower scopes live here too: what a user may *count*
(`aggregatable_by`, de-identified aggregates), whose register access log they oversee
(`overseen_by`, the data-protection contact) and whose audit trail they browse
(`audit_entries_visible_to`). What a user may *do* is decided in `loim.core.permissions`.

Core does not know the parties app: it asks the function named by `settings.LOIM_MEMBERSHIP_FACTS`
for a user's `MembershipFact`s and the model `settings.LOIM_PARTY_MODEL` for parties. Nor does it know
the network app: `settings.LOIM_NETWORK_MEMBERSHIPS` names the function answering the ids of the
networks the user is an active member of today (a Töötukassa specialist in Tartu's cooperation network
who is no party's user); `Access.networks` carries them to the models' `tenancy_shared_with`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Self

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .generations import memoized, tables_of


class Scope(models.TextChoices):
    OWNED = "owned", _("owned by a party")
    PARTY_ONLY = "party_only", _("read only by the owning party")
    SHARED = "shared", _("shared with every member")
    PERSONAL = "personal", _("personal data of the owning party")


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    COORDINATOR = "coordinator", _("coordinator")
    VIEWER = "viewer", _("viewer")
    MINISTRY_READER = "ministry_reader", _("ministry reader")


EDIT_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})


@dataclass(frozen=True)
class MembershipFact:
    """One active membership as core needs it: the parties app supplies these (the small interface
    between the two apps), so core reads no membership fields and names no party kind itself."""

    party_id: int
    role: str
    implementer: bool = False
    register_access: bool = False
    data_protection_contact: bool = False


def membership_facts(user) -> Iterable[MembershipFact]:
    """The user's active memberships, from `settings.LOIM_MEMBERSHIP_FACTS` (parties supplies it)."""
    return import_string(settings.LOIM_MEMBERSHIP_FACTS)(user)


def network_memberships(user) -> Iterable[int]:
    """The ids of the networks the user is an active member of today, from
    `settings.LOIM_NETWORK_MEMBERSHIPS` (the network app supplies it; none when it is not set)."""
    dotted = getattr(settings, "LOIM_NETWORK_MEMBERSHIPS", "")
    return import_string(dotted)(user) if dotted else ()


def party_model():
    return apps.get_model(settings.LOIM_PARTY_MODEL)


@dataclass(frozen=True)
class Access:
    """What one user may do, computed once per request from their memberships."""

    member_of: frozenset[int] = frozenset()
    edit: frozenset[int] = frozenset()
    admin: frozenset[int] = frozenset()
    personal: frozenset[int] = frozenset()
    data_protection: frozenset[int] = frozenset()
    implementer: frozenset[int] = frozenset()
    read_all: bool = False
    implementer_admin: bool = False
    roles: dict[int, str] = field(default_factory=dict)
    # networks the user is an active member of (NetworkMember.user), whatever their parties
    networks: frozenset[int] = frozenset()

    @property
    def is_member(self) -> bool:
        return bool(self.member_of)

    def readable_party_ids(self, scope: str) -> frozenset[int] | None:
        """Party ids whose records of this scope the user reads; None means every party."""
        if scope == Scope.PERSONAL:
            return self.personal
        if scope == Scope.SHARED:
            return None if self.member_of else frozenset()
        if scope == Scope.PARTY_ONLY:
            return self.member_of
        return None if self.read_all else self.member_of

    def aggregatable_party_ids(self) -> frozenset[int] | None:
        """Party ids whose records the user may count in published statistics (never see as rows):
        the OWNED read rule for every scope. None means every party."""
        return None if self.read_all else self.member_of

    def editable_party_ids(self, scope: str) -> frozenset[int]:
        return self.personal if scope == Scope.PERSONAL else self.edit


NO_ACCESS = Access()


_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def access_for(user) -> Access:
    """The user's Access, cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_loim_access", None)
    if cached is not None:
        return cached
    facts, networks = _facts_of(user)
    member_of, edit, admin, personal, dpo, implementer = set(), set(), set(), set(), set(), set()
    roles: dict[int, str] = {}
    read_all = implementer_admin = False
    for fact in facts:
        party_id, role = fact.party_id, fact.role
        member_of.add(party_id)
        roles[party_id] = role
        if role in EDIT_ROLES:
            edit.add(party_id)
            if fact.register_access:
                personal.add(party_id)
        if role == Role.ADMIN:
            admin.add(party_id)
        if fact.data_protection_contact:
            dpo.add(party_id)
        if fact.implementer:
            implementer.add(party_id)
        if fact.implementer or role == Role.MINISTRY_READER:
            read_all = True
        if fact.implementer and role == Role.ADMIN:
            implementer_admin = True
    access = Access(
        member_of=frozenset(member_of),
        edit=frozenset(edit),
        admin=frozenset(admin),
        personal=frozenset(personal),
        data_protection=frozenset(dpo),
        implementer=frozenset(implementer),
        read_all=read_all,
        implementer_admin=implementer_admin,
        roles=roles,
        networks=networks,
    )
    user._loim_access = access
    return access


@functools.cache
def facts_tables() -> frozenset[str]:
    """The tables a user's membership and network facts are read from: every table of the apps that
    supply them (`LOIM_MEMBERSHIP_FACTS`, `LOIM_NETWORK_MEMBERSHIPS`) and the user's own."""
    labels = set()
    for dotted in (settings.LOIM_MEMBERSHIP_FACTS, getattr(settings, "LOIM_NETWORK_MEMBERSHIPS", "")):
        config = apps.get_containing_app_config(dotted) if dotted else None
        if dotted and config is None:
            raise ImproperlyConfigured(f"{dotted} is in no installed app")
        if config is not None:
            labels.add(config.label)
    return tables_of(labels, [settings.AUTH_USER_MODEL])


def _facts_of(user) -> tuple[tuple[MembershipFact, ...], frozenset[int]]:
    """The user's membership facts and network ids, kept in this process's memory under the generation
    of the tables they come from (`core.generations.memoized`): a page reads them on every request,
    and they change only when someone's memberships do. Keyed by today too: a membership or a network
    membership begins and ends on a day."""
    day = (dt.date.today().isoformat(), timezone.localdate().isoformat())
    return memoized(
        "access-facts",
        (user.pk, *day),
        facts_tables(),
        lambda: (tuple(membership_facts(user)), frozenset(network_memberships(user))),
    )


def forget_access(user) -> None:
    """Drop the cached Access after memberships change within one request (tests, admin actions)."""
    if hasattr(user, "_loim_access"):
        del user._loim_access


def _party_filter(model, party_ids: frozenset[int] | None) -> Q | None:
    if party_ids is None:
        return None
    return Q(**{f"{model.tenancy_party_path}__in": party_ids})


class OwnedQuerySet(models.QuerySet[Any]):
    """The scoped queryset every owned model uses as its default manager (`objects`)."""

    def visible_to(self, user) -> Self:
        """Records of the parties the model's scope lets the user read, and, for a model that shares
        some records wider by their own fields (a document for all networks, a network's documents
        with its members), those too: the model declares `tenancy_shared_with(access) -> Q | None`,
        reading the user's parties (`access.member_of`) and networks (`access.networks`). A model that
        keeps some records back (withdrawn ones) declares `tenancy_kept_for(access) -> Q`."""
        access = access_for(user)
        party_ids = access.readable_party_ids(self.model.tenancy_scope)
        condition = _party_filter(self.model, party_ids)
        shared_with = getattr(self.model, "tenancy_shared_with", None)
        if condition is not None and shared_with is not None and (access.member_of or access.networks):
            wider = shared_with(access)
            if wider is not None:
                condition = condition | wider
        kept = self.all() if condition is None else self.filter(condition)
        # a model may keep some records back from all but some of their readers (a withdrawn document:
        # only its own party's editors still read it): `tenancy_kept_for(access) -> Q`, ANDed in
        kept_for = getattr(self.model, "tenancy_kept_for", None)
        return kept if kept_for is None else kept.filter(kept_for(access))

    def aggregatable_by(self, user) -> Self:
        """Records the user may COUNT, never list: their own parties' for a partner, every party's
        for ELVL and ministry readers. Callers return only aggregates of this queryset, and every
        aggregate that leaves its party goes through `loim.core.disclosure`."""
        condition = _party_filter(self.model, access_for(user).aggregatable_party_ids())
        return self.all() if condition is None else self.filter(condition)

    def overseen_by(self, user) -> Self:
        """Records of the parties whose register access log the user oversees (`access_log_party_ids`)."""
        return self.filter(_party_filter(self.model, access_log_party_ids(user)))

    def editable_by(self, user) -> Self:
        access = access_for(user)
        condition = _party_filter(self.model, access.editable_party_ids(self.model.tenancy_scope))
        return self.filter(condition)


def _queryset(model_or_queryset):
    if isinstance(model_or_queryset, models.QuerySet):
        return model_or_queryset
    return model_or_queryset._default_manager.all()


def requested_party_slug(*params, name: str = "party") -> str | None:
    """The party a page or API call was asked for: `name` from the first of `params` (query dicts,
    e.g. request.POST, request.GET) that has it.

    A value that cannot be a slug (a NUL, a space, a path) answers 404, like a party the user may
    not see, before it reaches a query: PostgreSQL refuses a NUL in a string literal with an error."""
    value = next((p.get(name) for p in params if p.get(name)), None)
    if value is not None and not _SLUG.fullmatch(value):
        raise Http404(_("No such page."))
    return value


def get_visible_or_404(model_or_queryset, user, **lookup):
    """The record if the user may read it; Http404 whether it is missing or someone else's."""
    try:
        return _queryset(model_or_queryset).visible_to(user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404(str(_("No such record."))) from exc


def get_editable_or_404(model_or_queryset, user, **lookup):
    """The record if the user may change it; Http404 otherwise (never a hint that it exists)."""
    try:
        return _queryset(model_or_queryset).editable_by(user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404(str(_("No such record."))) from exc


# --- The public role: what anyone may read without signing in (the public portal, its feeds, sitemap)
#
# A signed-out visitor has no party and no network (NO_ACCESS), so `visible_to()` gives them nothing.
# What is public is said per model by one rule, `Q` over the model's own fields (a published service,
# a public document not withdrawn, a published event), registered with `public_rule()`; a model
# without a rule has no public records at all. The portal reads only through `visible_to_public()`.

PUBLIC_RULES: dict[type, Callable[[], Q]] = {}


def public_rule(model, rule: Callable[[], Q]) -> None:
    """Declare which records of `model` the public reads: `rule()` is a Q over its fields."""
    PUBLIC_RULES[model] = rule


def visible_to_public(model_or_queryset):
    """The records anyone may read (the public role): the model's public rule, or nothing."""
    queryset = _queryset(model_or_queryset)
    rule = PUBLIC_RULES.get(queryset.model)
    return queryset.none() if rule is None else queryset.filter(rule())


def get_public_or_404(model_or_queryset, **lookup):
    """A public record; Http404 whether it is missing, unpublished or private."""
    try:
        return visible_to_public(model_or_queryset).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404(str(_("No such record."))) from exc


def network_ids(user) -> frozenset[int]:
    """The networks the user is an active member of today (their home page lists them)."""
    return access_for(user).networks


def can_edit_party(user, party_id: int | None, scope: str = Scope.OWNED) -> bool:
    """Whether the user may create or change records of this scope for the party."""
    return party_id is not None and party_id in access_for(user).editable_party_ids(scope)


def readable_party_ids(user, scope: str = Scope.OWNED) -> frozenset[int] | None:
    """Party ids whose records of this scope the user reads; None means every party."""
    return access_for(user).readable_party_ids(scope)


def editable_parties(user, scope: str = Scope.OWNED):
    """Parties the user may create records for: the choice set of every form's `party` field."""
    return party_model().objects.filter(pk__in=access_for(user).editable_party_ids(scope)).order_by("name")


def is_owned_model(model) -> bool:
    return isinstance(getattr(model, "tenancy_scope", None), str) and hasattr(model, "tenancy_party_path")


# --- Narrower scopes: counting, overseeing the access log, browsing the audit trail


def aggregatable_party_ids(user) -> frozenset[int] | None:
    """Parties whose records the user may COUNT in de-identified aggregates (never see as rows): the
    OWNED read rule whatever the model's scope. None means every party (ELVL, the ministry)."""
    return access_for(user).aggregatable_party_ids()


def access_log_party_ids(user) -> frozenset[int]:
    """Parties whose register access log the user oversees: those where they are the data-protection
    contact. The log monitors the people who read personal data, so register users do not read it."""
    return access_for(user).data_protection


def audit_party_ids(user) -> frozenset[int] | None:
    """Parties whose audit trail the user browses: their admin parties; None (all) for ELVL admins."""
    access = access_for(user)
    return None if access.implementer_admin else access.admin


def audit_entries_visible_to(entries, user):
    """The audit entries (django-auditlog LogEntry queryset) the user may browse: each entry carries
    its record's party id in `additional_data` (OwnedModel.get_additional_data). An administrator
    browses their parties' entries. ELVL administrators browse every party's, except entries of
    row-level records only their party reads (inquiries, the register): an entry repeats the
    record's values."""
    from django.contrib.contenttypes.models import ContentType

    access = access_for(user)
    own = Q(additional_data__party_id__in=list(access.admin))
    if audit_party_ids(user) is None:
        private = [
            model
            for model in apps.get_models()
            if getattr(model, "tenancy_scope", None) in (Scope.PARTY_ONLY, Scope.PERSONAL)
        ]
        private_types = ContentType.objects.get_for_models(*private).values() if private else []
        return entries.exclude(Q(content_type__in=list(private_types)) & ~own)
    if not access.admin:
        return entries.none()
    return entries.filter(own)
