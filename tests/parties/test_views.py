"""The directory of parties, with agreements and positions visible through tenancy."""

import datetime as dt

from loim.parties.services import agreement_create, position_create


def test_directory_lists_every_party_and_marks_mine(programme, member, client):
    client.force_login(member("tartu", "coordinator"))
    page = client.get("/parties/").content.decode()
    for name in ["Eesti Linnade ja Valdade Liit", "Tartu Linnavalitsus", "Pärnu Linnavalitsus"]:
        assert name in page
    assert page.count('class="mine"') == 1


def test_agreements_of_another_partner_are_hidden_from_a_partner_but_not_from_elvl(programme, member, client):
    parnu = programme["parnu"]
    agreement_create(
        party=parnu,
        municipality=parnu.municipality,
        signed_on=dt.date(2023, 12, 18),
        term_start=dt.date(2024, 1, 1),
        term_end=dt.date(2026, 4, 1),
        reference="PL-PARNU-1",
    )
    position_create(party=parnu, title="Pärnu koordinaator", starts_on=dt.date(2024, 2, 1))
    client.force_login(member("tartu", "coordinator"))
    page = client.get("/parties/parnu/").content.decode()
    assert "PL-PARNU-1" not in page and "Pärnu koordinaator" not in page
    client.force_login(member("elvl", "coordinator"))
    page = client.get("/parties/parnu/").content.decode()
    assert "PL-PARNU-1" in page and "Pärnu koordinaator" in page


def test_directory_query_count_does_not_grow_with_parties(programme, member, client, django_assert_max_num_queries):
    from tests.factories import PartyFactory

    client.force_login(member("elvl", "coordinator"))
    with django_assert_max_num_queries(8) as small:
        client.get("/parties/")
    PartyFactory.create_batch(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/parties/")


def test_unknown_party_is_404(member, client):
    client.force_login(member("tartu", "coordinator"))
    assert client.get("/parties/no-such-party/").status_code == 404
