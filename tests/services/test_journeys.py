"""Adaptation journeys (issue 13): stages in order, translation statuses after a source edit, the
XLIFF/PO round trip of a journey through the same exchange as services, and the refusals.

Hand-worked: Tartu's journey "Esimesed sammud Tartus" is created at text version 1. Adding the stages
"Saabumine" (text "Tere tulemast.") and "Elukoha registreerimine" (no text) raises it to 2 and 3. An
English and a Russian translation are saved from version 3, a Ukrainian one as a draft: en and ru up
to date, uk in translation. Editing the text of "Saabumine" raises the version to 4: en and ru
outdated, uk still in translation (a draft stays a draft). Moving a stage, linking a service or
publishing changes no text: the version stays 4.

The English export of the journey at version 3 holds 4 units: the title, the introduction, the first
stage's title and text, the second stage's title (its text is empty) —
journey.<pk>.v3.title, .intro, .stage.<s1>.title, .stage.<s1>.text, .stage.<s2>.title.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loim.core.translation_files import Batch, Unit, read_po, read_xliff, write_po, write_xliff
from loim.network.documents import DocumentInput, document_create
from loim.services.exchange import export_batch, import_batch
from loim.services.journey_models import Journey, JourneyStage, JourneyTranslation
from loim.services.journey_selectors import journey_text, published_journeys
from loim.services.journeys import (
    JourneyInput,
    JourneyTextInput,
    StageInput,
    journey_create,
    journey_translation_save,
    journey_update,
    stage_add,
    stage_move,
    stage_remove,
    stage_update,
)
from loim.services.models import Service
from loim.services.services import service_update
from tests.queries import page_queries
from tests.services.helpers import make_service, service_input

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def document(party, title, visibility):
    data = DocumentInput(kind="guidance", title=title, language="et", visibility=visibility)
    return document_create(party=party, data=data, upload=SimpleUploadedFile("juhend.pdf", PDF, "application/pdf"))


@pytest.fixture
def tartu(programme, member):
    party = programme["tartu"]
    user = member("tartu")
    journey = journey_create(
        party=party,
        data=JourneyInput(
            title="Esimesed sammud Tartus", intro="Teekond Tartusse elama asujale.", municipality=party.municipality
        ),
        user=user,
    )
    first = stage_add(journey=journey, data=StageInput(kind="arrival", title="Saabumine", text="Tere tulemast."))
    second = stage_add(journey=journey, data=StageInput(kind="residence", title="Elukoha registreerimine"))
    journey.refresh_from_db()
    return journey, first, second, user


def translate(journey, language, title, *, draft=False, stages=None):
    journey.refresh_from_db()
    return journey_translation_save(
        journey=journey,
        language=language,
        text=JourneyTextInput(title=title, intro=f"{title}.", stages=stages or {}),
        made_from=journey.source_version,
        draft=draft,
    )


def statuses(journey):
    from loim.core.translations import statuses as of

    journey.refresh_from_db()
    return of(journey, journey.translations.all())


def test_a_stage_text_edit_outdates_the_translations_and_a_move_does_not(tartu, programme):
    journey, first, second, _user = tartu
    assert journey.source_version == 3
    translate(journey, "en", "First steps in Tartu", stages={first.pk: {"title": "Arrival", "text": "Welcome."}})
    translate(journey, "ru", "Первые шаги в Тарту")
    translate(journey, "uk", "Перші кроки в Тарту", draft=True)
    assert statuses(journey) == {"en": "up_to_date", "ru": "up_to_date", "uk": "in_translation"}

    stage_update(stage=first, data=StageInput(kind="arrival", title="Saabumine", text="Tere tulemast Tartusse."))
    assert statuses(journey) == {"en": "outdated", "ru": "outdated", "uk": "in_translation"}
    assert journey.source_version == 4

    service = make_service(programme["tartu"], name="Bussikaart")
    stage_update(stage=second, data=StageInput(kind="residence", title="Elukoha registreerimine", services=[service]))
    stage_move(stage=second, direction="up")
    journey_update(
        journey=journey,
        data=JourneyInput(
            title="Esimesed sammud Tartus",
            intro="Teekond Tartusse elama asujale.",
            municipality=journey.municipality,
            status="published",
        ),
    )
    journey.refresh_from_db()
    assert journey.source_version == 4 and journey.status == "published"
    assert list(journey.stages.values_list("title", "position")) == [
        ("Elukoha registreerimine", 1),
        ("Saabumine", 2),
    ]
    assert list(second.service_links.values_list("service__name", flat=True)) == ["Bussikaart"]


def test_title_edit_raises_the_text_version_status_alone_does_not(tartu):
    journey, *_rest, _user = tartu
    data = JourneyInput(title="Esimesed sammud Tartus", municipality=journey.municipality, status="published")
    journey_update(journey=journey, data=data)
    journey.refresh_from_db()
    assert journey.source_version == 4  # the introduction was emptied: a text change
    journey_update(journey=journey, data=JourneyInput(title=data.title, municipality=data.municipality, status="draft"))
    journey.refresh_from_db()
    assert journey.source_version == 4


def test_moves_swap_neighbours_and_stop_at_the_ends(tartu):
    journey, first, _second, _user = tartu
    third = stage_add(journey=journey, data=StageInput(title="Isikukood"))
    stage_move(stage=third, direction="up")
    order = list(journey.stages.order_by("position").values_list("title", flat=True))
    assert order == ["Saabumine", "Isikukood", "Elukoha registreerimine"]
    stage_move(stage=JourneyStage.objects.get(pk=first.pk), direction="up")  # already first: nothing moves
    assert list(journey.stages.order_by("position").values_list("title", flat=True)) == order
    with pytest.raises(ValidationError) as refused:
        stage_move(stage=first, direction="sideways")
    assert "direction" in refused.value.message_dict


def test_removing_a_stage_closes_up_and_drops_its_translated_text(tartu):
    journey, first, second, _user = tartu
    translate(
        journey,
        "en",
        "First steps in Tartu",
        stages={first.pk: {"title": "Arrival", "text": ""}, second.pk: {"title": "Residence", "text": ""}},
    )
    stage_remove(stage=first)
    second.refresh_from_db()
    assert second.position == 1
    translation = JourneyTranslation.objects.get(journey=journey, language="en")
    assert translation.stage_texts == {str(second.pk): {"title": "Residence", "text": ""}}
    assert statuses(journey)["en"] == "up_to_date"  # nothing new to translate


# --- XLIFF and PO --------------------------------------------------------------------------------


def _filled(batch: Batch, prefix: str) -> Batch:
    return Batch(
        source_language=batch.source_language,
        target_language=batch.target_language,
        units=[Unit(id=u.id, source=u.source, target=prefix + u.source) for u in batch.units],
    )


def test_xliff_round_trip_of_a_journey(tartu):
    journey, first, second, user = tartu
    batch = export_batch(user, language="en")
    p, s1, s2 = journey.pk, first.pk, second.pk
    assert [u.id for u in batch.units] == [
        f"journey.{p}.v3.title",
        f"journey.{p}.v3.intro",
        f"journey.{p}.v3.stage.{s1}.title",
        f"journey.{p}.v3.stage.{s1}.text",
        f"journey.{p}.v3.stage.{s2}.title",
    ]
    back = read_xliff(write_xliff(_filled(batch, "EN ")))
    assert back.target_language == "en" and [u.id for u in back.units] == [u.id for u in batch.units]
    done = import_batch(user, batch=back, language="en")
    assert (done.journeys, done.services, done.units, done.empty) == (1, 0, 5, 0)
    translation = JourneyTranslation.objects.get(journey=journey, language="en")
    assert (translation.title, translation.intro) == ("EN Esimesed sammud Tartus", "EN Teekond Tartusse elama asujale.")
    assert translation.stage_texts == {
        str(s1): {"title": "EN Saabumine", "text": "EN Tere tulemast."},
        str(s2): {"title": "EN Elukoha registreerimine", "text": ""},
    }
    assert statuses(journey)["en"] == "up_to_date"
    # up to date now: the next "to do" export has none of its units
    assert not [u for u in export_batch(user, language="en").units if u.id.startswith("journey.")]


def test_po_round_trip_carries_the_same_ids(tartu):
    journey, _first, _second, user = tartu
    batch = export_batch(user, language="ru")
    back = read_po(write_po(_filled(batch, "RU ")))
    assert [u.id for u in back.units] == [u.id for u in batch.units]
    import_batch(user, batch=back, language="ru", machine_made=True)
    assert statuses(journey)["ru"] == "machine"


def _nothing_written(journey):
    assert not JourneyTranslation.objects.filter(journey=journey).exists()


def test_a_unit_whose_stage_changed_since_the_export_is_refused(tartu):
    journey, first, _second, user = tartu
    batch = _filled(export_batch(user, language="en"), "EN ")
    stage_update(stage=first, data=StageInput(kind="arrival", title="Saabumine Tartusse"))
    with pytest.raises(ValidationError) as refused:
        import_batch(user, batch=batch, language="en")
    text = " ".join(refused.value.messages)
    assert "on pärast eksporti muutunud (versioon 3, nüüd 4)" in text
    assert f"journey.{journey.pk}.v3.stage.{first.pk}.title" in text
    _nothing_written(journey)


def test_unknown_ids_another_partys_journey_and_a_stranger_stage_are_refused(tartu, programme, member):
    journey, first, _second, user = tartu
    parnu = journey_create(
        party=programme["parnu"], data=JourneyInput(title="Pärnu teekond", municipality=programme["parnu"].municipality)
    )
    other_stage = stage_add(journey=parnu, data=StageInput(title="Saabumine Pärnusse"))
    units = [
        Unit(id=f"journey.{journey.pk}.v3.title", source="x", target="First steps"),
        Unit(id="journey.999999.v1.title", source="x", target="y"),
        Unit(id=f"journey.{parnu.pk}.v2.title", source="x", target="y"),
        Unit(id=f"journey.{journey.pk}.v3.stage.{other_stage.pk}.title", source="x", target="y"),
        Unit(id=f"journey.{journey.pk}.v3.stage.{first.pk}.colour", source="x", target="y"),
    ]
    with pytest.raises(ValidationError) as refused:
        import_batch(user, batch=Batch("et", "en", units), language="en")
    messages = refused.value.messages
    assert messages == [
        f"üksus journey.{journey.pk}.v3.stage.{first.pk}.colour: see ei ole teekonna üksus.",
        f"üksus journey.{journey.pk}.v3.stage.{other_stage.pk}.title: teekonnal „Esimesed sammud Tartus“ ei ole "
        "sellist etappi.",
        "üksus journey.999999.v1.title: ühelgi Teie teekonnal ei ole sellist tunnust.",
        f"üksus journey.{parnu.pk}.v2.title: ühelgi Teie teekonnal ei ole sellist tunnust.",
    ]
    _nothing_written(journey)
    assert not JourneyTranslation.objects.filter(journey=parnu).exists()


def test_a_file_for_another_language_is_refused(tartu):
    journey, _first, _second, user = tartu
    batch = _filled(export_batch(user, language="ru"), "RU ")
    with pytest.raises(ValidationError) as refused:
        import_batch(user, batch=batch, language="en")
    assert refused.value.messages == ["Faili sihtkeel on vene keel, valitud sihtkeel aga inglise keel."]
    _nothing_written(journey)


def test_the_import_page_refuses_a_journey_file_of_another_language(tartu, client):
    journey, _first, _second, user = tartu
    content = write_xliff(_filled(export_batch(user, language="uk"), "UK "))
    client.force_login(user)
    response = client.post(
        reverse("services:import"),
        {"language": "en", "file": SimpleUploadedFile("teekond.xlf", content, content_type="application/xliff+xml")},
    )
    assert response.status_code == 400
    assert response.context["import_form"].errors["file"] == [
        "Faili sihtkeel on ukraina keel, valitud sihtkeel aga inglise keel."
    ]
    _nothing_written(journey)


# --- bad input: a clear message naming the field, nothing written ---------------------------------


def test_a_journey_without_an_estonian_title_is_refused(programme, client, member):
    user = member("tartu")
    with pytest.raises(ValidationError) as refused:
        journey_create(
            party=programme["tartu"], data=JourneyInput(title="  ", municipality=programme["tartu"].municipality)
        )
    assert list(refused.value.message_dict) == ["title"]
    client.force_login(user)
    response = client.post(
        reverse("services:journey_create"),
        {
            "party": programme["tartu"].pk,
            "title": "",
            "municipality": programme["tartu"].municipality_id,
            "status": "draft",
        },
    )
    assert response.status_code == 400 and "title" in response.context["form"].errors
    assert not Journey.objects.exists()


def test_only_elvl_makes_national_journeys_and_a_partner_keeps_to_its_municipality(programme):
    with pytest.raises(ValidationError) as refused:
        journey_create(party=programme["tartu"], data=JourneyInput(title="Riiklik teekond"))
    assert list(refused.value.message_dict) == ["municipality"]
    with pytest.raises(ValidationError) as elsewhere:
        journey_create(
            party=programme["tartu"],
            data=JourneyInput(title="Pärnu teekond", municipality=programme["parnu"].municipality),
        )
    assert list(elsewhere.value.message_dict) == ["municipality"]
    national = journey_create(party=programme["elvl"], data=JourneyInput(title="Esimesed sammud Eestis"))
    assert national.municipality is None
    assert Journey.objects.count() == 1


def test_a_stage_may_not_link_another_partys_draft_service(tartu, programme, client):
    journey, _first, _second, user = tartu
    draft = make_service(programme["parnu"], name="Pärnu mustand", published=False)
    version = journey.version
    with pytest.raises(ValidationError) as refused:
        stage_add(journey=journey, data=StageInput(title="Töö", services=[draft]), user=user)
    assert list(refused.value.message_dict) == ["services"]
    assert "Pärnu mustand" in refused.value.message_dict["services"][0]
    client.force_login(user)
    response = client.post(
        reverse("services:journey_stage_create", kwargs={"pk": journey.pk}),
        {"kind": "work", "title": "Töö", "services": [draft.pk], "version": version},
    )
    assert response.status_code == 400 and "services" in response.context["form"].errors
    journey.refresh_from_db()
    assert journey.stages.count() == 2 and journey.version == version


def test_a_published_journey_links_public_documents_only(tartu, programme):
    journey, first, _second, user = tartu
    networks_only = document(programme["tartu"], "Võrgustiku juhend", "all_networks")
    public = document(programme["tartu"], "Avalik juhend", "public")
    stage_update(stage=first, data=StageInput(title="Saabumine", documents=[networks_only]), user=user)
    published = JourneyInput(
        title=journey.title, intro=journey.intro, municipality=journey.municipality, status="published"
    )
    with pytest.raises(ValidationError) as refused:
        journey_update(journey=journey, data=published)
    assert list(refused.value.message_dict) == ["status"] and "Võrgustiku juhend" in refused.value.messages[0]
    journey.refresh_from_db()
    assert journey.status == "draft"
    stage_update(stage=first, data=StageInput(title="Saabumine", documents=[public]), user=user)
    journey_update(journey=journey, data=published)
    with pytest.raises(ValidationError) as again:
        stage_update(stage=first, data=StageInput(title="Saabumine", documents=[networks_only]), user=user)
    assert list(again.value.message_dict) == ["documents"]


def test_a_stale_stage_edit_is_refused_and_writes_nothing(tartu, client):
    journey, first, _second, user = tartu
    client.force_login(user)
    old_version = journey.version
    stage_update(stage=first, data=StageInput(kind="arrival", title="Saabumine", text="Uus tekst."))
    response = client.post(
        reverse("services:journey_stage_edit", kwargs={"pk": first.pk}),
        {"kind": "arrival", "title": "Minu pealkiri", "text": "", "version": old_version},
    )
    assert response.status_code == 409
    first.refresh_from_db()
    assert (first.title, first.text) == ("Saabumine", "Uus tekst.")
    moved = client.post(
        reverse("services:journey_stage_move", kwargs={"pk": first.pk}), {"direction": "down", "version": old_version}
    )
    assert moved.status_code == 302
    first.refresh_from_db()
    assert first.position == 1


def test_a_translation_whose_source_changed_while_editing_is_refused(tartu, client):
    journey, first, _second, user = tartu
    client.force_login(user)
    url = reverse("services:journey_translate", kwargs={"pk": journey.pk, "language": "en"})
    assert client.get(url).context["form"].initial["made_from"] == 3
    stage_update(stage=first, data=StageInput(kind="arrival", title="Saabumine", text="Muudetud."))
    response = client.post(url, {"title": "First steps in Tartu", "made_from": 3})
    assert response.status_code == 400
    assert "muutus tõlkimise ajal. Midagi ei salvestatud" in " ".join(response.context["form"].non_field_errors())
    assert response.context["form"].data["made_from"] == "4"
    _nothing_written(journey)
    with pytest.raises(ValidationError) as refused:
        journey_translation_save(journey=journey, language="en", text=JourneyTextInput(title="x"), made_from=3)
    assert refused.value.code == "source_changed"


# --- the selectors the portal will use ------------------------------------------------------------


def test_journey_text_falls_back_to_estonian_per_field(tartu):
    journey, first, _second, _user = tartu
    translate(journey, "en", "First steps in Tartu", stages={first.pk: {"title": "Arrival", "text": ""}})
    translate(journey, "uk", "Перші кроки", draft=True)
    english = journey_text(journey, "en")
    assert (english.title.value, english.title.fallback) == ("First steps in Tartu", False)
    assert (english.intro.value, english.intro.fallback) == ("First steps in Tartu.", False)
    assert [(s.title.value, s.title.fallback, s.text.value, s.text.fallback) for s in english.stages] == [
        ("Arrival", False, "Tere tulemast.", True),
        ("Elukoha registreerimine", True, "", False),
    ]
    ukrainian = journey_text(journey, "uk")  # a draft is never shown
    assert ukrainian.status == "in_translation" and ukrainian.title == english.title.__class__(journey.title, True)
    russian = journey_text(journey, "ru")
    assert russian.status == "missing" and russian.title.fallback and russian.intro.fallback


def test_published_journeys_of_a_municipality_include_the_national_ones(tartu, programme):
    journey, *_rest = tartu
    national = journey_create(
        party=programme["elvl"], data=JourneyInput(title="Esimesed sammud Eestis", status="published")
    )
    journey_create(
        party=programme["parnu"],
        data=JourneyInput(title="Pärnu teekond", municipality=programme["parnu"].municipality, status="published"),
    )
    assert list(published_journeys(municipality=programme["tartu"].municipality)) == [national]  # Tartu's is a draft
    journey_update(
        journey=journey,
        data=JourneyInput(
            title=journey.title, intro=journey.intro, municipality=journey.municipality, status="published"
        ),
    )
    found = published_journeys(municipality=programme["tartu"].municipality)
    assert [j.title for j in found] == ["Esimesed sammud Eestis", "Esimesed sammud Tartus"]
    assert len(published_journeys()) == 3
    with CaptureQueriesContext(connection) as queries:
        texts = [journey_text(j, "en") for j in published_journeys()]
    assert len(texts) == 3 and len(queries) <= 6  # journeys, stages, links, documents, translations


# --- pages and permissions ------------------------------------------------------------------------


def test_readers_read_and_only_the_owners_editors_change(tartu, member, client):
    journey, first, _second, _user = tartu
    pages = [
        reverse("services:journey_edit", kwargs={"pk": journey.pk}),
        reverse("services:journey_stage_create", kwargs={"pk": journey.pk}),
        reverse("services:journey_stage_edit", kwargs={"pk": first.pk}),
        reverse("services:journey_translate", kwargs={"pk": journey.pk, "language": "en"}),
    ]
    for reader in [member("tartu", "viewer"), member("ministry", "ministry_reader"), member("parnu", "coordinator")]:
        client.force_login(reader)
        detail = client.get(reverse("services:journey_detail", kwargs={"pk": journey.pk}))
        assert detail.status_code == 200 and "Saabumine" in detail.content.decode()
        assert "Lisa etapp" not in detail.content.decode()
        for url in pages:
            assert client.get(url).status_code == 404, url


def test_the_journeys_list_costs_the_same_queries_for_three_or_six_journeys(programme, member, client):
    client.force_login(member("tartu"))

    def add(n):
        for i in range(n):
            journey = journey_create(
                party=programme["tartu"],
                data=JourneyInput(
                    title=f"Teekond {Journey.objects.count()}", municipality=programme["tartu"].municipality
                ),
            )
            stage_add(journey=journey, data=StageInput(title="Saabumine"))
            translate(journey, "en", f"Journey {i}")

    add(3)
    response, three = page_queries(client, reverse("services:journey_list"))
    assert response.status_code == 200
    add(3)
    response, six = page_queries(client, reverse("services:journey_list"))
    assert response.content.decode().count("/services/journeys/") >= 6
    assert six == three


def test_the_translator_view_lists_the_journey_per_language(tartu, client):
    journey, _first, _second, user = tartu
    translate(journey, "en", "First steps in Tartu")
    client.force_login(user)
    response = client.get(reverse("services:translations") + "?language=en")
    assert "Esimesed sammud Tartus" not in response.content.decode()  # up to date in English
    response = client.get(reverse("services:translations") + "?language=ru")
    assert "Esimesed sammud Tartus" in response.content.decode()


def test_a_service_made_a_draft_later_blocks_publishing(tartu, programme):
    journey, first, _second, user = tartu
    service = make_service(programme["tartu"], name="Elukoha registreerimine Tartus")
    stage_update(stage=first, data=StageInput(title="Saabumine", services=[service]), user=user)
    service_update(service=service, data=service_input(service.provider, name=service.name, published=False))
    assert not Service.objects.get(pk=service.pk).published
    with pytest.raises(ValidationError) as refused:
        journey_update(
            journey=journey,
            data=JourneyInput(
                title=journey.title, intro=journey.intro, municipality=journey.municipality, status="published"
            ),
        )
    assert "status" in refused.value.message_dict and "Elukoha registreerimine Tartus" in refused.value.messages[0]


def test_the_import_page_writes_a_journey_file_and_says_so(tartu, client):
    journey, _first, _second, user = tartu
    content = write_xliff(_filled(export_batch(user, language="en"), "EN "))
    client.force_login(user)
    response = client.post(
        reverse("services:import"),
        {"language": "en", "file": SimpleUploadedFile("teekond.xlf", content, content_type="application/xliff+xml")},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["1 teekonna tõlked salvestati."]  # no "0 services" line for a journeys-only file
    assert statuses(journey)["en"] == "up_to_date"
