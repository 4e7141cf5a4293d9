"""The signed-in home page against an empty Django view: the cost of the layout, navigation,
tenancy lookup and session handling that every page pays."""

from django.test import Client

from bench.harness import Figure, best_of, count_queries
from loim.parties.models import Party
from tests.factories import make_member


def run(ctx) -> list[Figure]:
    user = make_member(Party.objects.get(slug="tartu"), "coordinator")
    client = Client()
    client.force_login(user)
    client.get("/")  # warm caches (templates, translations)

    def page():
        assert client.get("/").status_code == 200

    def baseline():
        assert client.get("/bench-empty/").status_code == 200

    return [
        Figure(
            name="home",
            value_s=best_of(page, 20),
            baseline_s=best_of(baseline, 20),
            queries=count_queries(page),
            note="signed-in home page vs. an empty Django view through the same middleware",
        )
    ]
