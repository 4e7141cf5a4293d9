"""The search page (issue 12): signed-in users only, results grouped by kind with escaped snippets,
clear messages for queries that cannot be searched, and a query count that does not grow with hits."""

import pytest
from django.urls import reverse

from tests.queries import page_queries

from .search_data import build, document

URL = reverse("core:search")


@pytest.fixture
def data(programme, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return build(programme)


def test_signed_out_users_are_sent_to_sign_in(client, programme):
    response = client.get(URL, {"q": "koolitus"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_results_are_grouped_by_kind_and_link_to_their_records(data, member, client):
    client.force_login(member("tartu", "viewer"))
    page = client.get(URL, {"q": "koolitus"}).content.decode()
    assert "3 tulemust." in page
    assert f'href="/network/documents/{data.tartu_minutes.pk}/"' in page
    assert f'href="/events/{data.tartu_event.pk}/"' in page
    assert f'href="/plans/2024/#a-{data.row.pk}"' in page
    assert "Lõimumiskoja protokoll" not in page and "Koolitus: eesti keel" not in page
    assert "Arutati <mark>koolitus</mark>el osalemist" in page


def test_the_kinds_filter(data, member, client):
    client.force_login(member("elvl"))
    page = client.get(URL, {"q": "koolitus", "kind": ["events", "nonsense\x00"]}).content.decode()
    assert "2 tulemust." in page and "Tartu koolituspäev" in page and "Protokoll 05.03.2024" not in page


def test_content_is_escaped_in_titles_and_snippets(data, member, client, programme):
    document(programme["elvl"], "<script>alert(1)</script> koolitus", text="<b>koolitus</b> & <i>muu</i>")
    client.force_login(member("elvl"))
    page = client.get(URL, {"q": "koolitus"}).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;<mark>koolitus</mark>&lt;/b&gt; &amp; &lt;i&gt;muu&lt;/i&gt;" in page


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Kirjutage otsimiseks sõna, milles on vähemalt 2 tähte või numbrit."),
        ("a", "Kirjutage otsimiseks sõna, milles on vähemalt 2 tähte või numbrit."),
        ("x\x00y", "Otsingutekstis on NUL-märk, mida ei saa otsida. Eemaldage see."),
        ("k" * 10_000, "Otsingutekst on liiga pikk: kirjutage kuni 200 märki."),
    ],
    ids=["empty", "short", "nul", "long"],
)
def test_a_query_that_cannot_be_searched_gets_a_message(member, client, q, message):
    client.force_login(member("tartu"))
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_page_without_a_query_shows_the_form_only(member, client):
    client.force_login(member("tartu"))
    page = client.get(URL).content.decode()
    assert 'role="search"' in page and "tulemus" not in page and "message-error" not in page


def test_the_query_count_does_not_grow_with_the_number_of_hits(data, member, client, programme):

    client.force_login(member("elvl"))
    client.get(URL, {"q": "koolitus"})

    def count():
        response, queries = page_queries(client, URL, {"q": "koolitus"})
        assert response.status_code == 200
        return queries

    before = count()
    for n in range(5):
        document(programme["tartu"], f"Koolitus nr {n}", text="koolitus")
    assert count() == before
