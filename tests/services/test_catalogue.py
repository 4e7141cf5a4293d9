"""The service catalogue (issue 13): texts versioned for translation, outdated translations, the
stale-edit refusal, "mark as checked", what is refused, and the list's filters and query count.

Hand-worked: Tartu describes "Isikukoodi taotlemine" (text version 1) and translates it into English,
Russian and Ukrainian from version 1: all three are up to date. Changing its phone keeps text version
1 (a phone is not translated); changing its steps makes it 2, so the three translations (made from 1)
are outdated, while a language never translated stays missing.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loim.core.translations import TranslationStatus, status_from, statuses
from loim.core.versioning import StaleVersion
from loim.inquiries.models import Topic
from loim.places.models import County, Municipality
from loim.services.models import Service
from loim.services.services import (
    ServiceInput,
    TextInput,
    service_check,
    service_create,
    service_update,
    translation_save,
)
from tests.services.helpers import make_service, provider, service_input


def translate_all(service, user=None):
    for language in ("en", "ru", "uk"):
        translation_save(
            service=service,
            language=language,
            text=TextInput(name=f"{language}: {service.name}", summary=f"{language} summary"),
            made_from=service.source_version,
            user=user,
        )


def test_status_rule():
    assert status_from(exists=False, draft=False, machine_made=False, made_from=None, current=1) == "missing"
    assert status_from(exists=True, draft=True, machine_made=False, made_from=1, current=2) == "in_translation"
    assert status_from(exists=True, draft=False, machine_made=True, made_from=1, current=2) == "outdated"
    assert status_from(exists=True, draft=False, machine_made=True, made_from=2, current=2) == "machine"
    assert status_from(exists=True, draft=False, machine_made=False, made_from=2, current=2) == "up_to_date"


def test_editing_the_estonian_text_outdates_the_three_translations(programme, member):
    user = member("tartu")
    service = make_service(programme["tartu"], user=user, name="Isikukoodi taotlemine")
    assert service.source_version == 1
    translate_all(service, user)
    assert set(statuses(service, service.translations.all()).values()) == {TranslationStatus.UP_TO_DATE}

    data = service_input(service.provider, name="Isikukoodi taotlemine", phone="+372 736 1111")
    service = service_update(service=service, data=data, user=user)
    assert (service.source_version, service.version) == (1, 2)  # a phone is not translated
    assert set(statuses(service, service.translations.all()).values()) == {TranslationStatus.UP_TO_DATE}

    changed = TextInput(name="Isikukoodi taotlemine", summary=data.text.summary, steps="Broneerige aeg veebis.")
    service = service_update(service=service, data=ServiceInput(provider=service.provider, text=changed), user=user)
    assert (service.source_version, service.version) == (2, 3)
    assert statuses(service, service.translations.all()) == dict.fromkeys(
        ("en", "ru", "uk"), TranslationStatus.OUTDATED
    )


def test_a_language_never_translated_is_missing_and_a_machine_translation_marked(programme):
    service = make_service(programme["parnu"])
    translation_save(
        service=service, language="en", text=TextInput(name="ID code", summary="x"), made_from=1, machine_made=True
    )
    translation_save(service=service, language="ru", text=TextInput(name="Код", summary="x"), made_from=1, draft=True)
    assert statuses(service, service.translations.all()) == {"en": "machine", "ru": "in_translation", "uk": "missing"}


def test_a_translation_made_from_an_older_text_version_is_refused(programme, member):
    user = member("tartu")
    service = make_service(programme["tartu"], user=user)
    service_update(service=service, data=service_input(service.provider, name="Uus nimi"), user=user)
    with pytest.raises(ValidationError) as refused:
        translation_save(service=service, language="en", text=TextInput(name="x", summary="y"), made_from=1, user=user)
    assert refused.value.error_list[0].code == "source_changed"
    assert not service.translations.exists()


def test_the_source_language_is_no_target(programme):
    service = make_service(programme["tartu"])
    with pytest.raises(ValidationError):
        translation_save(service=service, language="et", text=TextInput(name="x", summary="y"), made_from=1)


def test_a_stale_edit_is_refused_and_writes_nothing(programme, member):
    user = member("tartu")
    service = make_service(programme["tartu"], user=user, name="Bussikaart")
    service_update(
        service=Service.objects.get(pk=service.pk), data=service_input(service.provider, name="Bussikaart 2"), user=user
    )
    with pytest.raises(StaleVersion):
        service_update(
            service=service, data=service_input(service.provider, name="Bussikaart 3"), user=user, expected_version=1
        )
    assert Service.objects.get(pk=service.pk).name == "Bussikaart 2"


def test_stale_edit_page_shows_the_difference(programme, member, client):
    user = member("tartu")
    service = make_service(programme["tartu"], user=user, name="Elukoha registreerimine")
    service_update(
        service=service, data=service_input(service.provider, name="Elukoha registreerimine Tartus"), user=user
    )
    client.force_login(user)
    response = client.post(
        reverse("services:edit", kwargs={"pk": service.pk}),
        {"provider": service.provider_id, "name": "Minu nimi", "summary": "s", "area": "national", "version": 1},
    )
    assert response.status_code == 409
    assert "Elukoha registreerimine Tartus" in response.content.decode()
    assert Service.objects.get(pk=service.pk).name == "Elukoha registreerimine Tartus"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"provider": None}, "provider"),
        ({"area": "county"}, "county"),
        ({"area": "municipalities"}, "municipalities"),
        ({"links": ["ftp://example.ee"]}, "links"),
        ({"phone": "12-34"}, "phone"),
        ({"text": TextInput(name="", summary="x")}, "name"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_written(programme, kwargs, field):
    org = provider(programme["tartu"])
    data = service_input(kwargs.pop("provider", org), **kwargs)
    with pytest.raises(ValidationError) as refused:
        service_create(party=programme["tartu"], data=data)
    assert field in refused.value.message_dict
    assert not Service.objects.exists()


def test_a_merged_provider_is_refused(programme):
    kept, duplicate = provider(programme["elvl"], "Töötukassa"), provider(programme["elvl"], "Töötukassa (topelt)")
    duplicate.merged_into = kept
    duplicate.save()
    with pytest.raises(ValidationError) as refused:
        service_create(party=programme["tartu"], data=service_input(duplicate))
    assert "provider" in refused.value.message_dict


def test_mark_as_checked_records_who_and_when_and_refuses_a_stale_page(programme, member, client):
    user = member("tartu")
    service = make_service(programme["tartu"])
    Service.objects.filter(pk=service.pk).update(confirmed_on=dt.date(2023, 1, 9), confirmed_by=None)
    service.refresh_from_db()
    assert service.confirmation_due()
    client.force_login(user)
    response = client.post(reverse("services:check", kwargs={"pk": service.pk}), {"version": service.version})
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.confirmed_by, service.confirmation_due(), service.version) == (user, False, 2)
    with pytest.raises(StaleVersion):
        service_check(service=Service.objects.get(pk=service.pk), user=user, expected_version=1)


def test_the_list_filters_by_topic_municipality_and_provider(programme, member, client):
    tartu, parnu = Municipality.objects.get(name="Tartu linn"), Municipality.objects.get(name="Pärnu linn")
    topic = Topic.objects.filter(parent__isnull=True).order_by("order").first()
    org = provider(programme["elvl"], "Politsei- ja Piirivalveamet")
    national = make_service(programme["elvl"], name="Isikukood (üle riigi)", topics=[topic])
    in_county = service_create(
        party=programme["tartu"],
        data=service_input(
            org, name="Tartumaa bussikaart", area="county", county=County.objects.get(pk=tartu.county_id)
        ),
    )
    in_parnu = make_service(
        programme["parnu"], name="Pärnu elukoha registreerimine", area="municipalities", municipalities=[parnu]
    )
    client.force_login(member("tartu", "viewer"))

    def names(**query):
        response = client.get(reverse("services:list"), query)
        return {row["service"].name for row in response.context["rows"]}

    assert names() == {national.name, in_county.name, in_parnu.name}
    assert names(municipality=tartu.pk) == {national.name, in_county.name}
    assert names(municipality=parnu.pk) == {national.name, in_parnu.name}
    assert names(topic=topic.pk) == {national.name}
    assert names(provider=org.pk) == {in_county.name}


def test_the_list_runs_the_same_number_of_queries_for_3_and_30_services(programme, member, client):
    client.force_login(member("tartu", "viewer"))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("services:list")).status_code == 200
        return len(captured)

    for _ in range(3):
        translate_all(make_service(programme["tartu"]))
    few = queries()
    for _ in range(27):
        translate_all(make_service(programme["parnu"]))
    assert queries() == few


def test_the_translate_page_shows_the_estonian_source_and_saves(programme, member, client):
    user = member("tartu")
    service = make_service(programme["tartu"], name="Bussikaardi taotlemine")
    client.force_login(user)
    url = reverse("services:translate", kwargs={"pk": service.pk, "language": "ru"})
    page = client.get(url).content.decode()
    assert "Bussikaardi taotlemine" in page and 'lang="et"' in page
    response = client.post(url, {"name": "Оформление проездной карты", "summary": "Карта.", "made_from": 1})
    assert response.status_code == 302
    translation = service.translations.get(language="ru")
    assert (translation.status, translation.reviewed_by) == ("up_to_date", user)
    # the same page, loaded before an Estonian change, is refused with the new source shown
    service_update(
        service=service, data=service_input(service.provider, name="Bussikaardi taotlemine Tartus"), user=user
    )
    refused = client.post(url, {"name": "Другое", "summary": "Карта.", "made_from": 1, "version": translation.version})
    assert refused.status_code == 400
    assert "tekst muutus tõlkimise ajal" in refused.content.decode()
    assert service.translations.get(language="ru").name == "Оформление проездной карты"
