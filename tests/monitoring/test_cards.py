"""An indicator card's markup is kept per process for the figures it shows (monitoring.cards): the
same figures give the same card, and any change of what the card shows renders it again — also a
change that leaves the total as it was.

Expected values by hand from the scenario (tests/monitoring/conftest.py; the 2024 year is over): the
local networks are entered by hand, Tartu 1 in 2024 → ELVL's card: total 1, "Tartu LV" 1 (the short names).
"""

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from loim.monitoring.access import Viewer
from loim.monitoring.cards import TEMPLATE, card_html
from loim.monitoring.models import ManualValue
from loim.monitoring.selectors import dashboard

URL = reverse("monitoring:dashboard", kwargs={"year": 2024})
AS_OF = dt.date(2025, 2, 1)


def networks_card(html: str) -> str:
    return re.search(
        r'<article class="card indicator[^"]*" aria-labelledby="ind-local-networks">.*?</article>', html, re.S
    ).group(0)


def parts_of(card: str) -> list[tuple[str, str]]:
    """(party, part) of the card's table of each party's part."""
    table = re.search(r'<table class="data compact parts">.*?</table>', card, re.S)
    if table is None:
        return []
    return re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td>', table.group(0))


@pytest.mark.parametrize("slug", ["elvl", "tartu", "tallinn"])
def test_every_card_is_the_template_s_own_markup(scenario, member, slug):
    """Whoever looks (the programme, a partner with its own share, a partner without one), each card
    kept in the memo is exactly what the template renders for that result."""
    plan = scenario["plan"]
    viewer = Viewer(user=member(slug, "coordinator"))
    with translation.override("et"):
        for result in dashboard(plan, viewer, as_of=AS_OF).results:
            expected = render_to_string(TEMPLATE, {"r": result, "plan": plan, "query": ""})
            assert card_html(result, plan) == expected  # computed
            assert card_html(result, plan) == expected  # kept
        english = dashboard(plan, viewer, as_of=AS_OF).results[0]
    with translation.override("en"):
        assert card_html(english, plan) == render_to_string(TEMPLATE, {"r": english, "plan": plan, "query": ""})


def test_a_part_moving_to_another_party_renders_the_card_again(client, scenario, member):
    """The total stays 1, but the part moves from Tartu to Tallinn: the card must say so."""
    client.force_login(member("elvl", "coordinator"))
    card = networks_card(client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert parts_of(card) == [("Tartu LV", "1")]

    tartu_value = ManualValue.objects.get(indicator_key="local-networks", year=2024)
    ManualValue.objects.create(
        party=scenario["parties"]["tallinn"], indicator_key="local-networks", year=2024, value=1, evidence="Võrgustik"
    )
    tartu_value.delete()
    card = networks_card(client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert parts_of(card) == [("Tallinna LV", "1")]


def test_lazy_text_in_a_result_is_compared_by_its_words(scenario, member):
    """Text whose repr is not its words (a lazy translation) is spelt out, so equal words give equal
    cards and other words another card — never a fingerprint of the object's address."""
    import dataclasses

    from django.utils.translation import gettext_lazy

    from loim.monitoring.cards import fingerprint

    result = dashboard(scenario["plan"], Viewer(user=member("elvl", "coordinator")), as_of=AS_OF).results[0]

    def with_explanation(text):
        return dataclasses.replace(result, outlook=dataclasses.replace(result.outlook, explanation=text))

    assert fingerprint(with_explanation(gettext_lazy("reached"))) == fingerprint(
        with_explanation(gettext_lazy("reached"))
    )
    assert fingerprint(with_explanation(gettext_lazy("reached"))) != fingerprint(
        with_explanation(gettext_lazy("at risk"))
    )
