"""Runs the cross-tenant helper for every owned model of every app (see tests/tenancy.py).

Party A is Tartu (its coordinator holds register access), party B is Pärnu. The read-all profiles
are an ELVL coordinator and a ministry reader. Every failure names the case, the action and the URL.
"""

import importlib
import io
import pkgutil
import re

import openpyxl
import pytest
from django.apps import apps
from django.forms.models import model_to_dict
from django.http import Http404
from django.urls import NoReverseMatch, reverse

import tests
from loim.core.tenancy import Scope, forget_access, get_editable_or_404, get_visible_or_404, is_owned_model
from tests.factories import make_member
from tests.tenancy import ACTIONS, Form, Readers, TenancyCase


def all_cases() -> list[TenancyCase]:
    cases = []
    for module_info in pkgutil.iter_modules(tests.__path__):
        if not module_info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{module_info.name}.tenancy_cases")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{module_info.name}.tenancy_cases":
                raise
            continue
        cases.extend(module.CASES)
    return cases


CASES = all_cases()
MISSING_ID = 987654321


def owned_models():
    return [
        m for c in apps.get_app_configs() if c.name.startswith("loim.") for m in c.get_models() if is_owned_model(m)
    ]


def router_registry():
    from loim.api.urls import router

    return router.registry


def api_viewset(basename: str):
    for _prefix, viewset, name in router_registry():
        if name == basename:
            return viewset
    raise AssertionError(f"no viewset registered as {basename!r}")


# --- requests -------------------------------------------------------------------------------------


def _url(name, record=None, kwargs: dict | None = None) -> str:
    if callable(name):
        return name(record)
    if name.startswith("/"):
        return name
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return reverse(name)


def _missing(kwargs: dict) -> dict:
    """The same URL for a record that does not exist: every id replaced, the year kept."""
    return {
        k: v if k == "year" else (MISSING_ID if isinstance(v, int) else "missing-record") for k, v in kwargs.items()
    }


class _Missing:
    """Stands for a record that does not exist in a URL built by a callable: every attribute is
    itself and it prints as an id nothing has (`?party=987654321`, `/x/987654321/`)."""

    def __getattr__(self, name):
        return self

    def __str__(self):
        return str(MISSING_ID)

    __format__ = lambda self, spec: str(MISSING_ID)  # noqa: E731


_MISSING = _Missing()


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


_VARYING = [
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'), b'name="csrfmiddlewaretoken" value="-"'),
    (re.compile(rb'"X-CSRFToken": "[^"]*"'), b'"X-CSRFToken": "-"'),
    (re.compile(rb'nonce="[^"]*"'), b'nonce="-"'),
]


def _normalised(response, path: str) -> bytes:
    """The body with what differs between any two responses removed: the request's own path (the
    language switch sends the user back to it), the per-response CSRF mask and the CSP nonce."""
    body = _body(response).replace(path.encode(), b"<path>")
    for pattern, replacement in _VARYING:
        body = pattern.sub(replacement, body)
    return body


def _assert_not_found_like_missing(client, method, url, missing_url, where, **extra):
    """Another party's record answers exactly as a missing one: 404, the same bytes."""
    send = getattr(client, method)
    response, missing = send(url, **extra), send(missing_url, **extra)
    assert response.status_code == 404, f"{where}: {method.upper()} answered {response.status_code}, not 404"
    assert missing.status_code == 404, f"{where}: the missing record answered {missing.status_code}"
    assert _normalised(response, url) == _normalised(missing, missing_url), f"{where}: 404 differs from a missing one"


def _scrubbed(text: str) -> str:
    """Page text without the random tokens, where a short marker (a count) could show by chance."""
    for pattern, replacement in _VARYING:
        text = pattern.sub(replacement, text.encode()).decode()
    return text


def _text(response, where) -> str:
    assert response.status_code == 200, f"{where}: answered {response.status_code}"
    return _body(response).decode()


