"""The translation exchange names languages and texts in words (polish): a file in another language
uploaded through the import pages is refused with the languages' names in the UI language, never
their codes, and nothing is written.

Hand-worked: Tartu's "Bussikaart" (a service: name, summary, steps, cost; text version 1) and its
public event "Keelekohvik" (title; text version 1). The XLIFF files below are written by hand as XML
text. A file whose trgLang is "ru" uploaded as English reads, in Estonian, "Faili sihtkeel on vene
keel, valitud sihtkeel aga inglise keel." (the language choices' own names: core's catalogue "Russian"
→ "vene keel", "English" → "inglise keel"), in English "The file's target language is Russian, but the
language chosen is English.". A file from Russian (srcLang "ru-RU") into English reads "Faili lähtekeel
on vene keel, mitte eesti keel." / "The file's source language is Russian, not Estonian.".
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from loim.core.translation_files import Batch, Unit, read_po
from loim.core.vocabulary import language_name
from loim.events.models import EventTranslation
from loim.services.exchange import import_batch
from loim.services.models import ServiceTranslation
from tests.events.helpers import make_event
from tests.services.helpers import make_service


def xliff(*, source: str, target: str, units: list[tuple[str, str, str]]) -> bytes:
    body = "".join(
        f'<unit id="{uid}"><segment><source>{src}</source><target>{trg}</target></segment></unit>'
        for uid, src, trg in units
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="{source}" trgLang="{target}">'
        f'<file id="f1">{body}</file></xliff>'
    ).encode()


@pytest.fixture
def tartu(programme, member):
    user = member("tartu")
    service = make_service(programme["tartu"], user=user, name="Bussikaart")
    event = make_event(programme["tartu"], title="Keelekohvik", is_public=True)
    return service, event, user


def refused(client, url, content: bytes, *, language="en", ui=None) -> tuple[list[str], str]:
    """The import page's messages at the file field for an upload refused (400), and the page."""
    upload = SimpleUploadedFile("tolge.xlf", content, content_type="application/xliff+xml")
    extra = {"HTTP_ACCEPT_LANGUAGE": ui} if ui else {}
    response = client.post(url, {"language": language, "file": upload}, **extra)
    assert response.status_code == 400
    return response.context["import_form"].errors["file"], response.content.decode()


def test_a_russian_file_uploaded_as_english_names_both_languages_in_words(tartu, client):
    service, _event, user = tartu
    client.force_login(user)
    content = xliff(source="et", target="ru", units=[(f"service.{service.pk}.v1.name", "Bussikaart", "Проездной")])
    url = reverse("services:import")
    assert refused(client, url, content)[0] == ["Faili sihtkeel on vene keel, valitud sihtkeel aga inglise keel."]
    messages, page = refused(client, url, content, ui="en")
    assert messages == ["The file's target language is Russian, but the language chosen is English."]
    assert "“ru”" not in page and "„ru“" not in page and "(“en”)" not in page
    assert not ServiceTranslation.objects.exists()


def test_the_events_import_page_says_the_same(tartu, client):
    _service, event, user = tartu
    client.force_login(user)
    content = xliff(source="et", target="uk-UA", units=[(f"event.{event.pk}.v1.title", "Keelekohvik", "Кафе")])
    url = reverse("events:translations_import")
    assert refused(client, url, content, language="ru")[0] == [
        "Faili sihtkeel on ukraina keel, valitud sihtkeel aga vene keel."
    ]
    assert refused(client, url, content, language="ru", ui="en")[0] == [
        "The file's target language is Ukrainian, but the language chosen is Russian."
    ]
    assert not EventTranslation.objects.exists()


def test_a_file_from_another_source_language_names_it(tartu, client):
    service, _event, user = tartu
    client.force_login(user)
    content = xliff(source="ru-RU", target="en", units=[(f"service.{service.pk}.v1.name", "Проездной", "Bus card")])
    url = reverse("services:import")
    assert refused(client, url, content)[0] == ["Faili lähtekeel on vene keel, mitte eesti keel."]
    assert refused(client, url, content, ui="en")[0] == ["The file's source language is Russian, not Estonian."]
    assert not ServiceTranslation.objects.exists()


def test_language_names_beyond_the_programmes_and_unknown_tags():
    with translation.override("et"):
        assert language_name("RU") == "vene keel"
        assert language_name("de-DE") == "saksa"  # Django's own name
        assert language_name("xx") == "tundmatu keel („xx“)"  # the file's tag, as written
    with translation.override("en"):
        assert language_name("ru_RU") == "Russian"
        assert language_name("de") == "German"
        assert language_name("xx") == "an unknown language (“xx”)"


def test_a_missing_required_text_is_named_in_words(tartu):
    service, _event, user = tartu
    # The name's unit is in the file with an empty target: a new translation needs a name and a summary.
    batch = Batch("et", "en", [Unit(id=f"service.{service.pk}.v1.name", source="Bussikaart", target="")])
    with translation.override("et"), pytest.raises(ValidationError) as refused:
        import_batch(user, batch=batch, language="en")
    assert refused.value.messages == [
        f"Bussikaart: tõlkes peab olema välja „Nimetus“ tõlge (üksus service.{service.pk}.v1.name).",
        f"Bussikaart: tõlkes peab olema välja „Sisu“ tõlge (üksus service.{service.pk}.v1.summary).",
    ]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        import_batch(user, batch=batch, language="en")
    assert refused.value.messages[1] == (
        f"Bussikaart: the translation needs a text for “What it is” (unit service.{service.pk}.v1.summary)."
    )
    assert not ServiceTranslation.objects.exists()


def test_an_unreadable_po_file_names_the_line_not_the_parser():
    with translation.override("et"), pytest.raises(ValidationError) as refused:
        read_po(b'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "a"\nmsgstr "b"\nxx\n')
    assert refused.value.messages == ["Fail ei ole loetav PO-fail (rida 7)."]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        read_po(b"\xff\xfemsgid")
    assert refused.value.messages == ["The file is not a readable PO file: it is not in UTF-8."]
