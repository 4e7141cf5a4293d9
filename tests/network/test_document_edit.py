"""Editing a document's metadata (with the stale-edit refusal), withdrawing it, and the documents list's
pages (issue 12; docs/decisions.md "Issue 12 — platform, second part").

Hand-worked: Tartu publishes "Juhend: eluaseme otsimine" for all networks (version 1 of the record).
Its coordinator changes the title to "Juhend: üüripinna otsimine", adds a description and the tag
"eluase": the record is at version 2, the file still version 1. A second page loaded at version 1
then saves "Vana pealkiri": refused, the title stays. Withdrawn, the document is read only by Tartu's
admins and coordinators: not by Tartu's viewer, Pärnu, ELVL or the ministry, nor found by search;
its version stays. Published again, Pärnu reads it again.
"""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loim.core.search import search
from loim.network.documents import (
    DocumentEdit,
    DocumentInput,
    document_create,
    document_restore,
    document_update,
    document_withdraw,
)
from loim.network.models import Document, DocumentVersion, Network
from tests.network.test_network_members import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def guide(programme):
    data = DocumentInput(kind="guidance", title="Juhend: eluaseme otsimine", language="et", visibility="all_networks")
    return document_create(party=programme["tartu"], data=data, upload=pdf("juhend.pdf"))


def edit_payload(document, **changes):
    values = {
        "version": document.version,
        "kind": document.kind,
        "title": document.title,
        "description": document.description,
        "visibility": document.visibility,
        "network": document.network_id or "",
        "activity": "",
        "tags": ", ".join(document.tags),
    }
    return values | changes


def test_the_coordinator_edits_the_metadata_and_a_stale_page_is_refused(guide, member, client):
    client.force_login(member("tartu", "coordinator"))
    url = reverse("network:document_edit", kwargs={"pk": guide.pk})
    stale = edit_payload(guide, title="Vana pealkiri")

    response = client.post(
        url,
        edit_payload(guide, title="Juhend: üüripinna otsimine", description="Kuidas leida üüripinda.", tags="eluase"),
    )

    assert response.status_code == 302
    guide.refresh_from_db()
    assert (guide.title, guide.description, guide.tags, guide.version, guide.current_number) == (
        "Juhend: üüripinna otsimine",
        "Kuidas leida üüripinda.",
        ["eluase"],
        2,
        1,
    )
    response = client.post(url, stale)
    assert response.status_code == 200 and response.context["form"].conflict is not None
    guide.refresh_from_db()
    assert (guide.title, guide.version) == ("Juhend: üüripinna otsimine", 2)
    # created, its first version numbered (current_number 1), then the edit: three entries
    assert LogEntry.objects.get_for_object(guide).count() == 3


def test_edit_refusals_name_the_field_and_others_get_404(guide, member, client, programme):
    pärnu_network = Network.objects.create(
        party=programme["parnu"], name="Pärnu võrgustik", kind="local", founded_on=dt.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        document_update(
            document=guide,
            data=DocumentEdit(kind="guidance", title="X", description="", visibility="network", network=pärnu_network),
            user=member("tartu", "coordinator"),
        )
    assert list(refused.value.message_dict) == ["network"]
    client.force_login(member("tartu", "coordinator"))
    response = client.post(reverse("network:document_edit", kwargs={"pk": guide.pk}), edit_payload(guide, title=""))
    assert response.status_code == 400 and list(response.context["form"].errors) == ["title"]
    for user in (member("parnu", "coordinator"), member("tartu", "viewer"), member("elvl", "coordinator")):
        client.force_login(user)
        url = reverse("network:document_edit", kwargs={"pk": guide.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, edit_payload(guide, title="Ülevõetud")).status_code == 404
        withdraw = reverse("network:document_withdraw", kwargs={"pk": guide.pk})
        assert client.post(withdraw, {"version": guide.version}).status_code == 404
    guide.refresh_from_db()
    assert (guide.title, guide.version, guide.withdrawn_at) == ("Juhend: eluaseme otsimine", 1, None)


def test_a_withdrawn_document_is_read_only_by_its_partys_editors(guide, member, client):
    coordinator = member("tartu", "coordinator")
    readers = {
        "tartu viewer": member("tartu", "viewer"),
        "parnu": member("parnu", "coordinator"),
        "elvl": member("elvl", "coordinator"),
        "ministry": member("ministry", "ministry_reader"),
    }
    version = guide.versions.get()
    client.force_login(coordinator)
    response = client.post(
        reverse("network:document_withdraw", kwargs={"pk": guide.pk}),
        {"version": guide.version, "reason": "Asendatud uue juhendiga"},
    )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert (guide.withdrawn_by, guide.withdrawal_reason, guide.version) == (coordinator, "Asendatud uue juhendiga", 2)
    assert DocumentVersion.objects.filter(document=guide).count() == 1  # kept

    listed = client.get(reverse("network:document_list")).context["documents"]
    assert [d.title for d in listed] == ["Juhend: eluaseme otsimine"]
    assert "Tagasi võetud" in client.get(reverse("network:document_detail", kwargs={"pk": guide.pk})).content.decode()
    for name, user in readers.items():
        client.force_login(user)
        assert list(client.get(reverse("network:document_list")).context["documents"]) == [], name
        assert client.get(reverse("network:document_detail", kwargs={"pk": guide.pk})).status_code == 404, name
        assert client.get(reverse("network:version_download", kwargs={"pk": version.pk})).status_code == 404, name
        assert search(user, "eluaseme").total == 0, name

    document_restore(document=guide, user=coordinator)
    assert Document.objects.visible_to(readers["parnu"]).get() == guide
    assert search(readers["parnu"], "eluaseme").total == 1
    with pytest.raises(ValidationError):
        document_restore(document=guide, user=coordinator)
    document_withdraw(document=guide, user=coordinator)
    with pytest.raises(ValidationError):
        document_withdraw(document=guide, user=coordinator)


def test_the_list_pages_by_50_with_the_same_queries_for_few_and_many(programme, member, client):
    user = member("tartu", "coordinator")
    client.force_login(user)

    def make(count, start):
        for n in range(start, start + count):
            data = DocumentInput(kind="overview", title=f"Ülevaade {n:03d}", language="et", visibility="all_networks")
            document_create(party=programme["tartu"], data=data, upload=pdf(f"u{n}.pdf"))

    make(3, 0)
    url = reverse("network:document_list")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make(52, 3)
    with CaptureQueriesContext(connection) as many:
        first = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert [d.title for d in first.context["documents"]][:2] == ["Ülevaade 000", "Ülevaade 001"]
    assert len(first.context["documents"]) == 50
    second = client.get(url, {"page": 2, "kind": "overview"})
    assert [d.title for d in second.context["documents"]] == [
        "Ülevaade 050",
        "Ülevaade 051",
        "Ülevaade 052",
        "Ülevaade 053",
        "Ülevaade 054",
    ]
    assert "kind=overview" in second.content.decode()  # the page links keep the filter
