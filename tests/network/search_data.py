"""The records the search tests build (hand-worked expectations in tests/network/test_search.py).

- Tartu's minutes for its own network, "Protokoll 05.03.2024", current text "Arutati koolitusel
  osalemist ja Õppereisi Narva." (version 2; version 1's text, "Vana versioon: keelekohvik", is not
  current any more);
- Tallinn's minutes for its own network only, "Lõimumiskoja protokoll", text "Koolituse kava ja
  ÕPPEREIS Tallinnas";
- ELVL's guidance for all networks, "Juhend: kohanemisprogramm", tag "kohanemisõpe", no text;
- ELVL's English guidance for all networks, "Guide", text "Trainings for newcomers. See juhend.";
- organisations "Eesti Töötukassa" (74000725) and "Integratsiooni Sihtasutus", a contact "Мария
  Иванова" (nõustaja, maria@example.ee) at the first;
- events "Tartu koolituspäev" (Tartu's) and "Koolitus: eesti keel" (Tallinn's);
- a 2024 plan row "Kohanemiskoolituste korraldamine", code 3.5.2.1/2.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from loim.events.models import Event
from loim.network.documents import DocumentInput, document_create, version_add
from loim.network.models import Contact, DocumentVersion, Network, Organisation
from loim.plans.models import Activity, EventKind, Plan
from loim.plans.services import event_kinds_ensure

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TALLINN_TZ = dt.timezone(dt.timedelta(hours=2))


def upload(name="protokoll.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def with_text(document, text):
    """Stand in for the worker's extraction (tested in test_extraction.py): the current version's text."""
    DocumentVersion.objects.filter(document=document, number=document.current_number).update(
        text=text, text_state="done"
    )
    return document


def document(party, title, *, language="et", visibility="all_networks", network=None, tags=(), text=""):
    data = DocumentInput(
        kind="minutes" if network else "guidance",
        title=title,
        language=language,
        visibility=visibility,
        network=network,
        tags=list(tags),
    )
    return with_text(document_create(party=party, data=data, upload=upload()), text)


def event(party, title, day):
    start = dt.datetime.combine(day, dt.time(10), tzinfo=TALLINN_TZ)
    return Event.objects.create(
        party=party,
        kind=EventKind.objects.get(code="training"),
        title=title,
        start=start,
        end=start + dt.timedelta(hours=2),
        municipality=party.municipality,
    )


def build(programme) -> SimpleNamespace:
    event_kinds_ensure()
    tartu, tallinn, elvl = programme["tartu"], programme["tallinn"], programme["elvl"]
    founded = dt.date(2024, 1, 1)
    tartu_net = Network.objects.create(party=tartu, name="Tartu võrgustik", kind="local", founded_on=founded)
    tallinn_net = Network.objects.create(
        party=tallinn, name="Lõimumiskoda", kind="council", founded_on=dt.date(2024, 1, 1)
    )
    tartu_minutes = document(
        tartu, "Protokoll 05.03.2024", visibility="network", network=tartu_net, text="Vana versioon: keelekohvik"
    )
    version_add(document=tartu_minutes, upload=upload("protokoll-2.pdf"))
    tartu_minutes.refresh_from_db()
    with_text(tartu_minutes, "Arutati koolitusel osalemist ja Õppereisi Narva.")
    tallinn_minutes = document(
        tallinn,
        "Lõimumiskoja protokoll",
        visibility="network",
        network=tallinn_net,
        text="Koolituse kava ja ÕPPEREIS Tallinnas",
    )
    guidance = document(elvl, "Juhend: kohanemisprogramm", tags=["kohanemisõpe"])
    guide = document(elvl, "Guide", language="en", text="Trainings for newcomers. See juhend.")
    kassa = Organisation.objects.create(
        party=elvl, name="Eesti Töötukassa", registry_code="74000725", kind="state_agency"
    )
    foundation = Organisation.objects.create(party=elvl, name="Integratsiooni Sihtasutus", kind="state_agency")
    maria = Contact.objects.create(
        party=elvl, organisation=kassa, name="Мария Иванова", role="nõustaja", email="maria@example.ee"
    )
    plan = Plan.objects.create(
        party=elvl,
        year=2024,
        title="Tegevuskava 2024",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        frame_end=dt.date(2029, 10, 31),
    )
    row = Activity.objects.create(
        plan=plan,
        party=elvl,
        code="3.5.2.1/2",
        section="implementer",
        measure_code="3.5.2.1",
        title="Kohanemiskoolituste korraldamine",
    )
    return SimpleNamespace(
        tartu_minutes=tartu_minutes,
        tallinn_minutes=tallinn_minutes,
        guidance=guidance,
        guide=guide,
        kassa=kassa,
        foundation=foundation,
        maria=maria,
        tartu_event=event(tartu, "Tartu koolituspäev", dt.date(2024, 3, 5)),
        tallinn_event=event(tallinn, "Koolitus: eesti keel", dt.date(2024, 4, 9)),
        row=row,
    )