def _xlsx_text(response, where) -> str:
    assert response.status_code == 200, f"{where}: answered {response.status_code}"
    workbook = openpyxl.load_workbook(io.BytesIO(_body(response)), read_only=True)
    return "\n".join(
        str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )


# --- the database before and after an attempt ------------------------------------------------------


def _row(record):
    fresh = type(record)._default_manager.filter(pk=record.pk).first()
    return None if fresh is None else model_to_dict(fresh)


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in owned_models()}


class Unchanged:
    """Records B's row and every owned table's count; `check()` fails if an attempt changed either."""

    def __init__(self, record, where):
        self.record, self.where = record, where
        self.row, self.counts = _row(record), _counts()

    def check(self, what: str):
        assert _row(self.record) == self.row, f"{self.where}: {what} changed another party's record"
        assert _counts() == self.counts, f"{self.where}: {what} changed the number of records"


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def tenants(programme):
    """Party A (Tartu) and party B (Pärnu), a coordinator of A with register access who is also its
    data-protection contact (so the access log is among the pages A reads)."""
    user_a = make_member(programme["tartu"], "coordinator", register_access=True, data_protection_contact=True)
    return programme["tartu"], programme["parnu"], user_a


READ_ALL_PROFILES = {
    "elvl-coordinator": ("elvl", "coordinator"),
    "ministry-reader": ("ministry", "ministry_reader"),
}


# --- meta-tests -----------------------------------------------------------------------------------


def test_every_owned_model_has_a_cross_tenant_case():
    covered = {case.model for case in CASES}
    missing = [m._meta.label for m in owned_models() if m not in covered]
    assert not missing, f"owned models without a TenancyCase in tests/<app>/tenancy_cases.py: {missing}"


def test_every_case_with_a_url_covers_every_action():
    """A case that names any page, export or endpoint names every action, or says why nobody has it."""
    gaps = []
    for case in CASES:
        gaps += [f"{case.id}: absent names no action: {a!r}" for a in case.absent if a not in (*ACTIONS, "all")]
        if not case.has_urls():
            continue
        for action in ACTIONS:
            declared, reason = case.declares(action), case.absent.get(action, "").strip()
            if declared == bool(reason):
                gaps.append(
                    f"{case.id}: {action} " + ("declared and absent" if declared else "neither declared nor absent")
                )
    assert not gaps, "\n".join(gaps)


def test_cases_without_urls_are_models_nothing_shows():
    """A queryset-only case is allowed only when the case says where nothing shows it."""
    silent = [c.id for c in CASES if not c.has_urls() and not c.absent.get("all", "").strip()]
    assert not silent, f"cases without any URL and without absent['all'] saying why: {silent}"


def test_every_endpoint_over_an_owned_model_is_in_a_case():
    """An owned model served by the API must run the API actions of its case (no endpoint unchecked)."""
    declared = {(c.model, c.api) for c in CASES}
    missing = []
    for _prefix, viewset, basename in router_registry():
        model = getattr(viewset, "model", None) or getattr(getattr(viewset, "queryset", None), "model", None)
        if model is not None and is_owned_model(model) and (model, basename) not in declared:
            missing.append(f"{basename} ({model._meta.label})")
    assert not missing, f"endpoints over owned models that no case runs: {missing}"


def test_every_registered_viewset_derives_from_the_scoped_base():
    from loim.api.base import ReferenceReadOnlyViewSet, ScopedViewSetMixin, TenantReadOnlyViewSet

    problems = []
    registry = router_registry()
    assert len(registry) >= 15, "the router lists fewer viewsets than the API has: is the walk right?"
    for prefix, viewset, _basename in registry:
        if not issubclass(viewset, ScopedViewSetMixin):
            problems.append(f"{prefix}: {viewset.__qualname__} does not derive from ScopedViewSetMixin")
        model = getattr(viewset, "model", None) or getattr(getattr(viewset, "queryset", None), "model", None)
        if model is not None and is_owned_model(model):
            if not issubclass(viewset, TenantReadOnlyViewSet):
                problems.append(f"{prefix}: serves owned {model._meta.label} without TenantReadOnlyViewSet")
            for klass in viewset.__mro__:
                own_code = klass.__module__.startswith("loim.") and klass.__module__ != "loim.api.base"
                if own_code and "get_queryset" in vars(klass):
                    problems.append(f"{prefix}: {klass.__qualname__} overrides the scoped get_queryset")
        if issubclass(viewset, ReferenceReadOnlyViewSet) and (model is None or is_owned_model(model)):
            problems.append(f"{prefix}: reference viewset over an owned model or none")
    assert not problems, "\n".join(problems)


