"""The journey's translate page through the one translate page (core.translations.pages): an existing
translation is changed as a browser sends the form, the page carrying each hidden field once (the
version is `core/_conflict.html`'s; docs/decisions.md "Debt — one translation mechanism")."""

import re

from django.urls import reverse

from loim.services import journeys
from loim.services.journey_models import JourneyTranslation


def test_an_existing_journey_translation_is_changed_through_its_page(programme, member, client):
    user = member("tartu")
    journey = journeys.journey_create(
        party=programme["tartu"],
        data=journeys.JourneyInput(title="Esimesed sammud Tartus", municipality=programme["tartu"].municipality),
        user=user,
    )
    stage = journeys.stage_add(journey=journey, data=journeys.StageInput(kind="arrival", title="Saabumine"))
    journey.refresh_from_db()
    journeys.journey_translation_save(
        journey=journey,
        language="en",
        text=journeys.JourneyTextInput(title="First steps"),
        made_from=journey.source_version,
    )
    client.force_login(user)
    url = reverse("services:journey_translate", kwargs={"pk": journey.pk, "language": "en"})
    page = client.get(url).content.decode()
    found = re.findall(r'<input type="hidden" name="(\w+)" value="(\d+)"', page)
    assert sorted(found) == [("made_from", str(journey.source_version)), ("version", "1")]
    hidden = dict(found)
    response = client.post(
        url, {**hidden, "title": "First steps in Tartu", "intro": "", f"stage_{stage.pk}_title": "Arrival"}
    )
    assert response.status_code == 302
    saved = JourneyTranslation.objects.get(journey=journey, language="en")
    assert (saved.title, saved.stage_value(stage.pk, "title"), saved.version) == ("First steps in Tartu", "Arrival", 2)
