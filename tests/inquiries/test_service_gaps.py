"""The service-gap comparison (issue 13): frequent topics of a party against the service catalogue
where the party is. Every expected value is worked out by hand from the records built here."""

import datetime as dt

import pytest
from django.utils import timezone

from loim.inquiries.models import ReferralTarget
from loim.inquiries.selectors import GapStatus, inquiry_statistics, needed_languages, service_gaps
from loim.network.models import Organisation
from loim.places.models import County
from loim.services.models import Service
from loim.services.services import TextInput, translation_save
from tests.inquiries.helpers import make_inquiry, topic
from tests.queries import page_queries
from tests.services.helpers import make_service

YEAR = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
QUERY = "start=01.01.2024&end=31.12.2024&threshold=3"


@pytest.fixture
def ppa(programme):
    """The PPA referral target pointing at its directory entry."""
    org = Organisation.objects.create(party=programme["elvl"], name="Politsei- ja Piirivalveamet", kind="state_agency")
    ReferralTarget.objects.filter(code="ppa").update(organisation=org)
    return org


@pytest.fixture
def tartu_inquiries(programme, ppa):
    """Tartu, 2024: 7 inquiries on documents and residence permits (4 in Russian, 3 in Estonian; 5 of
    them referred to PPA), 3 on the bus card (Estonian), 2 on housing (Estonian); 4 on the bus card in
    2023 (another period)."""
    tartu = programme["tartu"]
    for i in range(7):
        make_inquiry(
            tartu,
            topics=["documents-permits"],
            language="ru" if i < 4 else "et",
            referrals=["ppa"] if i < 5 else [],
            date=dt.date(2024, 3, 1 + i),
        )
    for _ in range(3):
        make_inquiry(tartu, topics=["bus-card"], language="et", date=dt.date(2024, 5, 2))
    for _ in range(2):
        make_inquiry(tartu, topics=["housing"], language="et", date=dt.date(2024, 6, 2))
    for _ in range(4):
        make_inquiry(tartu, topics=["bus-card"], language="et", date=dt.date(2023, 5, 2))
    return tartu


def gaps_for(user, party, threshold=3):
    stats = inquiry_statistics(user=user, start=YEAR[0], end=YEAR[1], party=party)
    return {gap.cell.key: gap for gap in service_gaps(user=user, stats=stats, threshold=threshold)}


def test_needed_languages_are_those_of_at_least_a_fifth():
    # 4 of 7 in Russian (20 ≥ 7), 3 of 7 in Estonian (15 ≥ 7), 1 of 7 in English (5 < 7)
    assert needed_languages({"ru": 4, "et": 3, "en": 1}, 8) == ["et", "ru"]  # 1 × 5 = 5 < 8
    assert needed_languages({"en": 2}, 10) == ["en"]  # exactly a fifth
    assert needed_languages({"other": 9}, 9) == []  # "other language" names no language
    assert needed_languages({}, 0) == []


def test_frequent_topics_compared_with_the_catalogue(tartu_inquiries, programme, member, ppa):
    tartu = programme["tartu"]
    user = member("tartu")
    docs, bus, housing = topic("documents-permits"), topic("bus-card"), topic("housing")
    # national, on the documents topic, served in Estonian and English only: covers Tartu, but the
    # Russian-speaking inquirers (4 of 7) are not served and there is no Russian translation
    national = make_service(programme["elvl"], name="Elamisloa taotlemine", topics=[docs], languages=["et", "en"])
    # another county's bus card: does not cover Tartu
    other_county = County.objects.exclude(pk=tartu.municipality.county_id).first()
    make_service(programme["parnu"], name="Pärnumaa bussikaart", topics=[bus], area="county", county=other_county)
    # housing is covered but not frequent (2 < 3): it is not compared at all
    make_service(programme["elvl"], name="Eluaseme nõustamine", topics=[housing], languages=["et"])

    gaps = gaps_for(user, tartu)
    assert set(gaps) == {docs.pk, bus.pk}  # 7 ≥ 3 and 3 ≥ 3 (2024 only: 2023's four bus cards are not counted)
    assert gaps[bus.pk].status == GapStatus.MISSING and gaps[bus.pk].services == []
    assert gaps[bus.pk].provider is None  # no bus-card inquiry was referred anywhere
    assert gaps[docs.pk].status == GapStatus.UPDATE
    assert gaps[docs.pk].languages == ["et", "ru"]
    assert gaps[docs.pk].provider == ppa  # 5 of 7 referred to PPA: at least half
    [covering] = gaps[docs.pk].services
    assert covering.service == national
    assert covering.problems == ["teenindamise keelte hulgas puudub vene keel", "tõlge (vene keel): puudub"]
    assert not covering.editable  # ELVL's service: Tartu's coordinator cannot update it
    assert gaps[docs.pk].to_update is None

    # Tartu's own service for the municipality, in Estonian and Russian with a Russian translation,
    # but last checked 400 days ago: still "update", now Tartu's to update
    own = make_service(
        tartu,
        name="Elamisloa nõustamine Tartus",
        topics=[docs],
        languages=["et", "ru"],
        area="municipalities",
        municipalities=[tartu.municipality],
    )
    translation_save(
        service=own,
        language="ru",
        text=TextInput(name="Вид на жительство", summary="Консультация"),
        made_from=own.source_version,
    )
    Service.objects.filter(pk=own.pk).update(confirmed_on=timezone.localdate() - dt.timedelta(days=400))
    gaps = gaps_for(user, tartu)
    assert gaps[docs.pk].status == GapStatus.UPDATE
    own_gap = next(c for c in gaps[docs.pk].services if c.service == own)
    checked = timezone.localdate() - dt.timedelta(days=400)
    assert own_gap.problems == [f"pole kontrollitud alates {checked:%d.%m.%Y}"]
    assert gaps[docs.pk].to_update.service == own

    # checked today: the topic is covered
    Service.objects.filter(pk=own.pk).update(confirmed_on=timezone.localdate())
    gaps = gaps_for(user, tartu)
    assert gaps[docs.pk].status == GapStatus.COVERED
    assert gaps[docs.pk].ok_services == [own]


