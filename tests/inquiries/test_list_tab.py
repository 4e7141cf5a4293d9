"""The inquiry sub-navigation's list tab: row-level inquiries stay with the owning party (docs/decisions.md
"Issue 10 — disclosure"), so a ministry reader, whose party records none, gets no list tab, no list and
no download, and ELVL's tab says it lists ELVL's own inquiries, not everyone's."""

import re

from tests.inquiries.helpers import make_inquiry


def _tabs(html: str) -> list[str]:
    nav = re.search(r'<nav class="subnav".*?</nav>', html, re.S).group(0)
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)]


def test_the_ministry_reader_sees_no_list_tab_and_no_downloads(client, member, programme):
    make_inquiry(programme["tartu"], note="tartu rida")
    client.force_login(member("ministry", "ministry_reader"))
    statistics = client.get("/inquiries/statistics/").content.decode()
    assert _tabs(statistics) == ["Statistika", "Teenuselüngad"]
    page = client.get("/inquiries/list/").content.decode()
    assert "<h1>Pöördumised</h1>" in page
    assert "Teie osapool pöördumisi ei registreeri. Pöördumisi näidatakse ainult statistikana." in page
    assert 'href="/inquiries/statistics/">Pöördumiste statistika</a>' in page
    assert "Laadi alla" not in page and '<form method="get"' not in page and "tartu rida" not in page
    assert client.get("/inquiries/list/export.csv").status_code == 404
    assert client.get("/inquiries/list/export.xlsx").status_code == 404


def test_elvl_names_the_tab_after_its_own_party(client, member, programme):
    client.force_login(member("elvl", "coordinator"))
    page = client.get("/inquiries/list/").content.decode()
    assert "Oma osapoole pöördumised" in _tabs(page) and "Kõik pöördumised" not in _tabs(page)
    assert "<h1>Oma osapoole pöördumised</h1>" in page


def test_elvl_reads_the_english_tab(client, member, programme):
    client.force_login(member("elvl", "coordinator"))
    client.cookies["django_language"] = "en"
    page = client.get("/inquiries/list/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Our party's inquiries" in _tabs(page)


def test_a_partner_keeps_its_list_tab(client, member, programme):
    client.force_login(member("tartu", "coordinator"))
    tabs = _tabs(client.get("/inquiries/statistics/").content.decode())
    assert "Kõik pöördumised" in tabs