# --- the queryset level -------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_queryset_and_lookup_isolation(case, tenants):
    party_a, party_b, user_a = tenants
    own, other = case.make(party_a), case.make(party_b)
    manager = case.model.objects
    assert manager.editable_by(user_a).filter(pk=own.pk).exists()
    assert not manager.editable_by(user_a).filter(pk=other.pk).exists()
    with pytest.raises(Http404):
        get_editable_or_404(case.model, user_a, pk=other.pk)
    if case.readers == Readers.EVERY_MEMBER:
        assert manager.visible_to(user_a).filter(pk=other.pk).exists()
    else:
        assert manager.visible_to(user_a).filter(pk=own.pk).exists()
        assert not manager.visible_to(user_a).filter(pk=other.pk).exists()
        with pytest.raises(Http404):
            get_visible_or_404(case.model, user_a, pk=other.pk)


# --- party A against party B: every declared URL of every action --------------------------------


PAIRS = [(c, a) for c in CASES for a in ACTIONS if c.declares(a)] + [(c, "create") for c in CASES if c.create]


def _api_urls(case, record):
    record = case.api_record(record)
    viewset = api_viewset(case.api)
    lookup = viewset.lookup_field
    kwarg = viewset.lookup_url_kwarg or lookup
    detail = reverse(f"v1:{case.api}-detail", kwargs={kwarg: getattr(record, lookup)})
    missing = reverse(f"v1:{case.api}-detail", kwargs={kwarg: MISSING_ID})
    return reverse(f"v1:{case.api}-list"), detail, missing


def _version_headers(client, detail_url, record) -> tuple[dict, dict]:
    """What a well-informed attacker sends with a write: the record's current version as If-Match
    (and as a `version` field), read from the API if they can read it, else known somehow."""
    headers, fields = {}, {}
    response = client.get(detail_url)
    etag = response.headers.get("ETag") if response.status_code == 200 else None
    version = getattr(type(record)._default_manager.filter(pk=record.pk).first(), "version", None)
    if etag:
        headers["HTTP_IF_MATCH"] = etag
    elif version is not None:
        headers["HTTP_IF_MATCH"] = f'"{version}"'
    if version is not None:
        fields["version"] = version
    return headers, fields


