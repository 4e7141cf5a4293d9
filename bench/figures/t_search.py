"""`search`: the one search function (issue 12) over documents with extracted text and the directory's
contacts, against the bare SQL behind it — the very statements the function sends, with their
parameters, run on a raw cursor and fetched (so the ratio is what the ORM, the sources, the ranking's
Python side, the snippets and the result objects add). `search_page`: the results page for the same
query (session, tenancy, layout, template) against the same bare SQL.

Data (large / small scale): 20,000 / 2,000 documents of the partner parties and ELVL, a third for one
network only, each with a current version holding ~1,500 characters of Estonian text; 10,000 / 1,000
contacts at 1,000 / 100 organisations. The query is a word in every 100th document's text and every
50th contact's role, searched by Tartu's coordinator (who reads Tartu's documents and the shared ones).
The query count is taken twice, before and after 10% more documents: it must not grow with the data.
"""

import random

from django.db import connection
from django.test import Client

from bench.harness import Figure, best_of, count_queries
from loim.core.search import search
from loim.network.models import Contact, Document, DocumentVersion, Network, Organisation
from loim.parties.models import Party
from tests.factories import make_member

FIGURES = ["search", "search_page"]
WORD = "lõimumiskava"
BATCH = 2_000
VOCABULARY = [
    "koolitus",
    "koolitusel",
    "infopäev",
    "kohanemine",
    "omavalitsus",
    "koordinaator",
    "võrgustik",
    "kohtumine",
    "protokoll",
    "keelekohvik",
    "suhtlusklubi",
    "raamatukogu",
    "elamisluba",
    "perearst",
    "lasteaed",
    "töötukassa",
    "nõustamine",
    "teenus",
    "uussisserändaja",
    "eesti",
    "keel",
    "kultuur",
    "õppereis",
    "arutati",
    "lepiti",
    "kokku",
    "järgmine",
    "osalejad",
    "ettepanek",
    "tagasiside",
    "kava",
    "aasta",
    "kevad",
    "sügis",
    "linn",
    "vald",
    "maakond",
    "partner",
    "juhend",
    "materjal",
    "tööprotsess",
]


def _text(rng: random.Random, n: int) -> str:
    words = [rng.choice(VOCABULARY) for _ in range(220)]
    if n % 100 == 0:
        words.insert(rng.randrange(len(words)), WORD)
    return " ".join(words).capitalize() + "."


def build_documents(ctx, start: int, count: int) -> None:
    rng = random.Random(start)
    parties = list(Party.objects.filter(kind__in=["partner", "implementer"]))
    networks = {}
    for party in parties:
        networks[party.pk], _ = Network.objects.get_or_create(
            party=party, name=f"{party} võrgustik", defaults={"kind": "local", "founded_on": "2024-01-01"}
        )
    for first in range(start, start + count, BATCH):
        numbers = range(first, min(first + BATCH, start + count))
        documents = []
        for n in numbers:
            party = parties[n % len(parties)]
            only_network = n % 3 == 0
            documents.append(
                Document(
                    party=party,
                    kind="minutes" if only_network else "guidance",
                    title=f"{'Protokoll' if only_network else 'Juhend'} {n}: {rng.choice(VOCABULARY)}",
                    language="et",
                    visibility="network" if only_network else "all_networks",
                    network=networks[party.pk] if only_network else None,
                    tags=[rng.choice(VOCABULARY)],
                    current_number=1,
                )
            )
        Document.objects.bulk_create(documents)
        DocumentVersion.objects.bulk_create(
            DocumentVersion(
                document=document,
                party_id=document.party_id,
                number=1,
                file=f"documents/bench/{n}.pdf",
                original_name=f"dokument-{n}.pdf",
                content_type="application/pdf",
                size=100_000,
                text=_text(rng, n),
                text_state="done",
            )
            for n, document in zip(numbers, documents, strict=True)
        )


def build_contacts(count: int) -> None:
    elvl = Party.objects.get(slug="elvl")
    organisations = Organisation.objects.bulk_create(
        Organisation(party=elvl, name=f"Organisatsioon {i}", kind="ngo") for i in range(max(count // 10, 1))
    )
    rng = random.Random(11)
    first_names = ["Mari", "Jaan", "Олена", "Tiina", "Андрей", "Kadri", "Peeter", "Наталья"]
    for start in range(0, count, BATCH):
        Contact.objects.bulk_create(
            Contact(
                party=elvl,
                organisation=organisations[i % len(organisations)],
                name=f"{rng.choice(first_names)} Kontakt {i}",
                role=f"{WORD} koordinaator" if i % 50 == 0 else "nõustaja",
                email=f"kontakt{i}@example.test",
            )
            for i in range(start, min(start + BATCH, count))
        )


def _analyze() -> None:
    """Fresh planner statistics after the bulk load, as autovacuum gives a real database soon after."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Recorder:
    """Records each statement the function sends (SQL and parameters) for the bare baseline."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def run(ctx) -> list[Figure]:
    large = ctx["scale"].name == "large"
    documents, contacts = (20_000, 10_000) if large else (2_000, 1_000)
    build_documents(ctx, 0, documents)
    build_contacts(contacts)
    _analyze()
    user = make_member(Party.objects.get(slug="tartu"), "coordinator")
    search(user, WORD)  # the user's access is read once, as once per request

    def function():
        results = search(user, WORD)
        assert results.total > 0

    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        function()

    def bare():
        with connection.cursor() as cursor:
            for sql, params in recorder.statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    client = Client()
    client.force_login(user)
    url = f"/search/?q={WORD}"
    assert WORD in client.get(url).content.decode()

    def page():
        assert client.get(url).status_code == 200

    queries = count_queries(function)
    page_queries = count_queries(page)
    build_documents(ctx, documents, documents // 10)
    _analyze()
    note_grow = ""
    if count_queries(function) != queries:
        note_grow = f"; queries_grow: {queries} → {count_queries(function)}"
    repeat = 5 if large else 9
    baseline = best_of(bare, repeat)
    vendor = connection.vendor
    hits = search(user, WORD).total
    rows = Document.objects.count() + Contact.objects.count()
    return [
        Figure(
            name="search",
            value_s=best_of(function, repeat),
            baseline_s=baseline,
            goal=1.5,
            queries=queries,
            rows=rows,
            note=f"search(user, {WORD!r}) as Tartu, {hits} hits, vs. its own SQL on a raw cursor ({vendor})"
            + note_grow,
        ),
        Figure(
            name="search_page",
            value_s=best_of(page, repeat),
            baseline_s=baseline,
            goal=1.5,
            queries=page_queries,
            rows=rows,
            note=f"GET /search/?q={WORD} as Tartu vs. the same bare SQL ({vendor})",
        ),
    ]