def test_a_draft_and_a_machine_translation_are_problems(tartu_inquiries, programme, member):
    docs = topic("documents-permits")
    draft = make_service(programme["tartu"], topics=[docs], languages=["et", "ru"], published=False)
    translation_save(
        service=draft,
        language="ru",
        text=TextInput(name="Вид", summary="Текст"),
        made_from=draft.source_version,
        machine_made=True,
    )
    gap = gaps_for(member("tartu"), programme["tartu"])[docs.pk]
    assert gap.status == GapStatus.UPDATE
    assert gap.services[0].problems == ["mustand, avaldamata", "tõlge (vene keel): masintõlge"]


def test_no_party_chosen_compares_nothing(tartu_inquiries, programme, member):
    user = member("elvl", "coordinator")
    stats = inquiry_statistics(user=user, start=YEAR[0], end=YEAR[1], party=None)
    gaps = service_gaps(user=user, stats=stats, threshold=3)
    assert gaps and all(gap.status is None for gap in gaps)


def test_another_partys_view_uses_only_published_figures(tartu_inquiries, programme, member):
    """ELVL reading Tartu: counts protected by core.disclosure (unit party × month, threshold 5).
    March: 7 inquiries, documents 7 → published; May's 3 bus cards and June's 2 housing inquiries are
    units under 5 → withheld whole, so only documents is frequent. The languages come from the
    published language breakdown: March's ru 4 and et 3 are both under 5 → withheld, so no language
    is published and none is needed. No provider is suggested from another party's rows."""
    docs = topic("documents-permits")
    gaps = gaps_for(member("elvl", "coordinator"), programme["tartu"])
    assert set(gaps) == {docs.pk}
    assert gaps[docs.pk].cell.count == 7
    assert gaps[docs.pk].languages == []
    assert gaps[docs.pk].provider is None
    assert gaps[docs.pk].status == GapStatus.MISSING


def test_page_shows_the_proposals_and_the_prefilled_draft(client, tartu_inquiries, programme, member, ppa):
    client.force_login(member("tartu"))
    docs, bus = topic("documents-permits"), topic("bus-card")
    make_service(programme["elvl"], name="Elamisloa taotlemine", topics=[docs], languages=["et", "en"])
    html = client.get(f"/inquiries/service-gaps/?{QUERY}").content.decode()
    assert "lisandub koos teenuste kataloogiga" not in html  # the developer's note is gone
    assert "Ükski teenus ei kata seda teemat siin." in html
    assert "Loo teenuse mustand" in html and "Elamisloa taotlemine" in html
    assert "teenindamise keelte hulgas puudub vene keel" in html
    tartu = programme["tartu"]
    create = f"/services/new/?party={tartu.pk}&topic={bus.pk}"
    assert create.replace("&", "&amp;") in html
    response = client.get(
        f"/services/new/?party={tartu.pk}&topic={docs.pk}&municipality={tartu.municipality_id}"
        f"&provider={ppa.pk}&name=Elamisluba"
    )
    form = response.context["form"]
    assert form.initial["topics"] == [docs.pk] and form.initial["municipalities"] == [tartu.municipality_id]
    assert form.initial["area"] == "municipalities" and form.initial["provider"] == ppa.pk
    assert form.initial["name"] == "Elamisluba" and form.initial["party"] == tartu.pk
    assert 'id="prefilled"' in response.content.decode()


def test_page_queries_do_not_grow_with_topics_and_services(client, tartu_inquiries, programme, member):
    client.force_login(member("tartu"))
    url = f"/inquiries/service-gaps/?{QUERY}"
    docs = topic("documents-permits")
    make_service(programme["elvl"], topics=[docs], languages=["et"])
    client.get(url)

    def count():
        response, queries = page_queries(client, url)
        assert response.status_code == 200
        return queries

    small = count()
    tartu = programme["tartu"]
    for code in ("housing", "health-care", "employment"):
        for _ in range(3):
            make_inquiry(tartu, topics=[code], language="ru", referrals=["ppa"], date=dt.date(2024, 8, 1))
        for _ in range(2):
            make_service(programme["elvl"], topics=[topic(code)], languages=["et", "ru"])
    make_service(tartu, topics=[docs], area="municipalities", municipalities=[tartu.municipality])
    assert count() == small
