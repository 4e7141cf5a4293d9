"""Communication records counted where the plan counts (issue 15): planned versus done on the rows
that name communication work, the report's section per party and language — expected values worked
out by hand from the records built here — and the plan file's `outputs`."""

import datetime as dt

import pytest
from django.utils import translation

from loim.communication.models import JobStatus
from loim.monitoring.access import Viewer
from loim.monitoring.planned import planned_vs_done
from loim.monitoring.report import build_report
from tests.communication.helpers import channel, make_job, make_output
from tests.monitoring.builders import make_activity, make_plan

POSTS = {"outputs": ["social_post"], "quote": "Maakondliku Facebooki grupi arendamine", "note": ""}
MATERIALS = {"outputs": ["printed", "translation", "web_page"], "quote": "tõlkimine, uuendamine ja trükkimine"}


@pytest.fixture
def rows(programme):
    rakvere, tartu = programme["rakvere"], programme["tartu"]
    plan = make_plan(2024)
    top = make_activity(plan, "3.5.2.3", section="partner", responsible=[rakvere])
    materials = make_activity(plan, "3.5.2.3", parent=top, row_key="1.1", responsible=[rakvere])
    materials.planned = [MATERIALS]
    materials.save()
    facebook = make_activity(plan, "3.5.2.3", parent=top, row_key="3.2", responsible=[rakvere])
    facebook.planned = [{**POSTS, "count": 12}]
    facebook.save()
    tartu_top = make_activity(plan, "3.5.2.1", section="partner", responsible=[tartu])
    news = make_activity(plan, "3.5.2.1", parent=tartu_top, row_key="1.2", responsible=[tartu])
    group = channel(rakvere, "Foreigners in Rakvere and Lääne-Virumaa")
    ukraine = channel(rakvere, "Ukraina sõbrad Eestis (Rakvere)")
    # counted on 3.2: four posts of 2024 linked to the row (two groups)
    for day, where, languages in [
        (dt.date(2024, 1, 10), group, ["en"]),
        (dt.date(2024, 3, 5), group, ["en", "ru"]),
        (dt.date(2024, 6, 20), ukraine, ["uk"]),
        (dt.date(2024, 11, 2), ukraine, ["uk", "ru"]),
    ]:
        make_output(rakvere, channel=where, date=day, languages=languages, activity=facebook)
    # not counted on 3.2: a post of 2023 is refused by the plan year, so: a post on no row, a news article
    make_output(rakvere, channel=group, date=dt.date(2024, 2, 1))
    make_output(rakvere, kind="news", channel=group, date=dt.date(2024, 2, 2), activity=facebook, languages=["et"])
    # counted on 1.1: a leaflet, a web update, a translation job done; not: a job in progress
    make_output(rakvere, kind="printed", channel=group, date=dt.date(2024, 4, 1), activity=materials,
                languages=["et", "en"])  # fmt: skip
    make_output(rakvere, kind="web_page", channel=group, date=dt.date(2024, 10, 1), activity=materials)
    make_job(rakvere, activity=materials, date=dt.date(2024, 3, 1), target_language="ru")
    make_job(rakvere, activity=materials, date=dt.date(2024, 5, 1), status=JobStatus.IN_PROGRESS)
    # Tartu's news on its own row: none of Rakvere's counts
    make_output(tartu, kind="news", channel=channel(tartu, "tartu.ee"), date=dt.date(2024, 5, 5), activity=news,
                languages=["en", "ru"])  # fmt: skip
    return {"plan": plan, "facebook": facebook, "materials": materials, "news": news}


def test_rows_count_their_communication_records(rows):
    with translation.override("en"):
        found = planned_vs_done(rows["plan"], Viewer.system(), as_of=dt.date(2025, 3, 1))
        (posts,) = found[rows["facebook"].pk]
        assert (posts.count, posts.done, posts.text) == (12, 4, "planned 12, done 4")
        (materials,) = found[rows["materials"].pk]
        assert (materials.count, materials.done, materials.text) == (None, 3, "no number in the plan, done 3")
    assert [r.date for r in materials.records] == [dt.date(2024, 10, 1), dt.date(2024, 4, 1), dt.date(2024, 3, 1)]
    # as of 30.06.2024: the posts of 10.01, 05.03 and 20.06; the leaflet of 01.04 and the job of 01.03
    midyear = planned_vs_done(rows["plan"], Viewer.system(), as_of=dt.date(2024, 6, 30))
    assert midyear[rows["facebook"].pk][0].done == 3
    assert midyear[rows["materials"].pk][0].done == 2


