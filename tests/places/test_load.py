"""Loading and reloading the EHAK classifier keeps municipalities' ids stable."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from loim.places.models import County, Municipality
from loim.places.services import DEFAULT_FILE, ClassifierError, places_load

HEADER = "ehak_code\tname\ttype\tcounty\tcounty_ehak_code\tstatus\talternative_code\n"


def test_the_shipped_file_has_79_municipalities_in_15_counties(db):
    assert Municipality.objects.count() == 79
    assert County.objects.count() == 15
    assert Municipality.objects.filter(kind="linn").count() == 15
    assert Municipality.objects.filter(kind="vald").count() == 64
    valga = Municipality.objects.get(name="Valga vald")
    assert valga.ehak_code == "0857" and valga.previous_codes == "0855"
    assert County.objects.get(ehak_code="0045").region == "ida_virumaa"
    assert County.objects.get(ehak_code="0087").region == "south"
    assert not Municipality.objects.get(name="Saku vald").code_confirmed


def test_reloading_the_same_file_changes_nothing(db):
    ids = dict(Municipality.objects.values_list("ehak_code", "pk"))
    result = places_load()
    assert result.created == result.updated == result.recoded == []
    assert dict(Municipality.objects.values_list("ehak_code", "pk")) == ids


def test_a_newer_classifier_recodes_without_changing_the_id(db, tmp_path):
    rows = Path(DEFAULT_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    anija = next(r for r in rows if r.startswith("0141\t"))
    before = Municipality.objects.get(ehak_code="0141").pk
    newer = tmp_path / "ehak-2026.tsv"
    newer.write_text("".join(r for r in rows if r is not anija) + anija.replace("0141\t", "0142\t", 1)[:-1] + "0141\n")
    result = places_load(path=newer)
    anija_now = Municipality.objects.get(name="Anija vald")
    assert anija_now.pk == before and anija_now.ehak_code == "0142" and "0141" in anija_now.previous_codes
    assert result.recoded == ["Anija vald"]


def test_units_missing_from_a_newer_file_are_retired_not_deleted(db, tmp_path):
    rows = Path(DEFAULT_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    newer = tmp_path / "merged.tsv"
    newer.write_text("".join(r for r in rows if not r.startswith("0141\t")))
    places_load(path=newer, retire_missing=True)
    assert Municipality.objects.count() == 79
    assert Municipality.objects.current().count() == 78
    assert Municipality.objects.get(ehak_code="0141").valid_to is not None


def test_a_bad_file_names_every_line_and_writes_nothing(db, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text(
        HEADER
        + "9999\tUus vald\tvald\tHarju maakond\t0037\tnew\t\n"
        + "12\tLühike\tvald\tHarju maakond\t0037\t\t\n"
        + "9998\tMingi\tküla\tHarju maakond\t0037\t\t\n"
        + "9999\tTopelt\tvald\tHarju maakond\t0037\t\t\n"
    )
    with pytest.raises(ClassifierError) as error:
        places_load(path=bad)
    assert error.value.errors == [
        "bad.tsv, line 3, ehak_code: '12' is not a four-digit code",
        "bad.tsv, line 4, type: 'küla' is neither 'linn' nor 'vald'",
        "bad.tsv, line 5, ehak_code: 9999 appears twice",
    ]
    assert not Municipality.objects.filter(name="Uus vald").exists()


def test_the_command_reports_missing_columns(db, tmp_path):
    bad = tmp_path / "columns.csv"
    bad.write_text("code,name\n0141,Anija\n")
    with pytest.raises(CommandError, match="missing column"):
        call_command("load_places", str(bad))
