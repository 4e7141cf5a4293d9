"""Cross-tenant case of the portal app: the answers to "Is this page helpful?" are read only by the
members of the party whose page it was (Scope.PARTY_ONLY), on the staff page portal_staff:feedback; a
partner's contact point is edited only by its own party's editors (another's edit page answers 404)."""

import itertools

from loim.portal.models import ContactPoint, ContactPointTranslation, PageFeedback
from tests.tenancy import API_ACTIONS, Form, Readers, TenancyCase

_numbers = itertools.count(1)


def make_feedback(party):
    return PageFeedback.objects.create(
        party=party, path="/et/", language="et", helpful=False, comment=f"Tagasiside märk {next(_numbers)} {party.slug}"
    )


CASES = [
    TenancyCase(
        model=PageFeedback,
        make=make_feedback,
        marker=lambda f: f.comment,
        readers=Readers.OWNER,
        list=["portal_staff:feedback"],
        absent={
            "read": "an answer has no page of its own: the list shows it",
            "edit": "an answer is never edited",
            "delete": "an answer is never deleted by hand",
            "export_csv": "answers are in no export",
            "export_xlsx": "answers are in no export",
            **dict.fromkeys(API_ACTIONS, "the API offers no answers"),
        },
    ),
]


def make_contact_point(party):
    from loim.portal.contact_points import ContactPointInput, contact_point_save

    return contact_point_save(
        party=party,
        data=ContactPointInput(address=f"Kontaktpunkti märk {next(_numbers)} {party.slug}", opening_hours="E–R 9–17"),
    )


def contact_point_edit(point):
    return {"address": "Häkitud aadress 1", "opening_hours": "E–R 9–17", "version": point.version}


CASES.append(
    TenancyCase(
        model=ContactPoint,
        make=make_contact_point,
        marker=lambda p: p.address,
        readers=Readers.EVERY_MEMBER,
        list=[Form("portal_staff:contact_points", editors_only=True)],  # the ministry keeps none: 404
        edit=[Form("portal_staff:contact_point_edit", data=contact_point_edit)],
        url_kwargs=lambda p: {"slug": p.party.slug},
        sweep=False,  # public text: the portal's pages show every partner's contact point to anyone
        absent={
            "read": "the edit page is the contact point's only staff page; the public page is the portal's",
            "delete": "a contact point is changed, never deleted by hand",
            "export_csv": "contact points are in no export",
            "export_xlsx": "contact points are in no export",
            **dict.fromkeys(API_ACTIONS, "the API offers no contact points"),
        },
    )
)


def make_contact_point_translation(party):
    from loim.portal.contact_points import ContactPointTextInput, contact_point_translation_save

    point = make_contact_point(party)
    return contact_point_translation_save(
        contact_point=point,
        language="en",
        text=ContactPointTextInput(opening_hours=f"Mon–Fri 9–17 mark {next(_numbers)} {party.slug}", notes=""),
        made_from=point.source_version,
    )


def contact_point_translation_edit(translation):
    return {
        "opening_hours": "Hacked hours",
        "notes": "",
        "made_from": translation.contact_point.source_version,
        "version": translation.version,
    }


CASES.append(
    TenancyCase(
        model=ContactPointTranslation,
        make=make_contact_point_translation,
        marker=lambda t: t.opening_hours,
        readers=Readers.EVERY_MEMBER,
        edit=[Form("portal_staff:contact_point_translate", data=contact_point_translation_edit, editors_only=True)],
        url_kwargs=lambda t: {"slug": t.contact_point.party.slug, "language": t.language},
        sweep=False,  # public text: the portal shows every partner's translated hours to anyone
        absent={
            "list": "the contact points' list shows a translation's status, not its text",
            "read": "the translate page is the translation's only staff page; the public page is the portal's",
            "delete": "a translation is replaced, never deleted",
            "export_csv": "contact points are in no export",
            "export_xlsx": "contact points are in no export",
            **dict.fromkeys(API_ACTIONS, "the API offers no contact points"),
        },
    )
)
