"""Demo data of the register: fictional people who agreed to be contacted in 2024.

Saaremaa keeps a contact database (plan 1.2): about 30 people, a few contacts made, links to
inquiries and named attendance where those demo records exist, one withdrawn consent and one consent
that has ended, which the retention purge would erase. Rakvere (plan 1.3) records where the target
group lives across Lääne-Viru county: the county view shows numbers, and one small cell (three
returnees in Rakvere) is suppressed together with its complementary cells. Tartu and Pärnu have a
few people each. Every name is invented.

Consents were given in 2024; they last until the people's retention date (the end of the party's
partnership term, or the fallback period when the term is over), so the demo works whatever the date.
Idempotent: a party whose demo purpose exists is left alone.
"""

import datetime as dt

from django.contrib.auth import get_user_model

from loim.core.demo import require_demo_mode
from loim.events.models import Event
from loim.inquiries.models import Inquiry, Topic
from loim.parties.models import Party
from loim.places.models import Municipality

from .access import SUBJECT_REQUEST, Why, log_access
from .models import AccessAction, AccessReason, Consent, ConsentMethod, ConsentText, Person, Purpose
from .selectors import retention_limit
from .services.config import consent_text_create, purpose_save
from .services.links import attendance_add, inquiry_link_add
from .services.people import (
    ConsentInput,
    PersonInput,
    consent_add,
    consent_withdraw,
    contact_record,
    person_create,
)

EVENTS_PURPOSE = "Teave ürituste ja teenuste kohta"

CONSENT_TEXTS = {
    "et": "Olen nõus, et {party} kasutab minu nime, eelistatud keelt ja kontaktandmeid, et saata mulle teavet "
    "kohanemist toetavate ürituste ja teenuste kohta. Võin nõusoleku igal ajal tagasi võtta.",
    "ru": "Я согласен(на), что {party} использует моё имя, предпочитаемый язык и контактные данные, чтобы "
    "сообщать мне о мероприятиях и услугах, помогающих адаптации. Я могу отозвать согласие в любое время.",
    "uk": "Я погоджуюся, що {party} використовує моє ім'я, мову спілкування та контактні дані, щоб надсилати "
    "мені інформацію про заходи й послуги з адаптації. Я можу відкликати згоду будь-коли.",
    "en": "I agree that {party} uses my name, preferred language and contact details to send me information "
    "about events and services that support settling in. I may withdraw this consent at any time.",
}

PURPOSES = {
    "saaremaa": [
        (
            EVENTS_PURPOSE,
            "Kutsed infopäevadele, keelekohvikutesse ja suhtlusklubidesse ning teave valla teenuste kohta.",
            "Saaremaa Vallavalitsuse kohanemise koordinaator; SMS-ide saatmise teenuse pakkuja (volitatud töötleja).",
        ),
    ],
    "rakvere": [
        (
            EVENTS_PURPOSE,
            "Kutsed üritustele ja teave teenuste kohta.",
            "Rakvere Linnavalitsuse lõimumise koordinaator.",
        ),
        (
            "Sihtrühma elukohtade kaardistamine maakonnas",
            "Et Lääne-Viru maakonna omavalitsused teaksid, kus sihtrühm elab. Teistele omavalitsustele antakse "
            "ainult isikustamata koondarvud, väikesed arvud peidetakse.",
            "Lääne-Viru maakonna omavalitsused saavad ainult isikustamata koondarve.",
        ),
    ],
    "tartu": [(EVENTS_PURPOSE, "Kutsed üritustele ja teave teenuste kohta.", "Tartu Linnavalitsuse töötajad.")],
    "parnu": [(EVENTS_PURPOSE, "Kutsed üritustele ja teave teenuste kohta.", "Pärnu Linnavalitsuse töötajad.")],
}

