"""The note's personal-data check pinned on hand-written examples, before it was made faster.

Each expected kind is worked out by hand from the rules in privacy.py: an ID code is eleven digits
not inside a longer digit run, first digit 1–6, valid checksum; an e-mail is `x@y.z`; a phone is
seven or more digits in groups separated by single spaces or hyphens, not glued to a letter, digit
or dot before it, nor to a letter, a digit or a decimal part after it (a sentence's full stop may
follow), and not an amount of money (euros, €, kroons). `REFERENCE` is a frozen copy of the check
without its pre-filter, and a hypothesis test
proves the current check returns the same answer for any text built from the characters that matter.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.ee import ik

from loim.inquiries.importing import TableReader, guess_mapping
from loim.inquiries.models import Inquiry
from loim.inquiries.privacy import personal_data_in
from loim.inquiries.services import ImportRejected, inquiries_import

_REF_DIGITS_11 = re.compile(r"(?<!\d)[1-6]\d{10}(?!\d)")
_REF_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Since issue 11: a sentence's full stop may follow a phone number, and an amount of money is none.
_REF_PHONE = re.compile(
    r"(?<![\w.])(?:\+|00)?\d(?:[ -]?\d){6,}(?!\w|\.\d)(?!\s?(?:€|eur\b|euro|krooni))", re.IGNORECASE
)


def REFERENCE(text: str) -> str | None:
    """privacy.personal_data_in as it was before the pre-filter (frozen here on purpose)."""
    if not text:
        return None
    for candidate in _REF_DIGITS_11.findall(text):
        if ik.is_valid(candidate):
            return "id_code"
    if _REF_EMAIL.search(text):
        return "email"
    if _REF_PHONE.search(text):
        return "phone"
    return None


CODE = "38001085718"  # 3 800108 571 + check digit 8 (stdnum.ee.ik)
OTHER_CODE = "49203150236"
assert ik.is_valid(CODE) and ik.is_valid(OTHER_CODE)

REFUSED = [
    # ID codes
    (f"isikukood {CODE}", "id_code"),
    (f"IK{CODE}, taotlus esitatud", "id_code"),  # a letter before is no digit: still eleven digits alone
    (f"isikukood: {OTHER_CODE}.", "id_code"),
    (f"kood {CODE} ja e-post a@b.ee", "id_code"),  # the ID code is named first
    (f"1{CODE}", "phone"),  # twelve digits: not an ID code, but a long number
    ("70001085718", "phone"),  # first digit 7: not an ID code
    (f"{CODE[:-1]}9", "phone"),  # wrong check digit
    # e-mail addresses
    ("kirjutas olga.ivanova@gmail.com", "email"),
    ("x@y.z", "email"),
    ("nimi+silt@post.example.ee", "email"),
    ("olga.@gmail.com", "email"),
    ("aadress ANNA_K@Mail-Server.EE täna", "email"),
    # phone numbers
    ("tel 5123456", "phone"),  # seven digits
    ("helistab 512 3456", "phone"),
    ("5123-4567", "phone"),
    ("+372 5123 4567 õhtul", "phone"),
    ("00372 612 3456", "phone"),
    ("tel 5123 4567.", "phone"),  # the sentence ends after the number
    ("helistage 5123 4567, palun", "phone"),
]

ALLOWED = [
    "",
    "vajab tõlget",
    "tel 512345",  # six digits
    "512  3456",  # a double space splits the groups (three and four digits)
    "tel5123456",  # glued to a word
    "5123456a",
    "toetus 1 500 000 eurot",  # seven digits in single-spaced groups, but an amount of money
    "eelarve 2 000 000 € ja 3 500 000 EUR",
    "summa 1 250 000 euro ulatuses",
    "versioon 1234567.8",  # a decimal part follows: not a phone
    "v1.2345678",
    "05.03.2024 kell 10.30",
    "olga@localhost",  # no dot after the @
    "kiri @ meil.ee",
    "@gmail.com",
    "toetus 1 500 eurot, 15 min",
]


@pytest.mark.parametrize(("text", "found"), REFUSED)
def test_identifiers_in_notes_are_refused(text, found):
    assert REFERENCE(text) == found  # the examples hold for the check as it was
    assert personal_data_in(text) == found


@pytest.mark.parametrize("text", ALLOWED)
def test_ordinary_notes_are_allowed(text):
    assert REFERENCE(text) is None
    assert personal_data_in(text) is None


# the characters the patterns care about; \u0663 is an Arabic-Indic digit (\d matches it)
RELEVANT = st.sampled_from([*"0123456789  -+.@_ab", "00", "372", "ee", CODE, "\u0663", "\u00a0"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(RELEVANT, max_size=40).map("".join))
def test_the_check_answers_as_before_on_any_text(text):
    assert personal_data_in(text) == REFERENCE(text)


@given(st.text(max_size=120))
def test_the_check_answers_as_before_on_arbitrary_text(text):
    assert personal_data_in(text) == REFERENCE(text)


CSV_HEAD = "Kuupäev;Kanal;Keel;Teema;Märkus\n"


def _import(party, notes: list[str]):
    text = CSV_HEAD + "".join(f"05.03.2024;telefon;vene;isikukood;{note}\n" for note in notes)
    table = TableReader(text.encode(), "notes.csv")
    return inquiries_import(party=party, reader=table, mapping=guess_mapping(table.headers))


def test_an_import_refuses_each_note_with_an_identifier_by_row_and_column(programme):
    notes = ["vajab tõlget", f"isikukood {CODE}", "kirjutas olga@gmail.com", "tel 5123 4567", "tel 512345"]
    with pytest.raises(ImportRejected) as caught:
        _import(programme["tartu"], notes)
    assert sorted((e.row, e.column) for e in caught.value.errors) == [(3, "Märkus"), (4, "Märkus"), (5, "Märkus")]
    messages = {e.row: e.message for e in caught.value.errors}
    assert "identification code" in messages[3] or "isikukood" in messages[3]
    assert "e-mail" in messages[4] or "e-posti" in messages[4]
    assert "phone" in messages[5] or "telefon" in messages[5]
    assert not Inquiry.objects.exists()


def test_an_import_of_allowed_notes_writes_them_unchanged(programme):
    notes = [note for note in ALLOWED if note]
    batch = _import(programme["tartu"], notes)
    assert batch.row_count == len(notes)
    assert sorted(Inquiry.objects.filter(batch=batch).values_list("note", flat=True)) == sorted(notes)
