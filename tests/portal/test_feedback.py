"""'Is this page helpful?': answers reach the party whose page it was, keep no personal data, are
rate-limited per address and a honeypot drops bots; the party's staff list them."""

import pytest

from loim.portal.feedback import RATE_LIMIT
from loim.portal.models import PageFeedback
from tests.portal.helpers import content


@pytest.fixture
def things(programme):
    return content(programme)


def post(client, page, helpful="yes", comment="", address="203.0.113.5", **extra):
    data = {"page": page, "helpful": helpful, "comment": comment, "website": "", **extra}
    return client.post("/ru/feedback/", data, REMOTE_ADDR=address)


def test_an_answer_reaches_the_municipality(client, things, programme):
    response = post(client, "/ru/municipalities/tartu/", "no", "Нет часов работы")
    assert response.status_code == 302 and response["Location"] == "/ru/municipalities/tartu/?feedback=thanks#feedback"
    answer = PageFeedback.objects.get()
    assert (answer.party, answer.path, answer.language, answer.helpful, answer.comment) == (
        programme["tartu"],
        "/ru/municipalities/tartu/",
        "ru",
        False,
        "Нет часов работы",
    )
    assert not response.cookies
    thanks = client.get(response["Location"]).content.decode()
    assert "Спасибо за ответ" in thanks


def test_answers_on_other_pages_go_to_their_owner(client, things, programme):
    post(client, f"/uk/services/{things['national'].pk}/")
    post(client, f"/uk/events/{things['event'].pk}/")
    post(client, "/uk/accessibility/")
    assert [a.party.slug for a in PageFeedback.objects.order_by("pk")] == ["elvl", "tartu", "elvl"]


def test_an_answer_about_no_page_or_a_private_one_is_refused(client, things):
    assert post(client, "/ru/nowhere/").status_code == 400
    assert post(client, f"/ru/services/{things['draft'].pk}/").status_code == 400
    assert post(client, "/accounts/login/").status_code == 400
    response = post(client, "/ru/", helpful="maybe")
    assert response.status_code == 400 and "helpful" in response.content.decode()
    assert post(client, "/ru/", comment="x" * 1001).status_code == 400
    assert not PageFeedback.objects.exists()


def test_the_honeypot_drops_a_bot_silently(client, things):
    response = post(client, "/ru/", website="http://spam.example")
    assert response.status_code == 302
    assert not PageFeedback.objects.exists()


def test_a_flood_is_rate_limited_per_address(client, things):
    for _ in range(RATE_LIMIT):
        assert post(client, "/ru/").status_code == 302
    flooded = post(client, "/ru/")
    assert flooded.status_code == 429 and "десять минут" in flooded.content.decode()
    assert PageFeedback.objects.count() == RATE_LIMIT
    assert post(client, "/ru/", address="198.51.100.7").status_code == 302  # another address is not limited
    assert PageFeedback.objects.count() == RATE_LIMIT + 1
    # the address is stored nowhere in the database
    assert not any("203.0.113.5" in str(v) for a in PageFeedback.objects.values() for v in a.values())


def test_staff_list_their_partys_answers_only(client, things, member):
    post(client, "/ru/municipalities/tartu/", "no", "Tartu kommentaar")
    post(client, "/ru/municipalities/parnu/", "yes", "Pärnu kommentaar")
    client.force_login(member("tartu", "coordinator"))
    page = client.get("/portal/feedback/").content.decode()
    assert "Tartu kommentaar" in page and "Pärnu kommentaar" not in page
    client.force_login(member("elvl", "coordinator"))
    page = client.get("/portal/feedback/").content.decode()
    assert "Tartu kommentaar" not in page and "Pärnu kommentaar" not in page  # the party's own only


def test_a_get_of_the_form_address_goes_home(client, db):
    response = client.get("/uk/feedback/")
    assert response.status_code == 302 and response["Location"] == "/uk/"
