"""The demo journeys (data/journeys.yaml): one per partner, Tartu's linking its registry services,
translations with some outdated (worked out from the file by hand)."""

import io

from loim.core.translations import statuses
from loim.services.journey_models import Journey


def test_demo_journeys(settings, programme):
    settings.DEMO_MODE = True
    from loim.network.demo import seed as directory_seed
    from loim.services.demo import seed

    directory_seed(out=io.StringIO())
    out = io.StringIO()
    seed(out=out)
    seed(out=io.StringIO())  # idempotent
    assert "Journeys: 5 created (5 in all)" in out.getvalue()
    assert sorted(Journey.objects.values_list("party__slug", flat=True)) == [
        "parnu",
        "rakvere",
        "saaremaa",
        "tallinn",
        "tartu",
    ]
    tartu = Journey.objects.get(title="Esimesed sammud Tartus")
    assert tartu.status == "published" and tartu.municipality == programme["tartu"].municipality
    stages = list(tartu.stages.order_by("position"))
    assert [s.kind for s in stages] == ["arrival", "id_code", "residence", "transport", "language"]
    linked = [[link.service.name for link in s.service_links.order_by("position")] for s in stages[1:4]]
    assert linked == [
        ["Isikukoodi taotlemine"],
        ["Elukoha registreerimine Tartus"],
        ["Bussikaardi (Ühiskaardi) taotlemine"],
    ]
    # 1 + 5 stages = version 6; the bus card stage's text changed after the translations: 7
    assert tartu.source_version == 7

    def of(title):
        journey = Journey.objects.get(title=title)
        return statuses(journey, journey.translations.all())

    assert of("Esimesed sammud Tartus") == {"en": "up_to_date", "ru": "up_to_date", "uk": "outdated"}
    assert of("Uus elanik Pärnus") == {"en": "up_to_date", "ru": "outdated", "uk": "missing"}
    assert of("Elu algus Tallinnas") == {"en": "up_to_date", "ru": "up_to_date", "uk": "missing"}
    assert of("Esimesed sammud Rakveres") == {"en": "machine", "ru": "missing", "uk": "missing"}
    assert Journey.objects.get(title="Kohanemine Saaremaal").status == "draft"
    english = tartu.translations.get(language="en")
    assert english.stage_value(stages[0].pk, "title") == "Arriving in Tartu"
