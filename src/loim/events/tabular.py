"""Events in spreadsheets: the columns and the import template.

One column list serves the template and the import (`importing.py`); the export
(`exports.py`) writes the same columns under translated headings. Columns are stable English keys
(the page explains each one in the user's language).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from loim.core.vocabulary import ParticipantGroup

COUNT_COLUMNS = {f"participants_{group.value}": group for group in ParticipantGroup}
COLUMNS: list[tuple[str, object]] = [
    ("import_id", gettext_lazy("Your identifier of the row (optional); importing again updates that event.")),
    ("kind", gettext_lazy("Kind: a code such as info_day, training, conversation_club, or its name.")),
    ("title", gettext_lazy("Title (required).")),
    ("date", gettext_lazy("Date: dd.mm.yyyy or yyyy-mm-dd (required).")),
    ("start_time", gettext_lazy("Start time hh:mm (required).")),
    ("end_time", gettext_lazy("End time hh:mm (required).")),
    ("end_date", gettext_lazy("Last day, if the event lasts several days.")),
    ("activity", gettext_lazy("Plan row code, e.g. 3.5.2.1/2.1 (optional).")),
    ("format", gettext_lazy("on_site, online or hybrid (default on_site).")),
    ("municipality", gettext_lazy("Municipality where it is held: name or EHAK code.")),
    ("address", gettext_lazy("Address or venue.")),
    ("online_url", gettext_lazy("Link of an online event.")),
    ("languages", gettext_lazy("Languages used, separated by ;: et, en, ru, uk, other.")),
    ("reach", gettext_lazy("local, county or national (default local).")),
    ("public", gettext_lazy("yes to show it on the public portal.")),
    *[(key, group.label) for key, group in COUNT_COLUMNS.items()],
    (
        "participants_adults",
        gettext_lazy("yes if the participants were all at least 18 years old, no if not; empty = not recorded."),
    ),
    (
        "participating_municipalities",
        gettext_lazy("Municipalities taking part (names or EHAK codes), separated by ; or ,."),
    ),
    ("organisations", gettext_lazy("Organisations taking part, separated by ;.")),
    ("description", gettext_lazy("Description.")),
    # what the public portal shows of a public event (in Estonian; translations are made on the pages)
    ("registration", gettext_lazy("How to register (text shown on the portal).")),
    ("registration_url", gettext_lazy("Registration link, starting with https:// or http://.")),
    ("cost", gettext_lazy("Cost, e.g. free of charge or 5 euros.")),
    ("accessibility", gettext_lazy("Accessibility: step-free entrance, hearing loop, childcare.")),
    ("address_notes", gettext_lazy("How to find the place: entrance, floor, room.")),
    ("contact_name", gettext_lazy("Public contact: the organiser's contact person.")),
    ("contact_email", gettext_lazy("Public contact: work e-mail.")),
    ("contact_phone", gettext_lazy("Public contact: work phone, e.g. +372 736 1234.")),
]
PUBLIC_TEXT_KEYS = (
    "registration",
    "registration_url",
    "cost",
    "accessibility",
    "address_notes",
    "contact_name",
    "contact_email",
    "contact_phone",
)
KEYS = [key for key, _help in COLUMNS]
EXPORT_ONLY = ["organiser"]


# --- the template ---------------------------------------------------------------------------------

EXAMPLE = {
    "import_id": "klubi-2024-03-06",
    "kind": "conversation_club",
    "title": "Eesti keele suhtlusklubi",
    "date": "06.03.2024",
    "start_time": "17:00",
    "end_time": "18:30",
    "format": "on_site",
    "municipality": "Tartu linn",
    "address": "Raekoja plats 1",
    "languages": "et; en",
    "reach": "local",
    "public": "yes",
    "participants_newcomer": "12",
    "participants_other_background": "4",
    "organisations": "Tartu Linnaraamatukogu",
    "registration": "Registreerimine e-posti teel kuni päev enne.",
    "registration_url": "https://www.tartu.ee/registreeru",
    "cost": "Tasuta",
    "accessibility": "Ratastooliga ligipääsetav.",
    "address_notes": "Raekoda, 2. korrus.",
    "contact_name": "Kristiina Org",
    "contact_email": "kristiina.org@example.ee",
    "contact_phone": "5550 2101",
}


def template_rows() -> list[list]:
    return [KEYS, [EXAMPLE.get(key, "") for key in KEYS]]


def column_help() -> list[tuple[str, str]]:
    return [(key, str(text)) for key, text in COLUMNS]