def test_the_news_article_is_not_a_post(rows):
    """The row's posts: 4 linked posts; the news article linked to the same row is another kind."""
    found = planned_vs_done(rows["plan"], Viewer.system(), as_of=dt.date(2025, 3, 1))
    titles = [r.title for r in found[rows["facebook"].pk][0].records]
    assert len(titles) == 4


def test_a_partner_counts_only_what_it_may_count(rows, member):
    tartu = Viewer(user=member("tartu"))
    found = planned_vs_done(rows["plan"], tartu, as_of=dt.date(2025, 3, 1))
    assert found[rows["facebook"].pk][0].done == 0
    assert found[rows["materials"].pk][0].done == 0


def test_the_report_lists_communication_per_party_and_language(rows):
    with translation.override("en"):
        report = build_report(rows["plan"], Viewer.system(), as_of=dt.date(2025, 3, 1))
    table = {(r.party, r.kind, r.language): r.count for r in report.communication}
    # Rakvere's posts: en (10.01, 05.03, 01.02) = 3, ru (05.03, 02.11) = 2, uk (20.06, 02.11) = 2
    assert table[("Rakvere LV", "social media post", "English")] == 3
    assert table[("Rakvere LV", "social media post", "Russian")] == 2
    assert table[("Rakvere LV", "social media post", "Ukrainian")] == 2
    assert table[("Rakvere LV", "news article", "Estonian")] == 1
    assert table[("Rakvere LV", "printed material", "Estonian")] == 1
    assert table[("Rakvere LV", "printed material", "English")] == 1
    assert table[("Rakvere LV", "web page created or updated", "English")] == 1
    assert table[("Tartu LV", "news article", "English")] == 1 and table[("Tartu LV", "news article", "Russian")] == 1
    assert sum(table.values()) == 3 + 2 + 2 + 1 + 2 + 1 + 2
    jobs = {(r.party, r.source, r.target): r.count for r in report.translations}
    assert jobs == {("Rakvere LV", "Estonian", "Russian"): 1, ("Rakvere LV", "Estonian", "English"): 1}
    row = next(r for r in report.activities if r.activity_id == rows["facebook"].pk)
    assert [p.text for p in row.planned] == ["planned 12, done 4"]
    assert len(row.planned[0].record_titles) == 4


def test_the_plan_file_reads_outputs_and_refuses_an_unknown_kind(programme):
    from loim.plans.planfile.outputs import output_kinds

    assert {"social_post", "newspaper_story", "translation"} <= output_kinds()


def test_the_2024_plan_counts_the_rows_the_issue_names(programme):
    """The shipped plan names communication work on the rows of the issue."""
    import yaml

    with open("plans/2024.yaml", encoding="utf-8") as handle:
        plan = yaml.safe_load(handle)
    found = {}

    def walk(node, code):
        for item in node.get("planned") or []:
            if item.get("outputs"):
                found[f"{code}/{node.get('number', '').rstrip('.')}".rstrip("/")] = item["outputs"]
        for child in node.get("rows") or []:
            walk(child, code)

    for section in plan["sections"]:
        for activity in section["activities"]:
            walk(activity, activity["code"])
    assert found == {
        "3.5.1.3/2": ["translation"],
        "3.5.2.1/1.2": ["news", "press_release", "printed", "web_page"],
        "3.5.2.3/1.1": ["printed", "translation", "web_page"],
        "3.5.2.3/3.2": ["social_post"],
        "3.5.2.4/1.1": ["web_page"],
        "3.5.2.4/1.3": ["translation"],
        "3.5.2.4/2.2": ["newspaper_story"],
        "3.5.2.5/1.3": ["printed", "translation", "web_page"],
    }
