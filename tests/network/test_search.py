"""The one search function (issue 12) over documents, the directory, events and plan rows, on SQLite and
on PostgreSQL (`DATABASE_URL=postgres://…`). The records are those of `search_data.build`.

Hand-worked, "koolitus" as Tartu's coordinator: Tartu's minutes (current text "koolitusel"), not
Tallinn's network-only minutes ("Koolituse"); Tartu's event "Tartu koolituspäev", not Tallinn's
"Koolitus: eesti keel" (events are owned); the plan row "Kohanemiskoolituste korraldamine" (on
SQLite a substring; on PostgreSQL the word is inside a compound, found by trigram word similarity).
As ELVL (reads every party's records): both minutes and both events.
"""

import pytest
from django.db import connection

from loim.core.search import QueryError, parse, search, snippet

from .search_data import build, with_text


@pytest.fixture
def data(programme, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return build(programme)


def found(results, kind):
    return [hit.title for group in results.groups if group.kind == kind for hit in group.hits]


def test_a_partner_finds_its_own_and_shared_records_never_another_partners(data, member):
    tartu = member("tartu", "viewer")
    results = search(tartu, "koolitus")
    assert found(results, "documents") == ["Protokoll 05.03.2024"]
    assert found(results, "events") == ["Tartu koolituspäev"]
    assert found(results, "plan_rows") == ["Kohanemiskoolituste korraldamine"]
    assert found(results, "organisations") == found(results, "contacts") == []
    assert results.total == 3


def test_elvl_finds_every_partys_records(data, member):
    results = search(member("elvl", "coordinator"), "koolitus")
    assert sorted(found(results, "documents")) == ["Lõimumiskoja protokoll", "Protokoll 05.03.2024"]
    assert sorted(found(results, "events")) == ["Koolitus: eesti keel", "Tartu koolituspäev"]


def test_only_the_current_versions_text_is_searched(data, member):
    assert found(search(member("tartu"), "keelekohvik"), "documents") == []  # version 1's text


def test_estonian_and_cyrillic_letters_match_in_any_case(data, member):
    assert found(search(member("tartu"), "ÕPPEREIS"), "documents") == ["Protokoll 05.03.2024"]
    assert sorted(found(search(member("elvl"), "õppereis"), "documents")) == [
        "Lõimumiskoja protokoll",
        "Protokoll 05.03.2024",
    ]
    assert found(search(member("tartu"), "МАРИЯ"), "contacts") == ["Мария Иванова"]
    assert found(search(member("tartu"), "töötukassa"), "organisations") == ["Eesti Töötukassa"]


def test_a_tag_a_registry_code_a_role_and_an_email_are_found(data, member):
    user = member("parnu", "viewer")
    assert found(search(user, "kohanemisõpe"), "documents") == ["Juhend: kohanemisprogramm"]
    assert found(search(user, "74000725"), "organisations") == ["Eesti Töötukassa"]
    assert found(search(user, "nõustaja"), "contacts") == ["Мария Иванова"]
    assert found(search(user, "maria"), "contacts") == ["Мария Иванова"]


def test_every_word_must_be_found(data, member):
    assert found(search(member("elvl"), "koolitus narva"), "documents") == ["Protokoll 05.03.2024"]
    assert search(member("elvl"), "koolitus saaremaa").total == 0


def test_a_title_match_ranks_above_a_text_match(data, member):
    # "juhend": the title of "Juhend: kohanemisprogramm" (weight A) and the text of "Guide"
    assert found(search(member("elvl"), "juhend"), "documents") == ["Juhend: kohanemisprogramm", "Guide"]


def test_kinds_and_limit(data, member):
    user = member("elvl")
    results = search(user, "koolitus", kinds=["events"])
    assert [group.kind for group in results.groups] == ["events"]
    limited = search(user, "koolitus", kinds=["events"], limit=1)
    assert len(limited.groups[0].hits) == 1 and limited.groups[0].more and limited.more


def test_the_snippet_marks_the_match_in_the_current_text(data, member):
    hit = search(member("tartu"), "koolitus").groups[0].hits[0]
    assert hit.snippet == [("Arutati ", False), ("koolitus", True), ("el osalemist ja Õppereisi Narva.", False)]


def test_a_record_found_by_its_title_alone_has_no_snippet(data, member):
    """The plan row "Kohanemiskoolituste korraldamine" (code 3.5.2.1/2, no narrative) is found by its
    title; its code is already on the result's line, so no snippet repeats it."""
    hit = search(member("tartu"), "koolitus", kinds=["plan_rows"]).groups[0].hits[0]
    assert (hit.title, hit.detail, hit.snippet) == ("Kohanemiskoolituste korraldamine", "2024 · 3.5.2.1/2", [])


def test_a_snippet_of_a_long_text_is_cut_at_words():
    text = "alpha " * 30 + "KOOLITUS beta " + "gamma " * 40
    parts = snippet(text, ["koolitus"])
    assert parts[0] == ("… ", False) and parts[-1] == (" …", False)
    assert ("KOOLITUS", True) in parts
    assert sum(len(part) for part, _ in parts) < 230


@pytest.mark.parametrize(
    "text", ["", "   ", "a", "x\x00y", "k" * 10_000, "!!! ??"], ids=["empty", "blank", "short", "nul", "long", "marks"]
)
def test_a_query_that_cannot_be_searched_is_refused_with_a_reason(text):
    with pytest.raises(QueryError):
        parse(text)


def test_the_words_of_a_query():
    assert parse("  Koolitus, KOOLITUS ja a õppe_reis ") == ["koolitus", "ja", "õppe", "reis"]


def test_the_query_count_does_not_grow_with_the_hits(data, member, django_assert_max_num_queries):
    user = member("elvl")
    search(user, "protokoll")  # the user's access is read once per request, before
    with django_assert_max_num_queries(6):  # one per kind (5) and one for the documents' texts
        results = search(user, "koolitus")
    assert results.total == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stemming and trigrams")
def test_postgresql_stems_english_and_forgives_a_typo(data, member):
    user = member("elvl")
    with_text(data.guide, "Trained staff for newcomers")
    assert found(search(user, "training"), "documents") == ["Guide"]  # english: train = train
    assert found(search(user, "Töötukasa"), "organisations") == ["Eesti Töötukassa"]  # one letter short


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's russian configuration")
def test_postgresql_stems_russian_for_a_russian_document_and_not_an_estonian_one(data, member, programme):
    """ "книга" and "книги" share the russian stem "книг"; as a prefix, "книга:*" does not match "книги".
    So a Russian document with "книги" is found by "книга", an Estonian one with the same text is not
    (the `simple` configuration), and both by "книг" (a prefix of both)."""
    from .search_data import document

    elvl = programme["elvl"]
    document(elvl, "Русский справочник", language="ru", text="Полезные книги для новоприбывших.")
    document(elvl, "Eestikeelne juhend", language="et", text="Полезные книги для новоприбывших.")
    user = member("elvl", "coordinator")
    assert found(search(user, "книга"), "documents") == ["Русский справочник"]
    assert sorted(found(search(user, "книг"), "documents")) == ["Eestikeelne juhend", "Русский справочник"]
