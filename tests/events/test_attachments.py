"""Attachments: size and type checked by extension and content, stored through the storage API,
opened only through tenancy; personal-data files only for those with personal-data access."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from loim.events import attachments
from loim.events.models import EventAttachment
from tests.events.helpers import make_event

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def xlsx_bytes():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def odt_bytes(mimetype="application/vnd.oasis.opendocument.text"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("paevakord.pdf", PDF),
        ("foto.PNG", PNG),
        ("foto.jpg", JPEG),
        ("protokoll.odt", odt_bytes()),
        ("osalejad.xlsx", xlsx_bytes()),
        ("kokkuvote.docx", docx_bytes()),
    ],
)
def test_allowed_types_are_accepted(name, content):
    _name, content_type = attachments.validate_upload(SimpleUploadedFile(name, content))
    assert content_type == attachments.ALLOWED["." + name.rsplit(".", 1)[1].lower()]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("program.exe", b"MZ\x90\x00", "type"),
        ("leht.html", b"<html>", "type"),
        ("paevakord.pdf", b"<html><script>alert(1)</script>", "content"),
        ("foto.png", JPEG, "content"),
        ("protokoll.odt", odt_bytes("application/vnd.oasis.opendocument.spreadsheet"), "content"),
        ("kokkuvote.docx", xlsx_bytes(), "content"),
        ("tabel.xlsx", b"PK\x03\x04garbage", "content"),
        ("tuhi.pdf", b"", "empty"),
    ],
)
def test_forbidden_or_disguised_files_are_refused(name, content, code):
    with pytest.raises(Exception) as excinfo:
        attachments.validate_upload(SimpleUploadedFile(name, content))
    assert excinfo.value.code == code


def test_too_large_files_are_refused(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_BYTES", 100)
    with pytest.raises(Exception) as excinfo:
        attachments.validate_upload(SimpleUploadedFile("suur.pdf", PDF + b"x" * 200))
    assert excinfo.value.code == "too_large"


@pytest.fixture
def event(programme):
    return make_event(programme["tartu"], title="Klubi")


def upload(client, event, name="paevakord.pdf", content=PDF, **data):
    return client.post(
        reverse("events:attachment_upload", args=[event.pk]),
        {"file": SimpleUploadedFile(name, content), "kind": "agenda", **data},
    )


def test_upload_download_and_delete(client, member, event, django_capture_on_commit_callbacks):
    client.force_login(member("tartu", "coordinator"))
    assert upload(client, event).status_code == 302
    attachment = EventAttachment.objects.get()
    assert attachment.original_name == "paevakord.pdf" and attachment.size == len(PDF)
    assert "paevakord" not in attachment.file.name  # stored under a random name
    assert default_storage.exists(attachment.file.name)
    response = client.get(reverse("events:attachment", args=[attachment.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="paevakord.pdf"' in response["Content-Disposition"]
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion is committed
        assert client.post(reverse("events:attachment_delete", args=[attachment.pk])).status_code == 302
    assert not EventAttachment.objects.exists() and not default_storage.exists(attachment.file.name)


def test_a_refused_upload_is_explained_and_nothing_is_stored(client, member, event):
    client.force_login(member("tartu", "coordinator"))
    response = upload(client, event, name="paevakord.pdf", content=b"MZ\x90\x00 not a pdf")
    assert response.status_code == 400
    assert "paevakord.pdf" in response.content.decode()
    assert not EventAttachment.objects.exists()


def test_readers_and_other_parties_cannot_upload(client, member, event):
    for user in (member("tartu", "viewer"), member("elvl", "coordinator"), member("parnu", "coordinator")):
        client.force_login(user)
        assert upload(client, event).status_code == 404
    assert not EventAttachment.objects.exists()


def test_personal_data_files_only_for_coordinators_with_personal_data_access(client, member, event):
    client.force_login(member("tartu", "coordinator"))
    upload(client, event, name="osalejad.pdf", kind="attendance_sheet")
    upload(client, event, name="foto.png", content=PNG, personal_data="on")
    upload(client, event, name="paevakord.pdf")
    assert EventAttachment.objects.filter(personal_data=True).count() == 2
    sheet = EventAttachment.objects.get(original_name="osalejad.pdf")
    url = reverse("events:attachment", args=[sheet.pk])

    client.force_login(member("tartu", "coordinator", register_access=True))
    assert client.get(url).status_code == 200
    assert "osalejad.pdf" in client.get(reverse("events:detail", args=[event.pk])).content.decode()
    for user in (member("elvl", "admin"), member("ministry", "ministry_reader"), member("tartu", "viewer")):
        client.force_login(user)
        assert client.get(url).status_code == 404
        page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
        assert "osalejad.pdf" not in page and "foto.png" not in page and "paevakord.pdf" in page


def test_deleting_the_event_deletes_its_files(client, member, event, django_capture_on_commit_callbacks):
    client.force_login(member("tartu", "coordinator"))
    upload(client, event)
    name = EventAttachment.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:delete", args=[event.pk]))
    assert not default_storage.exists(name)
