"""The register's demo data: realistic, idempotent, and showing every page at work."""

import io

import pytest
from django.test import override_settings

from loim.places.models import County
from loim.register.models import AccessLog, ContactRecord, Person
from loim.register.services.erasure import purge_party
from loim.register.statistics import count_table

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_demo_seeds_fictional_people_once(programme, member):
    from loim.parties import demo as parties_demo
    from loim.register import demo

    parties_demo.seed(out=io.StringIO())
    demo.seed(out=io.StringIO())
    counts = {
        slug: Person.objects.filter(party=programme[slug]).count() for slug in ("saaremaa", "rakvere", "tartu", "parnu")
    }
    assert counts == {"saaremaa": 30, "rakvere": 25, "tartu": 4, "parnu": 3}
    assert ContactRecord.objects.count() == 6
    assert AccessLog.objects.exists()
    snapshot = (Person.objects.count(), ContactRecord.objects.count(), AccessLog.objects.count())
    demo.seed(out=io.StringIO())
    assert (Person.objects.count(), ContactRecord.objects.count(), AccessLog.objects.count()) == snapshot

    # Rakvere's county view shows numbers, and hides the small cell of three returnees
    table = count_table(user=member("rakvere", "viewer"), county=County.objects.get(name="Lääne-Viru maakond"))
    rows = {row.label: row for row in table.rows}
    columns = [key for key, _label in table.columns]
    assert rows["Rakvere linn"].cells[columns.index("returnee")].suppressed
    assert rows["Kadrina vald"].cells[columns.index("other_background")].value == 5
    assert table.total.value == 25 and table.total.complete

    # the withdrawn and the ended consent are what the purge would erase in Saaremaa
    preview = purge_party(party=programme["saaremaa"], dry_run=True)
    assert preview.consent_ended == 2