# name, languages, phone, e-mail, municipality, settlement, arrival year, target group, consent given on
SAAREMAA = [
    ("Olena Hrytsenko", "uk ru", "5301 2211", "", "Saaremaa vald", "Kuressaare", 2022, "newcomer", "2024-02-12"),
    ("Mykola Hrytsenko", "uk", "5301 2212", "", "Saaremaa vald", "Kuressaare", 2022, "newcomer", "2024-02-12"),
    ("Iryna Bondar", "uk en", "", "iryna.bondar@example.org", "Saaremaa vald", "Nasva", 2023, "newcomer", "2024-02-20"),
    ("Oksana Marchuk", "uk", "5342 8810", "", "Saaremaa vald", "Orissaare", 2022, "newcomer", "2024-03-04"),
    ("Andrii Marchuk", "uk ru", "5342 8811", "", "Saaremaa vald", "Orissaare", 2022, "newcomer", "2024-03-04"),
    (
        "Svitlana Koval",
        "uk",
        "5566 0142",
        "svitlana.k@example.org",
        "Saaremaa vald",
        "Kuressaare",
        2023,
        "newcomer",
        "2024-03-18",
    ),
    ("Tetiana Lysenko", "uk ru", "5510 3377", "", "Saaremaa vald", "Salme", 2022, "newcomer", "2024-04-02"),
    ("Natalia Petrova", "ru", "5123 9087", "", "Saaremaa vald", "Kuressaare", 2019, "other_background", "2024-04-09"),
    ("Sergei Ivanov", "ru et", "5123 9088", "", "Saaremaa vald", "Kudjape", 2015, "other_background", "2024-04-09"),
    ("Priya Raman", "en", "", "priya.raman@example.org", "Saaremaa vald", "Kuressaare", 2023, "newcomer", "2024-04-22"),
    ("Arjun Raman", "en", "", "arjun.raman@example.org", "Saaremaa vald", "Kuressaare", 2023, "newcomer", "2024-04-22"),
    (
        "Maria Santos",
        "en",
        "5877 4410",
        "maria.santos@example.org",
        "Saaremaa vald",
        "Kärla",
        2024,
        "newcomer",
        "2024-05-06",
    ),
    (
        "Joanna Nowak",
        "en other",
        "",
        "joanna.nowak@example.org",
        "Saaremaa vald",
        "Kuressaare",
        2021,
        "newcomer",
        "2024-05-13",
    ),
    (
        "Tomasz Nowak",
        "en other",
        "",
        "tomasz.nowak@example.org",
        "Saaremaa vald",
        "Kuressaare",
        2021,
        "newcomer",
        "2024-05-13",
    ),
    (
        "Liis Saarepuu",
        "et en",
        "5012 6634",
        "liis.saarepuu@example.org",
        "Saaremaa vald",
        "Valjala",
        2024,
        "returnee",
        "2024-05-27",
    ),
    ("Kaarel Tuulik", "et", "5090 1185", "", "Saaremaa vald", "Leisi", 2023, "returnee", "2024-06-10"),
    ("Hanna Müller", "en other", "", "hanna.mueller@example.org", "Muhu vald", "Liiva", 2023, "newcomer", "2024-06-17"),
    ("Viktoriia Savchenko", "uk", "5388 2290", "", "Saaremaa vald", "Kuressaare", 2022, "newcomer", "2024-08-19"),
    ("Dmytro Savchenko", "uk", "5388 2291", "", "Saaremaa vald", "Kuressaare", 2022, "newcomer", "2024-08-19"),
    (
        "Yulia Melnyk",
        "uk ru",
        "5455 6612",
        "yulia.melnyk@example.org",
        "Saaremaa vald",
        "Aste",
        2023,
        "newcomer",
        "2024-09-02",
    ),
    ("Aleksei Smirnov", "ru", "5611 2045", "", "Saaremaa vald", "Kuressaare", 2012, "other_background", "2024-09-09"),
    ("Galina Smirnova", "ru", "5611 2046", "", "Saaremaa vald", "Kuressaare", 2012, "other_background", "2024-09-09"),
    ("Chen Wei", "en other", "", "chen.wei@example.org", "Saaremaa vald", "Kuressaare", 2024, "newcomer", "2024-09-23"),
    ("Ahmed Karimi", "en other", "5733 9021", "", "Saaremaa vald", "Kuressaare", 2023, "newcomer", "2024-10-07"),
    ("Kristiina Rand", "et", "5145 7789", "", "Muhu vald", "Hellamaa", 2024, "returnee", "2024-10-14"),
    ("Valentyna Shevchuk", "uk", "5299 4310", "", "Saaremaa vald", "Orissaare", 2023, "newcomer", "2024-10-21"),
    (
        "Roman Tkachenko",
        "uk ru",
        "5299 4311",
        "roman.t@example.org",
        "Saaremaa vald",
        "Orissaare",
        2023,
        "newcomer",
        "2024-10-21",
    ),
    (
        "Lucía Fernández",
        "en other",
        "",
        "lucia.fernandez@example.org",
        "Saaremaa vald",
        "Kuressaare",
        2024,
        "newcomer",
        "2024-11-04",
    ),
    (
        "Marek Kowalski",
        "en",
        "",
        "marek.kowalski@example.org",
        "Saaremaa vald",
        "Kuressaare",
        2022,
        "newcomer",
        "2024-11-18",
    ),
    ("Anastasiia Kravets", "uk", "5520 8876", "", "Ruhnu vald", "Ruhnu", 2024, "newcomer", "2024-12-02"),
]
SAAREMAA_WITHDRAWN = "Natalia Petrova"  # withdrew her consent by e-mail
SAAREMAA_ENDED = "Kaarel Tuulik"  # his consent has ended: the next purge erases him

