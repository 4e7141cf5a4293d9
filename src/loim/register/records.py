"""The record of processing activities (GDPR art. 30(1)), generated from the party's configuration
and from the register's own models, so it cannot drift from what the system actually keeps."""

import datetime as dt

from django.utils.translation import gettext as _

from loim.parties.facts import data_protection_contacts
from loim.parties.models import PartnershipAgreement

from .models import Consent, ContactRecord, Person, Purpose, RegisterSettings
from .models.links import link_models
from .statistics import THRESHOLD


def _data_categories() -> list[dict]:
    def describe(model, names):
        return [
            {
                "name": str(model._meta.get_field(name).verbose_name),
                "why": str(model._meta.get_field(name).help_text),
            }
            for name in names
        ]

    categories = [
        {"title": _("The person"), "fields": describe(Person, Person.DATA_FIELDS)},
        {
            "title": _("Consents"),
            "fields": describe(Consent, ["purpose", "text_version", "given_on", "method", "ends_on", "withdrawn_on"]),
        },
        {
            "title": _("Contacts made"),
            "fields": describe(ContactRecord, ["contacted_on", "channel", "purpose", "note"]),
        },
    ]
    for model in link_models():
        categories.append({"title": str(model._meta.verbose_name_plural).capitalize(), "fields": []})
    return categories


def processing_record(*, user, party, today: dt.date | None = None) -> dict:
    today = today or dt.date.today()
    settings = RegisterSettings.for_party(party)
    purposes = Purpose.objects.visible_to(user).filter(party=party).order_by("-active", "name")
    contacts = data_protection_contacts(party)
    term_end = (
        PartnershipAgreement.objects.filter(party=party, term_start__lte=today, term_end__gte=today)
        .order_by("-term_end")
        .values_list("term_end", flat=True)
        .first()
    )
    return {
        "controller": party,
        "contact": party.data_protection_email or party.email,
        "contacts": contacts,
        "purposes": purposes,
        "subjects": _(
            "People of the programme's target group (newcomers, people of another language or cultural "
            "background, returnees) aged 18 and over who have agreed to be contacted by the party."
        ),
        "categories": _data_categories(),
        "retention": {"term_end": term_end, "settings": settings},
        "threshold": THRESHOLD,
        "generated_on": today,
    }
