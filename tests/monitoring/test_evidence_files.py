"""Evidence files of values entered by hand are checked by content, as event attachments are (the one
sniffer in core.uploads): an HTML page named "toend.pdf" is refused (issue 10, §4)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.monitoring.models import ManualValue
from loim.monitoring.services import manual_value_save

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def author(member):
    return member("tartu", "coordinator")


def save(scenario, upload, author):
    return manual_value_save(
        party=scenario["parties"]["tartu"],
        year=2024,
        indicator_key="local-networks",
        value=2,
        evidence="Protokoll",
        author=author,
        evidence_file=upload,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("toend.pdf", HTML),
        ("toend.png", PDF),
        ("toend.docx", b"PK\x03\x04 not really a zip"),
        ("toend.xlsx", docx()),  # a Word file renamed
        ("toend.txt", b"\x00\x01\x02binary\x00"),
        ("toend.exe", b"MZ\x90\x00"),
    ],
)
def test_a_file_whose_content_is_not_its_type_is_refused(scenario, author, name, content):
    with pytest.raises(ValidationError) as excinfo:
        save(scenario, SimpleUploadedFile(name, content), author)
    assert "evidence_file" in excinfo.value.message_dict
    assert ManualValue.objects.get().evidence_file.name in ("", None)  # the scenario's value is unchanged


@pytest.mark.parametrize(
    ("name", "content"),
    [("toend.pdf", PDF), ("toend.docx", docx()), ("toend.txt", "Võrgustiku koosoleku protokoll".encode())],
)
def test_a_real_file_is_kept(scenario, author, name, content):
    record = save(scenario, SimpleUploadedFile(name, content), author)
    assert record.evidence_file_name == name and record.evidence_file.read() == content


def test_the_page_names_the_field(client, scenario, member):
    client.force_login(member("tartu", "coordinator"))
    url = reverse("monitoring:manual_values", kwargs={"year": 2024})
    data = {
        "indicator_key": "local-networks",
        "party": scenario["parties"]["tartu"].pk,
        "value": "2",
        "evidence": "Protokoll",
        "evidence_file": SimpleUploadedFile("toend.pdf", HTML),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "evidence_file" in response.context["form"].errors
    assert ManualValue.objects.get().value == 1
