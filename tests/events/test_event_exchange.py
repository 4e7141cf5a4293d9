"""XLIFF 2.0 and PO of public events' texts (issue 14), through core.translation_files.

Hand-worked: Tartu's public "Keelekohvik" has a title, a description and a cost, and no registration,
accessibility or directions: 3 units at text version 1 (`event.<pk>.v1.title` …). Tartu's event not
public and Pärnu's public event are in nobody's batch of Tartu. Translated into Russian and imported,
it is one Russian translation made from version 1, up to date; exported again with "only to do" the
batch is empty. After the Estonian cost changes (version 2) the old file is refused with a message
per unit, and nothing is written.
"""

import defusedxml.minidom
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.core.translation_files import XLIFF_NS, Batch, Unit, read_po, read_xliff, write_po, write_xliff
from loim.events.exchange import export_batch, import_batch
from loim.events.models import Event, EventTranslation
from tests.events.helpers import make_event
from tests.events.test_public_texts import update


def translated(batch: Batch, prefix="RU ") -> Batch:
    units = [Unit(id=u.id, source=u.source, target=prefix + u.source) for u in batch.units]
    return Batch(source_language=batch.source_language, target_language=batch.target_language, units=units)


@pytest.fixture
def cafe(programme, member):
    user = member("tartu")
    event = make_event(
        programme["tartu"], title="Keelekohvik", description="Räägime eesti keeles.", cost="tasuta", is_public=True
    )
    make_event(programme["tartu"], title="Sisekoosolek", description="Ainult meeskonnale.")
    make_event(programme["parnu"], title="Pärnu kohvik", is_public=True)
    return event, user


def test_xliff_round_trip_of_an_event(cafe):
    event, user = cafe
    content = write_xliff(export_batch(user, language="ru"))
    root = defusedxml.minidom.parseString(content).documentElement  # a real parser
    assert (root.namespaceURI, root.getAttribute("srcLang"), root.getAttribute("trgLang")) == (XLIFF_NS, "et", "ru")
    batch = read_xliff(content)
    assert [(u.id, u.source, u.target) for u in batch.units] == [
        (f"event.{event.pk}.v1.title", "Keelekohvik", ""),
        (f"event.{event.pk}.v1.description", "Räägime eesti keeles.", ""),
        (f"event.{event.pk}.v1.cost", "tasuta", ""),
    ]
    done = import_batch(user, batch=read_xliff(write_xliff(translated(batch))), language="ru")
    assert (done.events, done.units, done.empty) == (1, 3, 0)
    translation = EventTranslation.objects.get(event=event, language="ru")
    assert (translation.title, translation.cost, translation.source_version) == ("RU Keelekohvik", "RU tasuta", 1)
    assert translation.status == "up_to_date" and translation.reviewed_by == user
    assert export_batch(user, language="ru").units == []  # nothing left to do
    again = export_batch(user, language="ru", only_to_do=False).units
    assert [u.target for u in again] == ["RU Keelekohvik", "RU Räägime eesti keeles.", "RU tasuta"]


def test_po_round_trip_marked_machine_made(cafe):
    event, user = cafe
    content = write_po(translated(export_batch(user, language="uk"), "UK "))
    import_batch(user, batch=read_po(content), language="uk", machine_made=True)
    assert EventTranslation.objects.get(event=event, language="uk").status == "machine"


def test_a_unit_whose_event_changed_since_the_export_is_refused(cafe):
    event, user = cafe
    exported = translated(export_batch(user, language="en"))
    update(event, cost="5 eurot")
    with pytest.raises(ValidationError) as refused:
        import_batch(user, batch=exported, language="en")
    messages = refused.value.messages
    assert len(messages) == 3 and f"event.{event.pk}.v1.title" in messages[0]
    assert "versioon 1, nüüd 2" in messages[0]
    assert not EventTranslation.objects.exists()


def test_ids_of_another_party_a_non_public_event_or_a_service_are_refused(cafe, programme):
    event, user = cafe
    hidden = Event.objects.get(title="Sisekoosolek")
    other = Event.objects.get(title="Pärnu kohvik")
    units = [
        Unit(id=f"event.{event.pk}.v1.title", source="Keelekohvik", target="Language café"),
        Unit(id=f"event.{hidden.pk}.v1.title", source="Sisekoosolek", target="Meeting"),
        Unit(id=f"event.{other.pk}.v1.title", source="Pärnu kohvik", target="Pärnu café"),
        Unit(id="service.1.v1.name", source="x", target="y"),
    ]
    with pytest.raises(ValidationError) as refused:
        import_batch(user, batch=Batch("et", "en", units), language="en")
    text = " ".join(refused.value.messages)
    assert f"event.{hidden.pk}.v1.title" in text and f"event.{other.pk}.v1.title" in text
    assert "service.1.v1.name" in text and f"event.{event.pk}.v1.title" not in text
    assert not EventTranslation.objects.exists()


def test_same_source_and_target_language_is_refused(cafe):
    _event, user = cafe
    batch = translated(export_batch(user, language="en"))
    estonian = Batch("et", "et", batch.units)
    with pytest.raises(ValidationError) as refused:
        import_batch(user, batch=estonian, language="en")
    assert "eesti keel" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        import_batch(user, batch=estonian, language="et")
    assert not EventTranslation.objects.exists()


def test_the_pages_export_only_the_users_public_events_and_import_a_file(client, cafe):
    event, user = cafe
    client.force_login(user)
    assert client.get(reverse("events:translations_export")).status_code == 200
    response = client.get(
        reverse("events:translations_export"), {"language": "ru", "file_format": "xliff", "only_to_do": "on"}
    )
    body = response.content.decode()
    assert response["Content-Disposition"].startswith('attachment; filename="uritused-et-ru-')
    assert "Keelekohvik" in body and "Sisekoosolek" not in body and "Pärnu kohvik" not in body
    content = write_xliff(translated(read_xliff(response.content)))
    upload = SimpleUploadedFile("uritused.xlf", content, content_type="application/xliff+xml")
    done = client.post(reverse("events:translations_import"), {"language": "ru", "file": upload})
    assert done.status_code == 302
    assert EventTranslation.objects.get(event=event, language="ru").title == "RU Keelekohvik"
    bad = SimpleUploadedFile("uritused.xlf", b"<xliff", content_type="application/xliff+xml")
    refused = client.post(reverse("events:translations_import"), {"language": "ru", "file": bad})
    assert refused.status_code == 400 and "XML" in refused.content.decode()
