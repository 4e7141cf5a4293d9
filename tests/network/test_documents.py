"""The platform's documents (issue 12): versions, translations marked outdated when the source gets a
newer version, visibility by network, and what is refused.

Hand-worked: ELVL publishes "Juhend: kohanemisprogramm" (et, guidance, version 1) and an English
translation made from version 1. Nothing is outdated. ELVL uploads version 2 of the source: the
source's latest version is 2 > 1, so the translation is outdated, on its own page and on the source's.
Tartu's minutes of its network (visibility one network) are read by Tartu, ELVL and the ministry, not
by Pärnu; a document for all networks is read by Pärnu too.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.network.documents import DocumentInput, document_create, translation_add, version_add
from loim.network.models import Document, DocumentVersion, Network
from tests.queries import page_queries

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def pdf(name="juhend.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def guidance(party, **kwargs):
    values = {"kind": "guidance", "title": "Juhend: kohanemisprogramm", "language": "et", "visibility": "public"}
    return DocumentInput(**(values | kwargs))


@pytest.fixture
def elvl_guidance(programme, member):
    user = member("elvl", "coordinator")
    source = document_create(party=programme["elvl"], data=guidance(programme["elvl"]), upload=pdf(), user=user)
    english = translation_add(
        source=source,
        data=guidance(programme["elvl"], title="Guide: the adaptation programme", language="en"),
        upload=pdf("guide.pdf"),
        user=user,
    )
    return source, english, user


def test_a_translation_becomes_outdated_when_its_source_gets_version_2(elvl_guidance):
    source, english, user = elvl_guidance
    assert (source.current_number, english.translated_from_number, english.outdated) == (1, 1, False)

    version_add(document=source, upload=pdf("juhend-2.pdf"), note="Uued kontaktid", user=user)

    english = Document.objects.get(pk=english.pk)
    assert english.source.current_number == 2
    assert english.outdated is True
    assert list(source.versions.values_list("number", "original_name")) == [(2, "juhend-2.pdf"), (1, "juhend.pdf")]


def test_both_pages_show_the_outdated_translation(client, elvl_guidance):
    source, english, user = elvl_guidance
    client.force_login(user)
    response = client.post(
        reverse("network:version_create", kwargs={"pk": source.pk}),
        {"version": source.version, "file": pdf("juhend-2.pdf"), "note": "Uued kontaktid"},
    )
    assert response.status_code == 302
    translation_page = client.get(reverse("network:document_detail", kwargs={"pk": english.pk})).content.decode()
    assert "lähtedokumendi versioonist 1, lähtedokumendil on nüüd versioon 2" in translation_page
    source_page = client.get(reverse("network:document_detail", kwargs={"pk": source.pk})).content.decode()
    assert "tõlge on aegunud" in source_page


def test_a_forbidden_upload_is_refused_naming_the_field_and_nothing_is_written(client, programme, member):
    client.force_login(member("elvl", "coordinator"))
    page = client.post(
        reverse("network:document_create"),
        {
            "party": programme["elvl"].pk,
            "kind": "guidance",
            "title": "Programm",
            "language": "et",
            "visibility": "public",
            "file": SimpleUploadedFile("programm.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
        },
    )
    assert page.status_code == 400
    assert "file" in page.context["form"].errors
    assert "Tüüpi „.exe“ faile ei võeta vastu" in page.context["form"].errors["file"][0]
    assert Document.objects.count() == 0 and DocumentVersion.objects.count() == 0


def test_a_pdf_that_is_not_a_pdf_and_a_too_large_file_are_refused(programme, member, settings):
    user = member("elvl", "coordinator")
    fake = SimpleUploadedFile("juhend.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as refused:
        document_create(party=programme["elvl"], data=guidance(programme["elvl"]), upload=fake, user=user)
    assert "file" in refused.value.message_dict
    import loim.network.documents as documents

    settings_limit = documents.MAX_BYTES
    documents.MAX_BYTES = 10
    try:
        with pytest.raises(ValidationError) as too_large:
            document_create(party=programme["elvl"], data=guidance(programme["elvl"]), upload=pdf(), user=user)
    finally:
        documents.MAX_BYTES = settings_limit
    assert "lubatud on kuni 10" in too_large.value.message_dict["file"][0]
    assert Document.objects.count() == 0


def tartu_minutes(programme, member):
    network = Network.objects.create(
        party=programme["tartu"], name="Tartu koostöövõrgustik", kind="local", founded_on=dt.date(2024, 1, 1)
    )
    return document_create(
        party=programme["tartu"],
        data=DocumentInput(
            kind="minutes", title="Protokoll 05.03.2024", language="et", visibility="network", network=network
        ),
        upload=pdf("protokoll.pdf"),
        user=member("tartu", "coordinator"),
    )


def test_who_reads_a_network_document(programme, member):
    minutes = tartu_minutes(programme, member)
    readers = {
        slug: Document.objects.visible_to(member(slug, role)).filter(pk=minutes.pk).exists()
        for slug, role in [
            ("tartu", "viewer"),
            ("elvl", "viewer"),
            ("ministry", "ministry_reader"),
            ("parnu", "coordinator"),
        ]
    }
    assert readers == {"tartu": True, "elvl": True, "ministry": True, "parnu": False}
    version = minutes.versions.get()
    assert not DocumentVersion.objects.visible_to(member("parnu", "admin")).filter(pk=version.pk).exists()


def test_a_document_for_all_networks_is_read_by_every_member(programme, member, client):
    document = document_create(
        party=programme["elvl"],
        data=guidance(programme["elvl"], visibility="all_networks"),
        upload=pdf(),
        user=member("elvl", "coordinator"),
    )
    client.force_login(member("parnu", "viewer"))
    version = document.versions.get()
    response = client.get(reverse("network:version_download", kwargs={"pk": version.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_document_in_a_network_the_user_does_not_belong_to_is_refused(programme, member, client):
    minutes = tartu_minutes(programme, member)
    client.force_login(member("parnu", "coordinator"))
    page = client.post(
        reverse("network:document_create"),
        {
            "party": programme["parnu"].pk,
            "kind": "minutes",
            "title": "Võõras protokoll",
            "language": "et",
            "visibility": "network",
            "network": minutes.network_id,
            "file": pdf(),
        },
    )
    assert page.status_code == 400
    assert "network" in page.context["form"].errors
    assert Document.objects.count() == 1
    with pytest.raises(ValidationError) as refused:
        document_create(
            party=programme["parnu"],
            data=DocumentInput(kind="minutes", title="x", language="et", visibility="network", network=minutes.network),
            upload=pdf(),
            user=member("parnu", "coordinator"),
        )
    assert "network" in refused.value.message_dict
    assert client.get(reverse("network:document_detail", kwargs={"pk": minutes.pk})).status_code == 404


def test_network_visibility_needs_a_network(programme, member):
    with pytest.raises(ValidationError) as refused:
        document_create(
            party=programme["elvl"],
            data=guidance(programme["elvl"], visibility="network"),
            upload=pdf(),
            user=member("elvl", "coordinator"),
        )
    assert "network" in refused.value.message_dict
    assert Document.objects.count() == 0


def test_list_filters_and_its_query_count_is_constant(
    client, programme, member, elvl_guidance, django_assert_max_num_queries
):
    _source, english, user = elvl_guidance
    tartu_minutes(programme, member)
    client.force_login(user)
    url = reverse("network:document_list")
    assert [d.title for d in client.get(url, {"language": "en"}).context["documents"]] == [english.title]
    assert [d.title for d in client.get(url, {"kind": "minutes"}).context["documents"]] == ["Protokoll 05.03.2024"]
    tartu_network = Network.objects.get(name="Tartu koostöövõrgustik")
    by_network = client.get(url, {"network": tartu_network.pk}).context["documents"]
    assert [d.title for d in by_network] == ["Protokoll 05.03.2024"]
    network_page = client.get(reverse("network:network_detail", kwargs={"pk": tartu_network.pk})).content.decode()
    assert f'href="{url}?network={tartu_network.pk}"' in network_page

    few = page_queries(client, url)[1]
    for n in range(5):
        translation_add(
            source=document_create(
                party=programme["elvl"], data=guidance(programme["elvl"], title=f"Juhend {n}"), upload=pdf(), user=user
            ),
            data=guidance(programme["elvl"], title=f"Guide {n}", language="en"),
            upload=pdf(),
            user=user,
        )
    response, many = page_queries(client, url)
    assert len(response.context["documents"]) == 13
    assert many == few


def test_tags_filter(client, programme, member):
    user = member("elvl", "coordinator")
    document_create(
        party=programme["elvl"], data=guidance(programme["elvl"], tags=["eluase", "keeleõpe"]), upload=pdf(), user=user
    )
    document_create(party=programme["elvl"], data=guidance(programme["elvl"], title="Muu"), upload=pdf(), user=user)
    client.force_login(user)
    shown = client.get(reverse("network:document_list"), {"tag": "keeleõpe"}).context["documents"]
    assert [d.title for d in shown] == ["Juhend: kohanemisprogramm"]


def test_a_translation_in_the_sources_language_and_a_second_upload_from_the_same_page_are_refused(
    client, elvl_guidance
):
    source, _english, user = elvl_guidance
    with pytest.raises(ValidationError) as same_language:
        translation_add(source=source, data=guidance(None, title="Teine"), upload=pdf(), user=user)
    assert "language" in same_language.value.message_dict
    client.force_login(user)
    url = reverse("network:version_create", kwargs={"pk": source.pk})
    loaded = source.version
    assert client.post(url, {"version": loaded, "file": pdf("a.pdf")}).status_code == 302
    again = client.post(url, {"version": loaded, "file": pdf("b.pdf")})
    assert again.context["form"].conflict is not None  # shown as a conflict, nothing written
    assert list(source.versions.values_list("number", flat=True)) == [2, 1]
    assert Document.objects.filter(source=source).count() == 1