# Lääne-Viru: 7 newcomers and 3 returnees in Rakvere linn, 5 and 5 in Tapa vald, 5 people of another
# background in Kadrina vald. The three returnees are a small cell.
RAKVERE = [
    ("Halyna Romanenko", "uk", "5310 4401", "", "Rakvere linn", "", 2022, "newcomer", "2024-02-15"),
    ("Petro Romanenko", "uk ru", "5310 4402", "", "Rakvere linn", "", 2022, "newcomer", "2024-02-15"),
    ("Larysa Hnatiuk", "uk", "", "larysa.h@example.org", "Rakvere linn", "", 2023, "newcomer", "2024-03-07"),
    ("Ihor Zinchenko", "uk ru", "5388 1120", "", "Rakvere linn", "", 2022, "newcomer", "2024-03-21"),
    ("Kateryna Polishchuk", "uk", "5377 0032", "", "Rakvere linn", "", 2023, "newcomer", "2024-04-11"),
    ("Samuel Okafor", "en", "", "samuel.okafor@example.org", "Rakvere linn", "", 2023, "newcomer", "2024-05-16"),
    ("Elif Yilmaz", "en other", "", "elif.yilmaz@example.org", "Rakvere linn", "", 2024, "newcomer", "2024-09-12"),
    ("Mart Kivimägi", "et", "5099 3321", "", "Rakvere linn", "", 2023, "returnee", "2024-06-06"),
    ("Kadri Lepik", "et en", "", "kadri.lepik@example.org", "Rakvere linn", "", 2024, "returnee", "2024-08-22"),
    ("Jaanus Org", "et", "5066 7712", "", "Rakvere linn", "", 2024, "returnee", "2024-10-03"),
    ("Ludmila Orlova", "ru", "5544 1009", "", "Tapa vald", "Tapa", 2021, "newcomer", "2024-03-14"),
    ("Vadim Orlov", "ru", "5544 1010", "", "Tapa vald", "Tapa", 2021, "newcomer", "2024-03-14"),
    ("Inna Kuzmenko", "uk ru", "5402 7765", "", "Tapa vald", "Lehtse", 2022, "newcomer", "2024-04-25"),
    ("Serhii Kuzmenko", "uk ru", "5402 7766", "", "Tapa vald", "Lehtse", 2022, "newcomer", "2024-04-25"),
    ("Nadiia Boiko", "uk", "5430 9981", "", "Tapa vald", "Tapa", 2023, "newcomer", "2024-06-20"),
    ("Tiina Kask", "et", "5177 2200", "", "Tapa vald", "Tapa", 2023, "returnee", "2024-05-02"),
    ("Rasmus Kask", "et en", "5177 2201", "", "Tapa vald", "Tapa", 2023, "returnee", "2024-05-02"),
    ("Eveli Mänd", "et", "", "eveli.mand@example.org", "Tapa vald", "Moe", 2024, "returnee", "2024-07-11"),
    ("Priit Jõesaar", "et", "5255 0190", "", "Tapa vald", "Tapa", 2024, "returnee", "2024-09-26"),
    ("Anu Roosileht", "et en", "", "anu.roosileht@example.org", "Tapa vald", "Tamsalu", 2024, "returnee", "2024-11-07"),
    ("Viktor Sokolov", "ru", "5621 3344", "", "Kadrina vald", "Kadrina", 2010, "other_background", "2024-03-28"),
    ("Irina Sokolova", "ru", "5621 3345", "", "Kadrina vald", "Kadrina", 2010, "other_background", "2024-03-28"),
    ("Oleg Fedorov", "ru et", "5633 8120", "", "Kadrina vald", "Hulja", 2008, "other_background", "2024-05-23"),
    ("Jelena Fedorova", "ru et", "5633 8121", "", "Kadrina vald", "Hulja", 2008, "other_background", "2024-05-23"),
    ("Nikolai Vassiljev", "ru", "5688 4102", "", "Kadrina vald", "Kadrina", 2005, "other_background", "2024-08-15"),
]

