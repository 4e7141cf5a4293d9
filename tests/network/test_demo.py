"""The demo directory: every registry code passes python-stdnum, entries keep their parties, the
reminder has something to show, events' organisations link to entries, and seeding twice changes
nothing."""

import io

import pytest
from stdnum.ee import registrikood

from loim.core.demo import demo_data
from loim.events.demo import seed as seed_events
from loim.events.models import EventOrganisation
from loim.network.demo import seed
from loim.network.models import Contact, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(programme, settings):
    settings.DEMO_MODE = True
    seed_events(out=io.StringIO())
    seed(out=io.StringIO())
    return programme


def test_the_demo_directory(seeded):
    entries = demo_data("network")["organisations"]
    assert Organisation.objects.count() == len(entries)
    codes = [e["registry_code"] for e in entries if e.get("registry_code")]
    assert codes and all(registrikood.is_valid(code) for code in codes)
    agencies = set(Organisation.objects.filter(kind="state_agency").values_list("name", flat=True))
    assert {"Integratsiooni Sihtasutus", "Sotsiaalkindlustusamet", "Eesti Töötukassa", "Päästeamet"} <= agencies
    assert Organisation.objects.get(name="Politsei- ja Piirivalveamet").registry_code == "70008747"
    assert set(Organisation.objects.values_list("party__slug", flat=True)) == {
        "elvl",
        "tartu",
        "tallinn",
        "rakvere",
        "saaremaa",
        "parnu",
    }
    # Pärnu keeps its own contact at the Töötukassa entry ELVL keeps
    assert Contact.objects.get(name="Olena Kovalenko").party == seeded["parnu"]
    due = set(Organisation.objects.due_for_check().values_list("name", flat=True))
    assert due == {"Päästeamet", "MTÜ Pärnu Vene Kultuuriselts"}
    assert set(Contact.objects.due_for_check().values_list("name", flat=True)) == {"Tiina Rebane"}
    # made-up addresses; the one network member with a demo account signs in with a .demo address
    emails = set(Contact.objects.exclude(email="").values_list("email", flat=True))
    assert {e for e in emails if not e.endswith("@example.ee")} == {"liige@tootukassa.demo"}
    linked = EventOrganisation.objects.filter(name="Eesti Töötukassa")
    assert linked.exists() and all(o.organisation.name == "Eesti Töötukassa" for o in linked)


def test_seeding_twice_changes_nothing(seeded):
    before = (Organisation.objects.count(), Contact.objects.count())
    seed(out=io.StringIO())
    assert (Organisation.objects.count(), Contact.objects.count()) == before
