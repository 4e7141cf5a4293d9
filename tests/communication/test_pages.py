"""The pages: quick entry (required fields start empty, save and new keeps kind, channel, date and
languages), the list's filters, export and query count, the import (all rows or none, each bad row
named), the channels page, and the API with the form's validation."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from loim.communication.models import Channel, Output
from tests.communication.helpers import channel, make_output
from tests.queries import page_queries


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def rakvere(client, member):
    client.force_login(member("rakvere"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def entry(channel_pk, **overrides):
    data = {
        "party": Channel.objects.get(pk=channel_pk).party_id,
        "kind": "social_post",
        "channel": channel_pk,
        "languages": ["en", "uk"],
        "date": "12.03.2024",
        "title": "Infotund Rakvere raamatukogus",
        "link": "https://www.facebook.com/groups/foreigners.rakvere/posts/1",
        "reach": "1840",
        "reach_unit": "group_members",
    }
    data.update(overrides)
    return data


def test_quick_entry_starts_empty_and_keeps_kind_channel_date_and_languages(rakvere, programme):
    group = channel(programme["rakvere"], "Foreigners in Rakvere and Lääne-Virumaa")
    form = rakvere.get("/communication/").context["form"]
    assert [form[name].value() for name in ("kind", "channel", "date", "title")] == [None, None, None, None]
    response = rakvere.post("/communication/", entry(group.pk))
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == (
        f"/communication/?kind=social_post&channel={group.pk}&date=12.03.2024&languages=en&languages=uk"
    )
    output = Output.objects.get()
    assert (output.party, output.channel, output.languages, output.reach) == (
        programme["rakvere"], group, ["en", "uk"], 1840,
    )  # fmt: skip
    again = rakvere.get(response["Location"]).context["form"]
    assert again["kind"].value() == "social_post" and again["languages"].value() == ["en", "uk"]
    assert again["title"].value() is None


def test_bad_input_on_the_form_names_the_field_and_writes_nothing(rakvere, programme):
    group = channel(programme["rakvere"])
    response = rakvere.post("/communication/", entry(group.pk, link="ftp://x.ee", date="01.01.2099"))
    errors = response.context["form"].errors
    assert errors["link"] == ["Give an address starting with http:// or https://."]
    assert errors["date"] == ["The date is in the future."]
    assert not Output.objects.exists()
    other = channel(programme["parnu"], "Pärnu Postimees")
    response = rakvere.post("/communication/", entry(other.pk, party=programme["rakvere"].pk))
    assert "channel" in response.context["form"].errors  # another party's channel is not a choice
    assert not Output.objects.exists()


def test_the_list_filters_and_its_query_count(rakvere, programme):
    party = programme["rakvere"]
    group, paper = channel(party, "Ukraina sõbrad Eestis (Rakvere)"), channel(party, "Virumaa Teataja", "newspaper")
    for day in range(1, 13):
        make_output(party, channel=group, date=dt.date(2024, 3, day), languages=["uk"])
    make_output(party, kind="newspaper_story", channel=paper, date=dt.date(2024, 5, 2), languages=["et"])
    response, few = page_queries(rakvere, "/communication/list/")
    assert response.context["page"].paginator.count == 13
    make_output(party, channel=group, date=dt.date(2024, 4, 1), languages=["uk", "ru"])
    assert page_queries(rakvere, "/communication/list/")[1] == few  # no query per row

    def count(query):
        return rakvere.get(f"/communication/list/?{query}").context["page"].paginator.count

    assert count("kind=newspaper_story") == 1
    assert count(f"channel={group.pk}") == 13
    assert count("language=ru") == 1
    assert count("start=01.03.2024&end=31.03.2024") == 12


def test_the_export_lists_the_filtered_outputs(rakvere, programme):
    party = programme["rakvere"]
    make_output(party, title="Postitus A", date=dt.date(2024, 3, 1))
    make_output(party, kind="printed", title="Infoleht B", date=dt.date(2024, 4, 1), languages=["ru"])
    response = rakvere.get("/communication/list/export.csv?kind=printed")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 2 and "Infoleht B" in lines[1] and "Postitus A" not in text
    assert "printed material" in lines[1] and "Russian" in lines[1]
    xlsx = rakvere.get("/communication/list/export.xlsx")
    assert xlsx.status_code == 200


def _upload(text: str, name="veeb.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_an_import_with_one_bad_row_writes_nothing_and_names_the_row(rakvere, programme):
    web = channel(programme["rakvere"], "rakvere.ee", "website")
    text = (
        "Kuupäev;Liik;Kanal;Keeled;Pealkiri;Link\n"
        "02.02.2024;web_page;rakvere.ee;en, ru;Elukoha registreerimine;https://www.rakvere.ee/en/residence\n"
        "03.02.2024;web_page;rakvere.ee;en;Lasteaiakoht;http://rakvere.ee/en/kindergarten\n"
        "04.02.2024;web_page;rakvere.ee;xx;Bussipilet;https://www.rakvere.ee/en/bus\n"
    )
    response = rakvere.post("/communication/import/", {"party": programme["rakvere"].pk, "file": _upload(text)})
    assert response.status_code == 200
    assert [str(e) for e in response.context["errors"]] == ["Row 4, column “Keeled”: Unknown language “xx”."]
    assert not Output.objects.exists()
    good = text.replace(";xx;", ";uk;")
    response = rakvere.post("/communication/import/", {"party": programme["rakvere"].pk, "file": _upload(good)})
    assert response.status_code == 302
    assert list(Output.objects.order_by("date").values_list("title", "channel", "languages")) == [
        ("Elukoha registreerimine", web.pk, ["en", "ru"]),
        ("Lasteaiakoht", web.pk, ["en"]),
        ("Bussipilet", web.pk, ["uk"]),
    ]


def test_an_import_refused_by_the_service_names_row_and_column(rakvere, programme):
    channel(programme["rakvere"], "rakvere.ee", "website")
    text = (
        "date;kind;channel;languages;title;link\n"
        "02.02.2024;web_page;rakvere.ee;en;Elukoha registreerimine;ftp://rakvere.ee/x\n"
        "03.02.2024;web_page;Meie Maa;en;Lasteaiakoht;\n"
    )
    response = rakvere.post("/communication/import/", {"party": programme["rakvere"].pk, "file": _upload(text)})
    assert [str(e) for e in response.context["errors"]] == [
        "Row 2, column “link”: Give an address starting with http:// or https://.",
        "Row 3, column “channel”: Unknown channel “Meie Maa”: add it to your party's channels first.",
    ]
    assert not Output.objects.exists()


def test_an_xlsx_import(rakvere, programme):
    from openpyxl import Workbook

    channel(programme["rakvere"], "rakvere.ee", "website")
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Kind of output", "Channel", "Languages", "Title"])
    sheet.append([dt.date(2024, 6, 1), "web page created or updated", "rakvere.ee", "English", "Jäätmed"])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("veeb.xlsx", data.getvalue())
    response = rakvere.post("/communication/import/", {"party": programme["rakvere"].pk, "file": upload})
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Output.objects.get().date == dt.date(2024, 6, 1)


def test_the_channels_page_adds_a_channel_once(rakvere, programme):
    data = {"party": programme["rakvere"].pk, "name": "Foreigners in Rakvere and Lääne-Virumaa", "kind": "social"}
    assert rakvere.post("/communication/channels/", data).status_code == 302
    response = rakvere.post("/communication/channels/", {**data, "name": "foreigners in rakvere and lääne-virumaa"})
    assert response.context["form"].errors["name"] == ["Your party already has a channel of this name."]
    assert Channel.objects.count() == 1


def test_a_channel_with_outputs_is_not_deleted(rakvere, programme):
    output = make_output(programme["rakvere"])
    response = rakvere.post(f"/communication/channels/{output.channel_id}/delete/")
    assert "has outputs recorded" in response.context["error"]
    assert Channel.objects.filter(pk=output.channel_id).exists()


# --- the API: the form's validation through the same service


def test_the_api_creates_updates_and_refuses_like_the_form(rakvere, programme):
    group = channel(programme["rakvere"])
    payload = {
        "party": "rakvere", "kind": "social_post", "channel": group.pk, "languages": ["uk"],
        "date": "2024-03-12", "title": "Postitus",
    }  # fmt: skip
    response = rakvere.post("/api/v1/communication-outputs/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    url = f"/api/v1/communication-outputs/{response.json()['id']}/"
    etag = rakvere.get(url)["ETag"]
    changed = rakvere.patch(url, {"reach": 900, "reach_unit": "group_members"}, content_type="application/json",
                            headers={"If-Match": etag})  # fmt: skip
    assert changed.status_code == 200 and changed.json()["reach"] == 900
    stale = rakvere.patch(url, {"title": "x"}, content_type="application/json", headers={"If-Match": etag})
    assert stale.status_code == 412
    bad = {**payload, "languages": ["xx"], "link": "ftp://x", "date": "2099-01-01"}
    response = rakvere.post("/api/v1/communication-outputs/", bad, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"languages", "link", "date"}
    assert Output.objects.count() == 1
    jobs = {"party": "rakvere", "subject_kind": "leaflet", "title": "Infoleht", "source_language": "et",
            "target_language": "et", "translated_by": "in_house", "date": "2024-03-01"}  # fmt: skip
    response = rakvere.post("/api/v1/translation-jobs/", jobs, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"target_language": ["The target language must differ from the source."]}


def test_an_invalid_filter_matches_nothing_and_says_why(rakvere, programme):
    make_output(programme["rakvere"])
    response = rakvere.get("/communication/list/?start=31.12.2024&end=01.01.2024")
    assert response.context["page"].paginator.count == 0
    assert response.context["form"].errors["end"] == ["The period ends before it starts."]
