"""A guard against personal data in an inquiry's free-text note.

The inquiry log is anonymous by design (no name field; people are linked only through the register,
which holds personal data under its own rules). The note is the one place where a coordinator could
still type an identifier, so it is checked for the three identifiers that are easy to recognise
reliably: an Estonian personal identification code (validated with its checksum, so ordinary
eleven-digit numbers are not mistaken for one), an e-mail address and a phone number. Names cannot
be recognised reliably; the form warns against them instead.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.ee import ik

_DIGIT = re.compile(r"\d")
_DIGITS_11 = re.compile(r"(?<!\d)[1-6]\d{10}(?!\d)")
# `[\w.+-]+@…` searched from every position backtracks over each run of letters (quadratic in a long
# note); one such character right before the @ is the same condition, and the search jumps to the @.
_EMAIL = re.compile(r"(?<=[\w.+-])@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, optionally after + or 00, in groups separated by single spaces or hyphens:
# Estonian numbers have 7 (landline) or 7–8 (mobile) digits. Dates (05.03.2024), sums (1 500) and
# durations (15 min) stay below that. A full stop ending the sentence may follow ("tel 5123 4567."),
# a decimal or date part may not; an amount of money ("1 500 000 eurot", "2 000 000 €") is no phone.
_PHONE = re.compile(r"(?<![\w.])(?:\+|00)?\d(?:[ -]?\d){6,}(?!\w|\.\d)(?!\s?(?:€|eur\b|euro|krooni))", re.IGNORECASE)


def personal_data_in(text: str) -> str | None:
    """What kind of personal identifier the text seems to contain, or None.

    Most notes hold no digit and no @: the ID code and phone patterns need a digit, the e-mail one an
    @, so a note without them is answered by two quick scans (the same answer, pinned by
    tests/inquiries/test_privacy_pinned.py against the check as it was)."""
    if not text:
        return None
    digits = _DIGIT.search(text) is not None
    if digits:
        for candidate in _DIGITS_11.findall(text):
            if ik.is_valid(candidate):
                return "id_code"
    if "@" in text and _EMAIL.search(text):
        return "email"
    if digits and _PHONE.search(text):
        return "phone"
    return None


MESSAGES = {
    "id_code": _("The note seems to contain a personal identification code. Do not write personal data in the note."),
    "email": _("The note seems to contain an e-mail address. Do not write personal data in the note."),
    "phone": _("The note seems to contain a phone number. Do not write personal data in the note."),
}


def validate_no_personal_data(text: str) -> None:
    """Model-field validator: reject a note that contains a recognisable personal identifier."""
    found = personal_data_in(text)
    if found:
        raise ValidationError(MESSAGES[found], code=f"personal_data_{found}")
