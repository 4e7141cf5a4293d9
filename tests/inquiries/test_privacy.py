"""The note's personal-data guard: identifiers are caught, ordinary numbers are not."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.ee import ik

from loim.inquiries.privacy import personal_data_in, validate_no_personal_data


def valid_id_code(prefix="3800108571"):
    return prefix + ik.calc_check_digit(prefix + "0")  # the function ignores the last digit


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"isikukood {valid_id_code()} taotletud", "id_code"),
        (f"{valid_id_code('4920315023')}", "id_code"),
        ("kirjutas aadressilt olga.ivanova@gmail.com", "email"),
        ("helistab tagasi +372 5123 4567", "phone"),
        ("tel 5123 4567", "phone"),
        ("tel 53412345", "phone"),
        ("number 00372-612-3456", "phone"),
    ],
)
def test_identifiers_are_recognised(text, found):
    assert personal_data_in(text) == found
    with pytest.raises(ValidationError) as caught:
        validate_no_personal_data(text)
    assert caught.value.code == f"personal_data_{found}"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Pöördumine 05.03.2024, toetus 1 500 eurot, kestus 15 min",
        "Suunatud Töötukassasse, järgmine aeg 2024. aasta märtsis",
        "Bussikaart nr 12 ja 34",
        "Elamisluba kehtib 5 aastat; maksab 120 €",
    ],
)
def test_ordinary_notes_pass(text):
    assert personal_data_in(text) is None
    validate_no_personal_data(text)


def test_an_eleven_digit_number_with_a_wrong_checksum_is_not_an_id_code():
    code = valid_id_code()
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert personal_data_in(f"viitenumber {wrong}") == "phone"  # still a long number, but not an ID code


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",), blacklist_characters="@"), max_size=300))
def test_text_without_digits_or_at_signs_is_never_rejected(text):
    assert personal_data_in(text) is None
