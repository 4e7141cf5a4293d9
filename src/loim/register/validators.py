"""Validation and normalisation of the register's personal fields.

Messages name the field and the expected form but never repeat the value entered: a message may end
up in a log, an import report or a screenshot, and the value is personal data.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

# Estonian subscriber numbers (Numbering plan of the Consumer Protection and Technical Regulatory
# Authority): mobile numbers are 5 + 6 or 7 digits, or 81–84 + 6 digits; fixed-line numbers are
# seven digits starting with 3, 4, 6 or 7.
ESTONIAN_NATIONAL = re.compile(r"^(5\d{6,7}|8[1-4]\d{6}|[3467]\d{6})$")
PHONE_SEPARATORS = re.compile(r"[\s\-().\u00a0/]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def normalise_phone(value: str) -> str:
    """The number in E.164 form (+3725123456), or ValidationError.

    Accepted: an Estonian number with or without +372 / 00372 (spaces, hyphens, dots and brackets
    allowed), or any international number written with + or 00 and its country code (8–15 digits).
    """
    raw = (value or "").strip()
    if not raw:
        return ""
    compact = PHONE_SEPARATORS.sub("", raw)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+"):
        digits = compact[1:]
        if not digits.isascii() or not digits.isdigit():
            raise ValidationError(_("A phone number may contain only digits after the + sign."), code="phone")
        if digits.startswith("372"):
            if not ESTONIAN_NATIONAL.match(digits[3:]):
                raise ValidationError(
                    _("This is not a valid Estonian number: after +372 come 7 or 8 digits, e.g. +372 5123 4567."),
                    code="phone",
                )
            return "+" + digits
        if digits.startswith("0") or not 8 <= len(digits) <= 15:
            raise ValidationError(
                _("An international number has a country code and 8 to 15 digits in all, e.g. +358 40 123 4567."),
                code="phone",
            )
        return "+" + digits
    if not compact.isascii() or not compact.isdigit():
        raise ValidationError(
            _("Enter the phone number with digits only, e.g. 5123 4567 or +372 5123 4567."), code="phone"
        )
    if ESTONIAN_NATIONAL.match(compact):
        return "+372" + compact
    raise ValidationError(
        _(
            "Enter an Estonian number (7 or 8 digits, e.g. 5123 4567) or an international number "
            "starting with + or 00 and the country code."
        ),
        code="phone",
    )


def normalise_email(value: str) -> str:
    """The address in lower case, or ValidationError (without repeating the address)."""
    address = (value or "").strip().lower()
    if not address:
        return ""
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValidationError(_("Enter a valid e-mail address, e.g. nimi@example.ee."), code="email") from exc
    return address


def normalise_name(value: str) -> str:
    """The name with surrounding and repeated spaces removed, or ValidationError.

    Names from every script are welcome; what is refused is text that cannot be a name: control
    characters, no letter at all, or a leading character that spreadsheets run as a formula.
    """
    name = " ".join((value or "").split())
    if not name:
        raise ValidationError(_("Enter the person's name."), code="required")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ValidationError(_("The name contains characters that cannot be part of a name."), code="name")
    if not any(ch.isalpha() for ch in name):
        raise ValidationError(_("The name must contain letters."), code="name")
    if name.startswith(FORMULA_START):
        raise ValidationError(_("The name cannot start with = + - or @."), code="name")
    if len(name) > 200:
        raise ValidationError(_("The name can be at most 200 characters long."), code="max_length")
    return name


def normalise_text(value: str, *, max_length: int) -> str:
    """Free text without control characters (line breaks kept), trimmed, within a length."""
    text = (value or "").replace("\r\n", "\n").strip()
    if any(unicodedata.category(ch).startswith("C") and ch not in "\n\t" for ch in text):
        raise ValidationError(_("The text contains control characters."), code="control")
    if len(text) > max_length:
        raise ValidationError(
            _("The text can be at most %(limit)d characters long."), code="max_length", params={"limit": max_length}
        )
    return text


def search_key(*parts: str) -> str:
    """Lower-case text without diacritics, so 'Õie' is found by 'oie' and 'õie' on every database.

    SQLite compares only ASCII letters without regard to case; folding before storing makes the
    search behave the same on SQLite and PostgreSQL.
    """
    text = " ".join(p for p in parts if p)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
