"""XLIFF 2.0 and PO out and in (issue 13): a round trip parsed by a real XML parser, refusal of units
whose source changed since export, unknown ids, another party's ids, a wrong target language,
malformed XML and an entity attack — each a clear message, nothing written.

Hand-worked: Tartu's "Bussikaart" has name, summary, steps and cost (4 units, text version 1). The
export into English holds those 4 units with empty targets; the file translated back writes one
English translation made from version 1, up to date.
"""

import defusedxml.minidom
import polib
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.core.translation_files import XLIFF_NS, Batch, Unit, read_po, read_xliff, write_po, write_xliff
from loim.services.exchange import export_batch, import_batch
from loim.services.models import ServiceTranslation
from loim.services.services import service_update
from tests.services.helpers import make_service, service_input


def translated(batch: Batch, prefix="EN ") -> Batch:
    units = [Unit(id=u.id, source=u.source, target=prefix + u.source) for u in batch.units]
    return Batch(source_language=batch.source_language, target_language=batch.target_language, units=units)


@pytest.fixture
def bus_card(programme, member):
    user = member("tartu")
    return make_service(programme["tartu"], user=user, name="Bussikaart"), user


def test_export_is_xliff_2_0_read_by_a_real_parser(bus_card):
    service, user = bus_card
    content = write_xliff(export_batch(user, language="en"))
    document = defusedxml.minidom.parseString(content)  # expat, a real parser
    root = document.documentElement
    assert (root.tagName, root.namespaceURI, root.getAttribute("version")) == ("xliff", XLIFF_NS, "2.0")
    assert (root.getAttribute("srcLang"), root.getAttribute("trgLang")) == ("et", "en")
    ids = [u.getAttribute("id") for u in document.getElementsByTagNameNS(XLIFF_NS, "unit")]
    assert ids == [f"service.{service.pk}.v1.{field}" for field in ("name", "summary", "steps", "cost")]
    sources = [s.firstChild.data for s in document.getElementsByTagNameNS(XLIFF_NS, "source")]
    assert sources[0] == "Bussikaart" and sources[2] == "Broneerige aeg.\nTulge teenindusse."


def test_round_trip_writes_an_up_to_date_translation(bus_card):
    service, user = bus_card
    batch = read_xliff(write_xliff(translated(export_batch(user, language="en"))))
    done = import_batch(user, batch=batch, language="en")
    assert (done.services, done.units, done.empty) == (1, 4, 0)
    translation = ServiceTranslation.objects.get(service=service, language="en")
    assert (translation.name, translation.steps) == ("EN Bussikaart", "EN Broneerige aeg.\nTulge teenindusse.")
    assert (translation.source_version, translation.status) == (1, "up_to_date")
    # nothing left to do in English: the next export of what is to do is empty
    assert export_batch(user, language="en").units == []


def test_po_round_trip_and_machine_mark(bus_card):
    service, user = bus_card
    content = write_po(translated(export_batch(user, language="uk"), "UK "))
    parsed = polib.pofile(content.decode())
    assert parsed.metadata["Language"] == "uk" and parsed[0].msgctxt == f"service.{service.pk}.v1.name"
    import_batch(user, batch=read_po(content), language="uk", machine_made=True)
    assert ServiceTranslation.objects.get(service=service, language="uk").status == "machine"


def test_a_unit_whose_source_changed_since_export_is_refused(bus_card):
    service, user = bus_card
    exported = translated(export_batch(user, language="en"))
    service_update(service=service, data=service_input(service.provider, name="Bussikaart Tartus"), user=user)
    with pytest.raises(ValidationError) as refused:
        import_batch(user, batch=exported, language="en")
    messages = refused.value.messages
    assert len(messages) == 4 and f"service.{service.pk}.v1.name" in messages[0]
    assert "versioon 1, nüüd 2" in messages[0]
    assert not ServiceTranslation.objects.exists()


def test_unknown_and_another_partys_ids_are_refused_naming_the_unit(bus_card, programme):
    service, user = bus_card
    other = make_service(programme["parnu"], name="Pärnu teenus")
    units = [
        Unit(id=f"service.{service.pk}.v1.name", source="Bussikaart", target="Bus card"),
        Unit(id=f"service.{service.pk}.v1.summary", source="…", target="A card."),
        Unit(id="service.987654.v1.name", source="x", target="y"),
        Unit(id=f"service.{other.pk}.v1.name", source="Pärnu teenus", target="Pärnu service"),
        Unit(id="event.1.v1.title", source="x", target="y"),
    ]
    with pytest.raises(ValidationError) as refused:
        import_batch(user, batch=Batch("et", "en", units), language="en")
    text = " ".join(refused.value.messages)
    assert "service.987654.v1.name" in text and f"service.{other.pk}.v1.name" in text and "event.1.v1.title" in text
    assert not ServiceTranslation.objects.exists()


def test_a_wrong_target_language_is_refused(bus_card):
    _service, user = bus_card
    batch = translated(export_batch(user, language="ru"))
    with pytest.raises(ValidationError) as refused:
        import_batch(user, batch=batch, language="en")
    assert refused.value.messages == ["Faili sihtkeel on vene keel, valitud sihtkeel aga inglise keel."]
    assert not ServiceTranslation.objects.exists()


def test_malformed_xml_names_the_line():
    with pytest.raises(ValidationError) as refused:
        read_xliff(b'<?xml version="1.0"?>\n<xliff version="2.0">\n<file>\n</xliff>\n')
    assert "rida 4" in refused.value.messages[0]


def test_an_entity_attack_is_refused():
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="et" trgLang="en">&b;</xliff>'
    )
    with pytest.raises(ValidationError) as refused:
        read_xliff(bomb)
    assert "DTD" in refused.value.messages[0]


def test_export_and_translator_view_hold_only_the_users_own_services(bus_card, programme, client):
    _service, user = bus_card
    make_service(programme["parnu"], name="Pärnu linna teenus")
    client.force_login(user)
    exported = client.get(reverse("services:export"), {"language": "en", "only_to_do": "on", "file_format": "xliff"})
    assert exported["Content-Type"].startswith("application/xliff+xml")
    assert b"Bussikaart" in exported.content and "Pärnu linna teenus".encode() not in exported.content
    page = client.get(reverse("services:translations")).content.decode()
    assert "Bussikaart" in page and "Pärnu linna teenus" not in page


def test_the_import_page_refuses_a_bad_file_with_a_message_and_saves_a_good_one(bus_card, client):
    service, user = bus_card
    client.force_login(user)
    url = reverse("services:import")
    bad = SimpleUploadedFile("tolge.xlf", b"<xliff", content_type="application/xliff+xml")
    response = client.post(url, {"language": "en", "file": bad})
    assert response.status_code == 400 and "ei ole korrektne XML" in response.content.decode()
    good = write_xliff(translated(export_batch(user, language="en")))
    response = client.post(url, {"language": "en", "file": SimpleUploadedFile("tolge.xlf", good)})
    assert response.status_code == 302
    assert ServiceTranslation.objects.get(service=service, language="en").name == "EN Bussikaart"
