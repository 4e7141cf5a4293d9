"""Row-level inquiry data stays with the owning party (Scope.PARTY_ONLY): ELVL's and the ministry's
readers, who count every party's inquiries in the statistics, list none of another party's — not on
the list page, in its files, in the API or in the audit log — and a single one answers 404, like a
missing one. Their own party's records still show, so each check can fail."""

import datetime as dt

import pytest
from django.urls import reverse

from loim.core.audit import audit_entries_for
from loim.core.tenancy import Scope, get_visible_or_404
from loim.inquiries.models import Inquiry
from loim.inquiries.selectors import inquiry_statistics
from tests.inquiries.helpers import make_inquiry
from tests.inquiries.tenancy_cases import CASES, CROSS_PARTY_READERS
from tests.inquiries.test_exports import xlsx_sheets

# the ministry reader's party records no inquiries: no list at all (tests/inquiries/test_list_tab.py)
LISTING_READERS = [reader for reader in CROSS_PARTY_READERS if reader[1] != "ministry_reader"]


def _url(name):
    return name if name.startswith("/") else reverse(name)


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode()


@pytest.mark.parametrize("reader", LISTING_READERS, ids="-".join)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cross_party_readers_list_only_their_own_partys_records(case, reader, member, programme, client):
    assert case.model.tenancy_scope == Scope.PARTY_ONLY
    slug, role = reader
    user = member(slug, role)
    own, other = case.make(programme[slug]), case.make(programme["tartu"])
    assert not case.model.objects.visible_to(user).filter(pk=other.pk).exists()
    with pytest.raises(Exception) as raised:
        get_visible_or_404(case.model, user, pk=other.pk)
    assert raised.type.__name__ == "Http404"
    client.force_login(user)
    for name in [*case.list, *case.export_csv]:
        content = _body(client.get(_url(name)))
        assert case.marker(own) in content, f"{name}: own record missing, so the check proves nothing"
        assert case.marker(other) not in content, f"{name} shows another party's record to {reader}"
    if case.api:
        api_list = reverse(f"v1:{case.api}-list")
        body = client.get(api_list).content.decode()
        assert case.marker(own) in body and case.marker(other) not in body
        assert client.get(api_list + "?party=tartu").json()["count"] == 0
        detail = f"v1:{case.api}-detail"
        assert client.get(reverse(detail, kwargs={"pk": other.pk})).status_code == 404
        missing = reverse(detail, kwargs={"pk": other.pk + 10_000})
        assert client.get(missing).content == client.get(reverse(detail, kwargs={"pk": other.pk})).content
        assert client.get(reverse(detail, kwargs={"pk": own.pk})).status_code == 200


@pytest.mark.parametrize("reader", LISTING_READERS, ids="-".join)
def test_the_list_files_hold_no_other_partys_rows(reader, member, programme, client):
    slug, role = reader
    make_inquiry(programme[slug], note="oma rida")
    make_inquiry(programme["tartu"], note="võõras rida")
    client.force_login(member(slug, role))
    rows = next(iter(xlsx_sheets(client.get("/inquiries/list/export.xlsx")).values()))  # then the About sheet
    assert [row[-1] for row in rows[1:]] == ["oma rida"]
    refused = client.get("/inquiries/list/export.xlsx?party=tartu")
    assert refused.status_code == 400  # an unlistable party is not a filter choice: refused, not widened
    assert "võõras rida" not in refused.content.decode()


def test_statistics_still_count_every_party_for_elvl(member, programme):
    for day in range(1, 8):
        make_inquiry(programme["tartu"], date=dt.date(2024, 3, day))
    elvl = member("elvl", "coordinator")
    assert not Inquiry.objects.visible_to(elvl).exists()
    stats = inquiry_statistics(user=elvl, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    assert stats.suppressing and stats.total.count == 7


def test_elvl_administrators_audit_log_leaves_out_other_parties_inquiries(member, programme):
    admin = member("elvl", "admin")
    own = make_inquiry(programme["elvl"], note="ELVL-i oma")
    other = make_inquiry(programme["tartu"], note="Tartu oma")
    entries = audit_entries_for(admin)
    inquiry_ids = {e.object_pk for e in entries if e.content_type.model == "inquiry"}
    assert str(own.pk) in inquiry_ids and str(other.pk) not in inquiry_ids
    tartu_admin = member("tartu", "admin")
    assert str(other.pk) in {e.object_pk for e in audit_entries_for(tartu_admin) if e.content_type.model == "inquiry"}
    # Other parties' shared and owned records stay in ELVL's log.
    assert entries.exclude(content_type__model="inquiry").filter(additional_data__party_id=programme["tartu"].pk)