TARTU = [
    (
        "Mariana Oliveira",
        "en other",
        "",
        "mariana.oliveira@example.org",
        "Tartu linn",
        "Annelinn",
        2023,
        "newcomer",
        "2024-02-27",
    ),
    ("Bohdan Levchenko", "uk", "5311 0987", "", "Tartu linn", "Karlova", 2022, "newcomer", "2024-04-16"),
    (
        "Emma Virtanen",
        "en other",
        "",
        "emma.virtanen@example.org",
        "Tartu linn",
        "Supilinn",
        2024,
        "newcomer",
        "2024-09-17",
    ),
    ("Kertu Sepp", "et en", "5188 4567", "", "Tartu vald", "Kõrveküla", 2024, "returnee", "2024-10-29"),
]

PARNU = [
    ("Oleksandr Horbach", "uk ru", "5490 3312", "", "Pärnu linn", "", 2022, "newcomer", "2024-03-12"),
    ("Ruta Kazlauskienė", "en other", "", "ruta.k@example.org", "Pärnu linn", "", 2023, "newcomer", "2024-06-04"),
    ("Siim Laas", "et", "5104 2288", "", "Tori vald", "Sindi", 2024, "returnee", "2024-08-08"),
]

PEOPLE = {"saaremaa": SAAREMAA, "rakvere": RAKVERE, "tartu": TARTU, "parnu": PARNU}


def _purposes(party) -> list[Purpose]:
    purposes = []
    for name, description, recipients in PURPOSES[party.slug]:
        purpose = Purpose.objects.filter(party=party, name=name).first() or purpose_save(
            party=party,
            name=name,
            legal_basis="consent",
            consent_months=24,
            description=description,
            recipients=recipients,
        )
        for language, body in CONSENT_TEXTS.items():
            if not ConsentText.objects.filter(purpose=purpose, version="2024-1", language=language).exists():
                consent_text_create(
                    purpose=purpose,
                    version="2024-1",
                    language=language,
                    body=body.format(party=party.name),
                    published_on=dt.date(2024, 1, 15),
                )
        purposes.append(purpose)
    return purposes


def _person(party, row, purpose, *, until: dt.date, topics) -> Person:
    name, languages, phone, email, municipality, settlement, year, group, given = row
    given_on = dt.date.fromisoformat(given)
    language = next((code for code in languages.split() if code in CONSENT_TEXTS), "et")
    return person_create(
        party=party,
        data=PersonInput(
            name=name,
            languages=languages.split(),
            target_group=group,
            phone=phone,
            email=email,
            municipality=Municipality.objects.current().get(name=municipality),
            settlement=settlement,
            arrival_year=year,
            topics=topics,
            retention_until=until,
        ),
        consent=ConsentInput(
            purpose=purpose,
            text_version=ConsentText.objects.get(purpose=purpose, version="2024-1", language=language),
            given_on=given_on,
            method=ConsentMethod.PAPER if phone else ConsentMethod.WEB_FORM,
            ends_on=until,
        ),
    )


