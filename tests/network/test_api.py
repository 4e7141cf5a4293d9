"""The directory's read-only API: every member reads it, nothing is written through it."""

import pytest

from loim.network.models import Organisation
from loim.network.services import ContactInput, OrganisationInput, contact_create, organisation_create

pytestmark = pytest.mark.django_db


def test_a_partner_reads_the_directory_and_cannot_change_it(client, programme, member):
    agency = organisation_create(
        data=OrganisationInput(
            party=programme["elvl"], name="Päästeamet", kind="state_agency", registry_code="70000585"
        ),
        by=None,
    )
    contact_create(data=ContactInput(party=programme["elvl"], organisation=agency, name="Anne Allik"), by=None)
    client.force_login(member("tartu", "viewer"))
    listed = client.get("/api/v1/organisations/").json()
    assert [(o["name"], o["registry_code"], o["party"]) for o in listed["results"]] == [
        ("Päästeamet", "70000585", "elvl")
    ]
    detail = client.get(f"/api/v1/organisations/{agency.pk}/")
    assert detail["ETag"] == '"1"'
    assert [c["name"] for c in client.get("/api/v1/contacts/").json()["results"]] == ["Anne Allik"]
    for method in ("patch", "put", "delete"):
        response = getattr(client, method)(
            f"/api/v1/organisations/{agency.pk}/", {"name": "X"}, content_type="application/json"
        )
        assert response.status_code == 405
    assert client.post("/api/v1/organisations/", {"name": "X"}, content_type="application/json").status_code == 405
    assert Organisation.objects.get().name == "Päästeamet"


def test_no_directory_for_a_user_of_no_party(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/api/v1/organisations/").status_code == 404