def run_action(case, action, client, own, other, party_a, party_b, reader: bool, implementer: bool = False):
    """One action against B's record `other`; `own` is the viewer's own record (None for readers)."""
    sees = case.readers == Readers.EVERY_MEMBER or (reader and case.readers == Readers.READ_ALL)
    tried = 0
    if action in ("list", "export_csv", "export_xlsx", "api_list"):
        urls = [f"v1:{case.api}-list"] if action == "api_list" else getattr(case, action)
        read = _xlsx_text if action == "export_xlsx" else _text
        for entry in urls:
            page = entry if isinstance(entry, Form) else Form(entry)
            name = page.url
            if callable(name):  # a list in the context of its record (e.g. a party's page)
                pages = [(_url(name, own), own)] if own else []
                pages.append((_url(name, other), other))
            else:
                pages = [(_url(name), None)]
            for url, context in pages:
                where = f"{case.id} {action} {url}"
                response = client.get(url)
                if (
                    (not sees or page.editors_only)
                    and (reader or context is other)
                    and response.status_code in (403, 404)
                ):
                    continue  # the whole page is refused: nothing of B shows
                content = _scrubbed(read(response, where))
                if own is not None and context in (None, own):
                    assert case.shows(own, content), f"{where}: own record missing, so the check proves nothing"
                if context in (None, other):
                    shown = case.shows(other, content)
                    assert shown == sees, f"{where}: another party's record {'missing' if sees else 'shown'}"
        return tried
    if action == "read":
        for form in case.read:
            kwargs_of = form.kwargs or case.url_kwargs
            url = _url(form.url, other, kwargs_of(other))
            where = f"{case.id} read {url}"
            if own is not None:
                own_url = _url(form.url, own, kwargs_of(own))
                assert client.get(own_url).status_code < 400, f"{case.id} read {own_url}: own record not readable"
            if sees:
                allowed = (200, 404) if form.editors_only else (200,)
                assert client.get(url).status_code in allowed, f"{where}: readable record refused"
            else:
                missing = _url(form.url, _MISSING, _missing(kwargs_of(other)))
                _assert_not_found_like_missing(client, "get", url, missing, where)
        return tried
    if action == "create":
        for form in case.create:
            if reader and (form.readers_may or (implementer and form.implementer_writes)):
                continue
            url = _url(form.url)
            where = f"{case.id} create {url}"
            if own is not None:  # the same form creates for the viewer's own party, so the payload is valid
                before = case.party_records(party_a).count()
                status = client.post(url, form.data(party_a)).status_code
                assert case.party_records(party_a).count() > before, f"{where}: own create fails ({status})"
            payload = form.data(party_b)
            guard = Unchanged(other, where)
            response = client.post(url, payload)
            assert response.status_code < 500, f"{where}: answered {response.status_code}"
            guard.check("a page create for another party")
            tried += 1
        return tried
    if action in ("edit", "delete"):
        for form in getattr(case, action):
            if implementer and form.implementer_writes:
                continue
            kwargs_of = form.kwargs or case.url_kwargs
            kwargs = kwargs_of(other)
            url, missing = _url(form.url, other, kwargs), _url(form.url, _MISSING, _missing(kwargs))
            where = f"{case.id} {action} {url}"
            data = form.data(other) if form.data else {}
            guard = Unchanged(other, where)
            post_only = client.get(url).status_code == 405
            if not post_only:
                _assert_not_found_like_missing(client, "get", url, missing, where)
            _assert_not_found_like_missing(client, "post", url, missing, where, data=data)
            guard.check("POST")
            tried += 1
            if own is not None and not form.implementer_writes:  # the URL finds an own record: the 404 means something
                own_url = _url(form.url, own, kwargs_of(own))
                own_data = form.data(own) if form.data else {}
                status = client.post(own_url, own_data).status_code if post_only else client.get(own_url).status_code
                assert status != 404 and status < 500, f"{case.id} {action} {own_url}: own record answered {status}"
        return tried
    list_url, detail_url, missing_url = _api_urls(case, other)
    viewset = api_viewset(case.api)
    where = f"{case.id} {action} {detail_url if action != 'api_create' else list_url}"
    if action == "api_detail":
        if own is not None:
            own_detail = _api_urls(case, own)[1]
            assert client.get(own_detail).status_code == 200, f"{case.id} api_detail {own_detail}: own not readable"
        if sees:
            assert client.get(detail_url).status_code == 200, f"{where}: readable record refused"
        else:
            _assert_not_found_like_missing(client, "get", detail_url, missing_url, where)
        return tried
    refused = (403, 404, 405)
    if action == "api_update":
        headers, fields = _version_headers(client, detail_url, case.api_record(other))
        payload = {**(case.api_update(other) if case.api_update else {}), **fields}
        for method in ("patch", "put"):
            guard = Unchanged(other, where)
            response = getattr(client, method)(detail_url, payload, content_type="application/json", **headers)
            assert response.status_code in refused, f"{where}: {method.upper()} answered {response.status_code}"
            guard.check(method.upper())
            tried += 1
        if own is not None and "patch" in viewset.http_method_names and hasattr(viewset, "partial_update"):
            own_detail = _api_urls(case, own)[1]  # the same payload and version headers work on one's own
            own_headers, own_fields = _version_headers(client, own_detail, case.api_record(own))
            own_payload = {**(case.api_update(own) if case.api_update else {}), **own_fields}
            control = client.patch(own_detail, own_payload, content_type="application/json", **own_headers)
            assert control.status_code == 200, f"{where}: the same PATCH of an own record fails ({control.content})"
        return tried
    if action == "api_delete":
        headers, _fields = _version_headers(client, detail_url, case.api_record(other))
        guard = Unchanged(other, where)
        response = client.delete(detail_url, **headers)
        assert response.status_code in refused, f"{where}: DELETE answered {response.status_code}"
        guard.check("DELETE")
        return 1
    # api_create: a record for party B, posted by someone who is not B's editor
    payload = case.api_create(party_b) if case.api_create else {"party": party_b.slug}
    if own is not None and case.api_create and "post" in viewset.http_method_names and hasattr(viewset, "create"):
        control = client.post(list_url, case.api_create(party_a), content_type="application/json")
        assert control.status_code == 201, f"{where}: the same payload for the own party fails ({control.content})"
    guard = Unchanged(other, where)
    response = client.post(list_url, payload, content_type="application/json")
    assert response.status_code in (400, *refused), f"{where}: POST for another party answered {response.status_code}"
    guard.check("POST for another party")
    return 1