def seed(*, out) -> None:
    require_demo_mode()
    today = dt.date.today()
    topics = list(Topic.objects.filter(active=True, parent__isnull=False).order_by("order", "code")[:6])
    coordinators = {slug: get_user_model().objects.filter(email=f"koordinaator@{slug}.demo").first() for slug in PEOPLE}
    created = 0
    for slug, rows in PEOPLE.items():
        party = Party.objects.filter(slug=slug).first()
        if party is None or Purpose.objects.filter(party=party, name=EVENTS_PURPOSE).exists():
            continue
        purposes = _purposes(party)
        until = retention_limit(party=party, today=today)
        people = []
        for index, row in enumerate(rows):
            interest = [topics[index % len(topics)]] if topics and index % 3 == 0 else []
            person = _person(party, row, purposes[-1], until=until, topics=interest)
            if len(purposes) > 1 and index % 2 == 0:
                # Rakvere: everyone agreed to the mapping, every other person also to invitations.
                first = person.consents.get()
                consent_add(
                    person=person,
                    data=ConsentInput(
                        purpose=purposes[0],
                        text_version=ConsentText.objects.get(
                            purpose=purposes[0], version="2024-1", language=first.text_version.language
                        ),
                        given_on=first.given_on,
                        method=first.method,
                        ends_on=until,
                    ),
                )
            people.append(person)
        created += len(people)
        _activity(party, people, coordinators.get(slug), today=today)
    if created:
        out.write(f"Register: {created} fictional people with consents (Saaremaa, Rakvere, Tartu, Pärnu)\n")


def _activity(party, people, coordinator, *, today: dt.date) -> None:
    """Contacts, links, a withdrawal, an ended consent and some reads, as a year of use leaves them."""
    by_name = {person.name: person for person in people}
    if party.slug == "saaremaa":
        consent_withdraw(consent=by_name[SAAREMAA_WITHDRAWN].consents.get(), on=min(today, dt.date(2024, 11, 15)))
        ended = by_name[SAAREMAA_ENDED].consents.get()
        # The consent ran out: its end date is in the past (set directly, as time passing would).
        Consent.objects.filter(pk=ended.pk).update(ends_on=today - dt.timedelta(days=3))
        for person, day in zip(
            people[:6],
            ["2024-03-12", "2024-04-03", "2024-05-08", "2024-09-10", "2024-10-01", "2024-11-20"],
            strict=True,
        ):
            purpose = person.consents.get().purpose
            contact_record(
                person=person,
                actor=coordinator,
                contacted_on=max(dt.date.fromisoformat(day), person.consents.get().given_on),
                channel="sms" if person.phone else "email",
                purpose=purpose,
                note="Kutse keelekohvikusse saadetud.",
            )
        active = [p for p in people if p.name not in (SAAREMAA_WITHDRAWN, SAAREMAA_ENDED)]
        for person, inquiry in zip(active[:3], Inquiry.objects.filter(party=party).order_by("date")[:3], strict=False):
            inquiry_link_add(person=person, inquiry=inquiry, actor=coordinator)
        events = list(Event.objects.filter(party=party).order_by("-start")[:2])
        for event in events:
            for person in active[4:10]:
                attendance_add(person=person, event=event, actor=coordinator)
    if coordinator is not None:
        purpose = Purpose.objects.filter(party=party, name=EVENTS_PURPOSE).first()
        log_access(
            actor=coordinator, people=people[:5], action=AccessAction.SEARCH, why=Why(AccessReason.PURPOSE, purpose.pk)
        )
        log_access(actor=coordinator, people=people[:2], action=AccessAction.VIEW, why=SUBJECT_REQUEST)
