"""The translator's view (issue 13): what is to do per language across the registered content types,
services and the platform's documents, for the user's own parties only.

Hand-worked: Tartu's "Bussikaart" has an English translation (up to date), a Russian draft (in
translation) and no Ukrainian (missing). Tartu's guidance document (Estonian, file version 1) has an
English translation made from version 1; a second file version makes it outdated, Russian and
Ukrainian are missing. Counts: English 1 outdated; Russian 1 missing + 1 in translation; Ukrainian 2
missing. Pärnu's service is not Tartu's to translate and is not listed.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.network.documents import DocumentInput, document_create, translation_add, version_add
from loim.services.services import TextInput, translation_save
from tests.services.helpers import make_service

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def pdf(name="juhend.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_translator_view_counts_services_and_documents_per_language(programme, member, client):
    user = member("tartu")
    service = make_service(programme["tartu"], name="Bussikaart")
    translation_save(service=service, language="en", text=TextInput(name="Bus card", summary="x"), made_from=1)
    translation_save(service=service, language="ru", text=TextInput(name="Карта", summary="x"), made_from=1, draft=True)
    make_service(programme["parnu"], name="Pärnu teenus")
    values = {"kind": "guidance", "title": "Juhend uussisserändajale", "language": "et", "visibility": "all_networks"}
    source = document_create(party=programme["tartu"], data=DocumentInput(**values), upload=pdf())
    translation_add(source=source, data=DocumentInput(**(values | {"language": "en", "title": "Guide"})), upload=pdf())
    version_add(document=source, upload=pdf("juhend-2.pdf"))

    client.force_login(user)
    response = client.get(reverse("services:translations"))
    counts = {row["label"]: row["cells"] for row in response.context["counts"]}
    # columns: missing, outdated, machine-made, in translation
    assert counts == {"inglise keel": [0, 1, 0, 0], "vene keel": [1, 0, 0, 1], "ukraina keel": [2, 0, 0, 0]}
    titles = [row["item"].title for row in response.context["items"]]
    assert sorted(titles) == ["Bussikaart", "Juhend uussisserändajale"]

    only = client.get(reverse("services:translations"), {"language": "en", "status": "outdated"})
    assert [row["item"].title for row in only.context["items"]] == ["Juhend uussisserändajale"]
