"""Text extraction of uploaded document versions (issue 12), by the background worker (the test settings'
ImmediateBackend runs the task when the upload's transaction commits).

Real files: a PDF written by WeasyPrint, a DOCX by python-docx, an ODT by odfpy, a TXT in UTF-8 and in
Windows-1257. A damaged PDF, an encrypted PDF and a DOCX that unpacks past the limit fail with their
reason; an image has no text to extract; a text past the length limit is cut there.
"""

import io
import zipfile

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.core.search import search
from loim.network import extraction
from loim.network.documents import DocumentInput, document_create
from loim.network.extraction import extract
from loim.network.models import DocumentVersion, TextProblem, TextState

SENTENCE = "Koolitusel arutati Õppereisi ja Мария Иванова tööd"


def pdf_bytes(text=SENTENCE) -> bytes:
    return weasyprint.HTML(string=f"<h1>Protokoll</h1><p>{text}</p>").write_pdf()


def docx_bytes(text=SENTENCE) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Protokoll", level=1)
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Osalejad"
    table.rows[0].cells[1].text = "12"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(text=SENTENCE) -> bytes:
    from odf import text as odftext
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.text.addElement(odftext.H(outlinelevel=1, text="Protokoll"))
    document.text.addElement(odftext.P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def test_a_pdf_written_by_weasyprint():
    result = extract(io.BytesIO(pdf_bytes()), ".pdf")
    assert result.state == TextState.DONE
    assert result.text.split("\n") == ["Protokoll", SENTENCE]


def test_a_docx_written_by_python_docx_with_its_table():
    result = extract(io.BytesIO(docx_bytes()), ".docx")
    assert (result.state, result.text) == (TextState.DONE, f"Protokoll\n{SENTENCE}\nOsalejad 12")


def test_an_odt_written_by_odfpy():
    result = extract(io.BytesIO(odt_bytes()), ".odt")
    assert (result.state, result.text) == (TextState.DONE, f"Protokoll\n{SENTENCE}")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1257"])
def test_a_text_file(encoding):
    result = extract(io.BytesIO("Õppereis Pärnus\n".encode(encoding)), ".txt")
    assert (result.state, result.text) == (TextState.DONE, "Õppereis Pärnus")


def test_a_damaged_pdf_fails_as_damaged():
    result = extract(io.BytesIO(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nthis is not a PDF"), ".pdf")
    assert (result.state, result.problem, result.text) == (TextState.FAILED, TextProblem.MALFORMED, "")


def test_an_encrypted_pdf_fails_as_encrypted():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password="salajane", owner_password="omanik", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    result = extract(io.BytesIO(out.getvalue()), ".pdf")
    assert (result.state, result.problem) == (TextState.FAILED, TextProblem.ENCRYPTED)


def test_a_docx_unpacking_past_the_limit_fails_as_too_large(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_UNPACKED_BYTES", 1000)
    source = io.BytesIO(docx_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<w:p/>" * 500 + b"</w:body>")  # 3000 bytes > 1000
            bomb.writestr(item, data)
    result = extract(io.BytesIO(out.getvalue()), ".docx")
    assert (result.state, result.problem) == (TextState.FAILED, TextProblem.TOO_LARGE)


def test_a_broken_docx_and_an_image():
    assert extract(io.BytesIO(b"PK\x03\x04 not really"), ".docx").problem == TextProblem.MALFORMED
    assert extract(io.BytesIO(b"\x89PNG\r\n\x1a\n"), ".png").state == TextState.NOT_APPLICABLE


def test_the_text_is_cut_at_the_limit(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_CHARS", 20)
    result = extract(io.BytesIO("üks kaks kolm neli viis kuus seitse".encode()), ".txt")
    assert (result.text, result.truncated) == ("üks kaks kolm neli v", True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def upload_document(programme, member, name, content, **kwargs):
    data = DocumentInput(kind="guidance", title=kwargs.pop("title", "Juhend"), language="et", visibility="all_networks")
    return document_create(
        party=programme["elvl"],
        data=data,
        upload=SimpleUploadedFile(name, content),
        user=member("elvl", "coordinator"),
    )


def test_an_upload_is_extracted_by_the_worker_and_found_by_a_word_inside(
    media, programme, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = upload_document(programme, member, "protokoll.pdf", pdf_bytes("Kohtumisel räägiti lõimumiskavast"))
    version = DocumentVersion.objects.get(document=document)
    assert (version.text_state, version.text_problem) == (TextState.DONE, "")
    hits = search(member("parnu", "viewer"), "lõimumiskava").groups[0].hits
    assert [hit.title for hit in hits] == ["Juhend"]


def test_editors_see_why_the_text_could_not_be_read_viewers_do_not(
    media, programme, member, client, django_capture_on_commit_callbacks
):
    damaged = b"%PDF-1.7\nnot a real pdf at all"
    with django_capture_on_commit_callbacks(execute=True):
        document = upload_document(programme, member, "katki.pdf", damaged)
    assert DocumentVersion.objects.get(document=document).text_state == TextState.FAILED
    url = reverse("network:document_detail", args=[document.pk])
    client.force_login(member("elvl", "coordinator"))
    page = client.get(url).content.decode()
    assert "teksti lugemine ebaõnnestus: Fail on vigane" in page
    client.force_login(member("elvl", "viewer"))
    assert "Fail on vigane" not in client.get(url).content.decode()


def test_the_command_reads_the_versions_still_waiting(media, programme, member):
    import io as io_module

    from django.core.management import call_command

    document = upload_document(programme, member, "juhend.txt", "Lõimumiskava ja keelekohvik".encode())
    version = DocumentVersion.objects.get(document=document)
    assert version.text_state == TextState.PENDING  # no commit in this test: the task never ran
    out = io_module.StringIO()
    call_command("extract_text", stdout=out)
    version.refresh_from_db()
    assert (version.text_state, version.text) == (TextState.DONE, "Lõimumiskava ja keelekohvik")
    assert out.getvalue() == "Text extraction: done: 1.\n"
    call_command("extract_text", stdout=out)
    assert out.getvalue().endswith("Text extraction: nothing to do.\n")