@pytest.mark.parametrize(("case", "action"), PAIRS, ids=[f"{c.id}-{a}" for c, a in PAIRS])
def test_party_user_gets_nothing_of_another_party(case, action, tenants, client):
    party_a, party_b, user_a = tenants
    own, other = case.make(party_a), case.make(party_b)
    client.force_login(user_a)
    run_action(case, action, client, own, other, party_a, party_b, reader=False)


# --- the read-all profiles: read as designed, write nothing --------------------------------------


READER_RUNS = [(c, p) for c in CASES if c.has_urls() for p in READ_ALL_PROFILES]


@pytest.mark.parametrize(("case", "profile"), READER_RUNS, ids=[f"{c.id}-{p}" for c, p in READER_RUNS])
def test_read_all_users_read_as_designed_and_change_nothing(case, profile, tenants, client, programme):
    party_a, party_b, _user_a = tenants
    slug, role = READ_ALL_PROFILES[profile]
    reader = make_member(programme[slug], role)
    forget_access(reader)
    other = case.make(party_b)
    client.force_login(reader)
    tried = 0
    for action in [*ACTIONS, "create"]:
        if case.declares(action) or (action == "create" and case.create):
            tried += run_action(
                case, action, client, None, other, party_a, party_b, reader=True, implementer=slug == "elvl"
            )
    writes = [*case.edit, *case.delete, *case.create]
    if case.api or any(not (f.readers_may or (f.implementer_writes and slug == "elvl")) for f in writes):
        assert tried > 0, f"{case.id}: {profile} tried none of the case's writes"
    assert not case.model.objects.editable_by(reader).filter(pk=other.pk).exists()


@pytest.mark.parametrize("case", [c for c in CASES if c.model.tenancy_scope == Scope.PERSONAL], ids=lambda c: c.id)
def test_personal_data_stays_inside_the_owning_party(case, programme, member):
    record = case.make(programme["tartu"])
    for user in [
        member("elvl", "admin"),
        member("elvl", "coordinator"),
        member("ministry", "ministry_reader"),
        member("tartu", "viewer"),
        member("tartu", "coordinator", register_access=False),
    ]:
        assert not case.model.objects.visible_to(user).filter(pk=record.pk).exists()


# --- the sweep: B's marker on no page, file or endpoint that A can open ---------------------------


def sweep_urls() -> list[str]:
    """Every list page and export any case names (without a record's context), and every list
    endpoint of the router (aggregates too, for the plan year the cases use)."""
    urls = set()
    for case in CASES:
        for entry in [*case.list, *case.export_csv, *case.export_xlsx]:
            name = entry.url if isinstance(entry, Form) else entry
            if not callable(name):
                urls.add(_url(name))
    for _prefix, viewset, basename in router_registry():
        if hasattr(viewset, "list"):
            urls.add(reverse(f"v1:{basename}-list") + "?year=2024")
    return sorted(urls)


