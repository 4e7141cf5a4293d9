"""The services' demo data: Tartu's three registry services and Pärnu's inventory, with translations
in the four languages, some outdated (worked out from data/demo.yaml by hand)."""

import io

from loim.core.translations import statuses
from loim.services.models import Service


def test_demo_catalogue(settings, programme, member):
    settings.DEMO_MODE = True
    pärnu_admin = member("parnu", "admin")
    pärnu_coordinator = member("parnu", "coordinator")
    from loim.network.demo import seed as directory_seed
    from loim.services.demo import seed

    directory_seed(out=io.StringIO())
    seed(out=io.StringIO())
    seed(out=io.StringIO())  # idempotent
    assert Service.objects.filter(party__slug="tartu").count() == 3
    assert Service.objects.filter(party__slug="parnu").count() == 4

    def of(name):
        service = Service.objects.get(name=name)
        return statuses(service, service.translations.all())

    assert of("Elukoha registreerimine Tartus") == {"en": "up_to_date", "ru": "outdated", "uk": "outdated"}
    assert of("Bussikaardi (Ühiskaardi) taotlemine") == {"en": "up_to_date", "ru": "up_to_date", "uk": "machine"}
    assert of("Eesti keele vestlusklubi Pärnus") == dict.fromkeys(("en", "ru", "uk"), "outdated")
    assert of("Karjäärinõustamine Pärnus")["uk"] == "missing"
    assert Service.objects.get(name="Elukoha registreerimine Tartus").confirmation_due()
    # a demo entry says who last checked it: the party's coordinator (before its admin), none without either
    assert Service.objects.get(name="Karjäärinõustamine Pärnus").confirmed_by == pärnu_coordinator
    assert pärnu_admin != pärnu_coordinator
    assert Service.objects.get(name="Isikukoodi taotlemine").confirmed_by is None
