"""The newcomer register: the only app in Lõim that holds personal data.

- `config`: the party's processing purposes, consent text versions and retention settings (OWNED;
  no personal data, they feed the record of processing activities).
- `people`: people, their consents and the contacts made with them (PERSONAL: only the owning party's
  admins and coordinators with register access see them).
- `logs`: the access log of every read of personal fields and the erasure tombstones.
- `links`: a person's links to inquiries and named event attendance, kept here so the other apps
  hold no personal data.
- `counts`: the exact rollup of processable people behind the published counts (`register.rollups`).
"""

from .config import ConsentText, LegalBasis, Purpose, RegisterSettings
from .counts import PeopleRollup, PeopleRollupFloor
from .links import Attendance, InquiryLink
from .logs import REQUEST_REASONS, AccessAction, AccessLog, AccessReason, ErasureTombstone, ErasureTrigger
from .people import Consent, ConsentMethod, ContactChannel, ContactRecord, Person, PersonImport

__all__ = [
    "REQUEST_REASONS",
    "AccessAction",
    "AccessLog",
    "AccessReason",
    "Attendance",
    "Consent",
    "ConsentMethod",
    "ConsentText",
    "ContactChannel",
    "ContactRecord",
    "ErasureTombstone",
    "ErasureTrigger",
    "InquiryLink",
    "LegalBasis",
    "PeopleRollup",
    "PeopleRollupFloor",
    "Person",
    "PersonImport",
    "Purpose",
    "RegisterSettings",
]