SWEPT = [c for c in CASES if c.readers != Readers.EVERY_MEMBER and c.sweep and c.marker is not str]


def _long_markers(case, record) -> list[str]:
    markers = case.marker(record)
    return [m for m in ([markers] if isinstance(markers, str) else markers) if len(m) >= 8]


@pytest.mark.parametrize("case", SWEPT, ids=[c.id for c in SWEPT])
def test_another_partys_record_shows_on_no_page_file_or_endpoint(case, tenants, client):
    """Beyond the URLs a case names: B's marker is in none of the lists, files and endpoints at all."""
    party_a, party_b, user_a = tenants
    case.make(party_a)
    other = case.make(party_b)
    markers = _long_markers(case, other)
    assert markers, f"{case.id}: the marker is too short to search every page for (set sweep=False)"
    client.force_login(user_a)
    opened = 0
    for base in sweep_urls():
        sep = "&" if "?" in base else "?"
        for url in [base, f"{base}{sep}party={party_b.slug}", f"{base}{sep}party={party_b.pk}"]:  # filters never widen
            opened += _swept(client, url, case, markers)
    assert opened >= 20, f"only {opened} URLs answered: the sweep proves little"


def _swept(client, url, case, markers) -> int:
    """1 if the URL answered and holds none of the markers, 0 if it did not answer 200."""
    response = client.get(url)
    if response.status_code != 200:
        return 0
    if "spreadsheet" in response.get("Content-Type", ""):
        content = _xlsx_text(response, url)
    else:
        content = _scrubbed(_body(response).decode())
    shown = [m for m in markers if m in content]
    assert not shown, f"{case.id}: {url} shows another party's {shown}"
    return 1


# --- every page of the apps is in a case, or said to show no owned record ------------------------

