"""Text refuses control characters where it comes in (issue 10, §2 and §4): one validator on every
text field of every Lõim model, so the services' full_clean refuses it for forms, imports and the API
alike, naming the field."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from loim.core.validators import loim_models, text_fields, validate_no_control_characters
from loim.events.models import Event
from loim.events.services import event_create
from loim.inquiries.models import Inquiry
from tests.events.helpers import event_input
from tests.events.test_api import payload
from tests.events.test_views import form_data
from tests.inquiries.helpers import make_inquiry
from tests.register.factories import make_person

REFUSED = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f"]
ALLOWED = ["", "Tab\there", "Rida\nteine\r\nkolmas", "Õun ja šokolaad", "Привіт 👋", "\x7f", "\u200b"]


@pytest.mark.parametrize("character", REFUSED)
def test_the_validator_refuses_c0_controls_naming_the_character(character):
    with pytest.raises(ValidationError) as excinfo:
        validate_no_control_characters(f"Pealkiri{character}lõpp")
    assert f"U+{ord(character):04X}" in excinfo.value.messages[0]
    assert "9" in excinfo.value.messages[0]  # the position, counted from 1


@pytest.mark.parametrize("text", ALLOWED)
def test_the_validator_lets_ordinary_text_through(text):
    validate_no_control_characters(text)


def test_every_text_field_of_every_model_carries_it():
    fields = [(model, field) for model in loim_models() for field in text_fields(model)]
    assert len(fields) > 80  # the check looks at the real models, not an empty list
    missing = [f"{m._meta.label}.{f.name}" for m, f in fields if validate_no_control_characters not in f.validators]
    assert missing == []


def test_the_event_service_names_the_field(programme):
    with pytest.raises(ValidationError) as excinfo:
        event_create(data=event_input(programme["tartu"], title="=HYPERLINK\x01", description="ok\x00"))
    assert {"title", "description"} <= set(excinfo.value.message_dict)
    assert not Event.objects.exists()


def test_the_event_form_names_the_field(client, member, programme):
    client.force_login(member("tartu", "coordinator"))
    response = client.post(reverse("events:create"), form_data(party=programme["tartu"].pk, title="Klubi\x01"))
    assert response.status_code == 200 and "title" in response.context["form"].errors
    assert not Event.objects.exists()


def test_the_event_api_names_the_field(client, member):
    client.force_login(member("tartu", "coordinator"))
    response = client.post(reverse("v1:event-list"), payload(title="Klubi\x1b"), content_type="application/json")
    assert response.status_code == 400 and "title" in response.json(), response.json()
    assert not Event.objects.exists()


def test_an_inquiry_note_with_a_nul_byte_is_refused(programme):
    with pytest.raises(ValidationError) as excinfo:
        make_inquiry(programme["tartu"], note="märge\x00")
    assert "note" in excinfo.value.message_dict
    assert not Inquiry.objects.exists()


def test_the_inquiry_api_names_the_field(client, member):
    from tests.inquiries.test_api import payload as inquiry_payload

    client.force_login(member("tartu"))
    response = client.post("/api/v1/inquiries/", inquiry_payload(note="märge\x01"), content_type="application/json")
    assert response.status_code == 400 and "note" in response.json(), response.json()


def test_a_register_name_with_a_control_character_is_refused(programme):
    with pytest.raises(ValidationError) as excinfo:
        make_person(programme["tartu"], name="Olena\x08 Testova")
    assert "name" in excinfo.value.message_dict


def test_the_fields_own_validators_stay():
    """Adding ours must not drop the maximum length CharField gives itself."""
    from django.core.validators import MaxLengthValidator

    for model in loim_models():
        for field in text_fields(model):
            if getattr(field, "max_length", None) and type(field).__name__ in ("CharField", "SlugField"):
                assert any(isinstance(v, MaxLengthValidator) for v in field.validators), field
