"""Runs the cross-tenant helper for every owned model of every app (see tests/tenancy.py)."""

import importlib
import pkgutil

import pytest
from django.apps import apps
from django.forms.models import model_to_dict
from django.http import Http404
from django.urls import NoReverseMatch, reverse

import tests
from loim.core.tenancy import Scope, get_editable_or_404, get_visible_or_404, is_owned_model
from tests.factories import make_member
from tests.tenancy import TenancyCase


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


def owned_models():
    return [
        m for c in apps.get_app_configs() if c.name.startswith("loim.") for m in c.get_models() if is_owned_model(m)
    ]


def test_every_owned_model_has_a_cross_tenant_case():
    covered = {case.model for case in CASES}
    missing = [m._meta.label for m in owned_models() if m not in covered]
    assert not missing, f"owned models without a TenancyCase in tests/<app>/tenancy_cases.py: {missing}"


def _url(name: str, kwargs: dict | None = None) -> str:
    if name.startswith("/"):
        return name
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return reverse(name)


@pytest.fixture
def tenants(programme):
    """Party A (Tartu) and party B (Pärnu), a coordinator of A with register access."""
    user_a = make_member(programme["tartu"], "coordinator", register_access=True)
    return programme["tartu"], programme["parnu"], user_a


def _body(response) -> str:
    """The text of a page or of a streamed export (CSV exports stream)."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode()


def _snapshot(record):
    record.refresh_from_db()
    return model_to_dict(record)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_queryset_and_lookup_isolation(case, tenants):
    party_a, party_b, user_a = tenants
    own, other = case.make(party_a), case.make(party_b)
    manager = case.model.objects
    assert manager.editable_by(user_a).filter(pk=own.pk).exists()
    assert not manager.editable_by(user_a).filter(pk=other.pk).exists()
    with pytest.raises(Http404):
        get_editable_or_404(case.model, user_a, pk=other.pk)
    if case.model.tenancy_scope == Scope.SHARED:
        assert manager.visible_to(user_a).filter(pk=other.pk).exists()
    else:
        assert manager.visible_to(user_a).filter(pk=own.pk).exists()
        assert not manager.visible_to(user_a).filter(pk=other.pk).exists()
        with pytest.raises(Http404):
            get_visible_or_404(case.model, user_a, pk=other.pk)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_pages_exports_and_api_isolation(case, tenants, client):
    party_a, party_b, user_a = tenants
    own, other = case.make(party_a), case.make(party_b)
    client.force_login(user_a)
    shared = case.model.tenancy_scope == Scope.SHARED
    for name in case.list_urls:
        content = _body(client.get(_url(name)))
        assert case.marker(own) in content, f"{name}: own record missing, so the check proves nothing"
        if not shared:
            assert case.marker(other) not in content, f"{name} shows another party's record"
    if not shared:
        for name in [case.detail_url, *case.record_urls]:
            if name:
                assert client.get(_url(name, case.url_kwargs(other))).status_code == 404, name
    before = _snapshot(other)
    for name in [case.edit_url, case.delete_url]:
        if name:
            url = _url(name, case.url_kwargs(other))
            assert client.get(url).status_code == 404, name
            data = case.edit_data(other) if (case.edit_data and name == case.edit_url) else {}
            assert client.post(url, data).status_code == 404, name
    assert case.model.objects.filter(pk=other.pk).exists()
    assert _snapshot(other) == before
    if case.api_list:
        body = client.get(_url(case.api_list)).content.decode()
        assert case.marker(own) in body
        if not shared:
            assert case.marker(other) not in body
    if case.api_detail:
        url = _url(case.api_detail, {"pk": other.pk})
        if not shared:
            assert client.get(url).status_code == 404
        assert client.patch(url, {}, content_type="application/json").status_code in (403, 404, 405)
        assert client.delete(url).status_code in (403, 404, 405)
        assert case.model.objects.filter(pk=other.pk).exists()


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