# Pages that show or change no single owned record, each with why (the rest must be in a case).
NO_RECORD_PAGES = {
    "services:translations": "the translator's view lists only services the user may translate (editable_by); "
    "another party's is absent: tests/services/test_exchange.py",
    "services:export": "the export holds only services the user may translate (editable_by); another party's is "
    "absent: tests/services/test_exchange.py",
    "network:import_template_csv": "the directory import's template: column keys and one invented example row",
    "core:home": "panels of counts and links; the figures come from the apps' scoped selectors",
    "core:search": "results come only from each source's visible_to(user); another partner's network-only document "
    "and events are absent: tests/network/test_search.py (cross-tenant cases)",
    "core:accessibility": "the accessibility statement",
    "core:audit_log": "the audit log, scoped by core.audit (tests/core/test_audit.py)",
    "events:translations_export": "the XLIFF/PO export holds only the public events the user may translate "
    "(editable_by); another party's is absent: tests/events/test_event_exchange.py",
    "events:feed": "the calendar feed is read by its secret token, a credential (CalendarFeed's case: the page)",
    "events:import_template_csv": "an empty template",
    "events:import_template_xlsx": "an empty template",
    "events:kinds": "event kinds are reference data no party owns",
    "events:kind_create": "event kinds are reference data no party owns",
    "events:kind_edit": "event kinds are reference data no party owns",
    "events:series_create": "the party field offers editable_parties only, as events:create (Event's create)",
    "inquiries:import": "the party field offers editable_parties only; the file is staged in the uploader's session",
    "inquiries:import_map": "a staged upload of the user's own session, its party looked up in editable_parties",
    "inquiries:import_cancel": "a staged upload of the user's own session",
    "inquiries:statistics": "statistics only, through core.disclosure (tests/inquiries, tests/core/test_disclosure*)",
    "inquiries:statistics_export": "statistics only, through core.disclosure",
    "inquiries:vocabulary": "topics and referral targets are reference data no party owns",
    "inquiries:vocabulary_add": "topics and referral targets are reference data no party owns",
    "inquiries:vocabulary_edit": "topics and referral targets are reference data no party owns",
    "monitoring:index": "a redirect to the current year's dashboard",
    "monitoring:dashboard": "figures counted over Viewer.scope (visible_to); `?party=` of a party not monitored is 404",
    "monitoring:compare": "figures counted over Viewer.scope (visible_to)",
    "monitoring:matrix": "participation counts over Viewer.scope (visible_to)",
    "monitoring:calendar": "commitment verdicts over Viewer.scope (visible_to)",
    "monitoring:indicator": "a figure's drill-down over Viewer.scope (visible_to); tests/monitoring",
    "parties:members": "an administrator's page (manage_members for the party), 404 to the coordinators and readers"
    " these profiles are; another party's administrator gets 404 (tests/parties/test_members.py)",
    "parties:member_edit": "as parties:members; the membership is looked up within the party (test_members.py)",
    "parties:member_end": "as parties:members; the membership is looked up within the party (test_members.py)",
    "parties:onboard": "ELVL administrators only (onboard_partner): creates a new party; the candidate it starts"
    " from is looked up with get_visible_or_404 (tests/parties/test_onboarding.py)",
    "parties:candidate_create": "ELVL's editors only (manage_candidates); no party field: the record is the"
    " recorder's own implementer party's (tests/parties/test_onboarding.py)",
    "plans:import": "a plan file is imported as a new plan of the importer's party (ELVL)",
    "plans:document_upload": "ELVL's editors only (import_plan); the document becomes a plan of the implementer, no "
    "party field (tests/plans/wordimport/test_views.py)",
    "plans:document_preview": "a staged upload of the user's own session; any other token is 404 "
    "(tests/plans/wordimport/test_views.py)",
    "plans:document_yaml": "a staged upload of the user's own session; any other token is 404",
    "plans:changes": "plans are shared (every member reads them): both years through get_visible_or_404/visible_to",
    "plans:indicator_create": "adds to a plan only its owner edits (_may_edit), tests/plans",
    "plans:obligation_create": "adds to a plan only its owner edits (_may_edit), tests/plans",
    "portal:journey": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:journey_stage": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:kind_ical": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:municipality_ical": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:index": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:national": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:municipality": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:service": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:events": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:event_detail": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:events_ical": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:document": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:search": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:accessibility": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "portal:feedback": "the public portal: public records only (core.tenancy.visible_to_public), tests/portal",
    "register:home": "counts through the disclosure control and links",
    "register:counts": "de-identified counts through the disclosure control",
    "register:import_template": "an empty template",
    "register:invitation": "`party` is an editable party or 404 (tests/register/test_cross_tenant.py)",
    "register:search": "`party` is an editable party or 404 (tests/register/test_cross_tenant.py)",
}


def _page_names() -> set[str]:
    from django.urls import URLPattern, URLResolver, get_resolver

    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return {n for n in names if n.split(":")[0] not in ("admin", "v1")}


def test_every_page_is_in_a_case_or_shows_no_owned_record(tenants):
    """A page, file or form of the apps that no case runs must say here why it shows no owned record."""
    from urllib.parse import urlsplit

    from django.urls import resolve

    party_a, _party_b, _user_a = tenants
    named = set()
    for case in CASES:
        record = case.make(party_a)
        entries = [*case.list, *case.read, *case.edit, *case.delete, *case.export_csv, *case.export_xlsx, *case.create]
        for entry in entries:
            form = entry if isinstance(entry, Form) else Form(entry)
            url = _url(form.url, record, (form.kwargs or case.url_kwargs)(record))
            named.add(resolve(urlsplit(url).path).view_name)
    missing = sorted(_page_names() - named - set(NO_RECORD_PAGES))
    assert not missing, f"pages in no case and not in NO_RECORD_PAGES: {missing}"
    covered = sorted(set(NO_RECORD_PAGES) & named)
    assert not covered, f"NO_RECORD_PAGES lists pages a case runs: {covered}"
    assert all(reason.strip() for reason in NO_RECORD_PAGES.values())
