"""Cross-tenant case of the portal app: the answers to "Is this page helpful?" are read only by the
members of the party whose page it was (Scope.PARTY_ONLY), on the staff page portal_staff:feedback."""

import itertools

from loim.portal.models import PageFeedback
from tests.tenancy import API_ACTIONS, Readers, TenancyCase

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
