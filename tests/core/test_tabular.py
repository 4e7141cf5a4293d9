"""The tabular core: encodings, separators, XLSX, limits checked before the work, the shared
parsers and lookups, control characters, all-or-nothing writing, and the purge of abandoned uploads."""

import datetime as dt
import io
import os
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from loim.core.tabular import FileRejected, ImportRejected, Limits, RowError, Table, uploads
from loim.core.tabular import parsers as parse
from loim.core.tabular.errors import CellError, Errors
from loim.core.tabular.lookups import Municipalities, Parties
from loim.core.tabular.pipeline import write_rows

TEXT = "Nimi;Kuupäev;Märkus\nÕie Šõõr;05.03.2024;ülevaade\n"


def rows_of(table):
    return [(row.number, list(row.cells)) for row in table.rows()]


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("encoded"),
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("cp1257"),
        TEXT.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1257", "utf-16"],
)
def test_every_encoding_reads_the_same_table(encoded):
    table = Table(encoded, "a.csv")
    assert table.headers == ["Nimi", "Kuupäev", "Märkus"]
    assert rows_of(table) == [(2, ["Õie Šõõr", "05.03.2024", "ülevaade"])]


def test_bytes_of_no_supported_encoding_are_refused():
    with pytest.raises(FileRejected) as caught, translation.override("en"):
        Table(b"a;b\n\x81\x83\x88;x\n", "a.csv")  # undefined in Windows-1257 and invalid UTF-8
    assert "UTF-8" in caught.value.message


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_the_separator_is_sniffed_from_the_header(delimiter):
    text = delimiter.join(["a", '"b, c; d"', "e"]) + "\n" + delimiter.join(["1", '"2; 3, 4"', "5"]) + "\n"
    table = Table(text.encode(), "a.csv")
    assert table.delimiter == delimiter
    assert table.headers == ["a", "b, c; d", "e"]
    assert rows_of(table) == [(2, ["1", "2; 3, 4", "5"])]


def test_xlsx_is_read_with_real_values_and_blank_rows_skipped():
    data = xlsx([["Kuupäev", "Arv"], [dt.datetime(2024, 4, 2), 12.0], [None, None], ["x", None]])
    table = Table(data, "a.xlsx")
    assert table.headers == ["Kuupäev", "Arv"]
    assert rows_of(table) == [(2, [dt.datetime(2024, 4, 2), 12.0]), (4, ["x", None])]


@pytest.mark.parametrize(("data", "name"), [(b"not a workbook", "a.xlsx"), (b"%PDF", "a.pdf"), (b"\n\n", "a.csv")])
def test_what_is_not_a_table_is_refused(data, name):
    with pytest.raises(FileRejected):
        Table(data, name)


def test_the_byte_limit_is_checked_before_reading(tmp_path):
    class Upload:
        name, size = "a.csv", 11 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("read although too large")

    from loim.core.tabular import read_upload

    with pytest.raises(FileRejected) as caught, translation.override("en"):
        read_upload(Upload(), limits=Limits(max_bytes=10 * 1024 * 1024))
    assert "10 MB" in caught.value.message


def test_the_row_limit_is_checked_before_any_row_is_returned():
    text = "a;b\n" + "1;2\n" * 11
    with pytest.raises(FileRejected) as caught, translation.override("en"):
        Table(text.encode(), "a.csv", limits=Limits(max_rows=10))
    assert "more than 10 rows" in caught.value.message
    assert len(rows_of(Table(text.encode(), "a.csv", limits=Limits(max_rows=11)))) == 11
    data = xlsx([["a"], *[[n] for n in range(11)]])
    with pytest.raises(FileRejected):
        Table(data, "a.xlsx", limits=Limits(max_rows=10))


def test_a_10000_column_file_is_refused_at_once(monkeypatch):
    header = ";".join(f"c{n}" for n in range(10_000))
    data = (header + "\n" + ";".join("1" for _ in range(10_000)) + "\n").encode() * 1
    data += ("1;" * 9_999 + "1\n").encode() * 200  # 200 more rows as wide: nothing of them is parsed
    import loim.core.tabular.reading as reading

    def no_parsing(*args, **kwargs):
        raise AssertionError("rows parsed before the width was checked")

    monkeypatch.setattr(reading.csv, "reader", no_parsing)
    started = time.perf_counter()
    with pytest.raises(FileRejected) as caught, translation.override("en"):
        Table(data, "wide.csv")
    assert time.perf_counter() - started < 2.0  # was 19 s on the mapping page
    assert "10000 columns" in caught.value.message and "at most 100" in caught.value.message


def test_a_wide_xlsx_is_refused_and_a_wide_row_below_a_narrow_header_too():
    with pytest.raises(FileRejected):
        Table(xlsx([[f"c{n}" for n in range(150)]]), "wide.xlsx")
    with pytest.raises(FileRejected):
        rows_of(Table(("a;b\n" + "1;" * 150 + "\n").encode(), "a.csv"))


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x1f", "\x7f"])
def test_a_control_character_is_a_row_error_naming_row_and_column(bad):
    table = Table(f"Nimi;Märkus\nA;ok\nB;x{bad}y\n".encode(), "a.csv")
    rows = list(table.rows())
    assert rows[0].problems == ()
    assert [(p.row, p.column) for p in rows[1].problems] == [(3, "Märkus")]
    assert rows[1].cells[1] is None  # not passed on to the parsers
    with pytest.raises(CellError):
        parse.text(f"x{bad}")


def test_tabs_and_line_breaks_inside_a_cell_are_text():
    table = Table(b'a;b\n1;"two\nlines\tand a tab"\n', "a.csv")
    assert [row.problems for row in table.rows()] == [()]
    assert parse.text("two\nlines\tand a tab") == "two\nlines\tand a tab"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05.03.2024", dt.date(2024, 3, 5)),
        ("5.3.24", dt.date(2024, 3, 5)),
        ("05/03/2024", dt.date(2024, 3, 5)),
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("2024-03-05T10:00", dt.date(2024, 3, 5)),
        ("05.03.2024 10:00", dt.date(2024, 3, 5)),
        (dt.datetime(2024, 3, 5, 10), dt.date(2024, 3, 5)),
    ],
)
def test_dates(value, expected):
    assert parse.date(value) == expected


@pytest.mark.parametrize("value", ["31.02.2024", "2024-13-01", "eile", "05.03", "1.2.3.4", "99999-01-01"])
def test_bad_dates_name_the_value(value):
    with pytest.raises(CellError) as caught, translation.override("en"):
        parse.date(value)
    assert value in caught.value.message


def test_date_bounds():
    today = dt.date(2024, 6, 1)
    with pytest.raises(CellError, match="future"), translation.override("en"):
        parse.date("02.06.2024", today=today)
    with pytest.raises(CellError, match=r"before 01\.01\.2000"), translation.override("en"):
        parse.date("0001-01-01", earliest=dt.date(2000, 1, 1))


def test_numbers_with_comma_decimals_and_spaces():
    assert parse.decimal("1 234,5") == Decimal("1234.5")
    assert parse.decimal("1\u00a0234.25") == Decimal("1234.25")
    assert parse.integer("1 234") == 1234 and parse.integer(12.0) == 12 and parse.integer("12,0") == 12
    for bad in ("2,5", "kaks", "1e400", "NaN"):
        with pytest.raises(CellError):
            parse.integer(bad)


def test_an_integer_too_large_for_the_database_is_a_cell_error_not_an_overflow():
    with pytest.raises(CellError) as caught, translation.override("en"):
        parse.integer(str(10**20))
    assert caught.value.message == "The number must be between 0 and 2147483647."
    with pytest.raises(CellError):
        parse.integer(float(10**20))
    with pytest.raises(CellError):
        parse.integer("-1")
    assert parse.integer("-1", minimum=None) == -1


def test_yes_and_no():
    assert [parse.boolean(v) for v in ("jah", "Yes", "x", "да", "", "ei", "no", "0")] == [True] * 4 + [False] * 4
    with pytest.raises(CellError):
        parse.boolean("võib-olla")


def test_municipalities_by_code_lost_zeros_previous_code_name_and_unique_short_name(programme):
    from loim.places.models import Municipality

    lookup = Municipalities()
    tartu_city = Municipality.objects.get(name="Tartu linn")
    assert lookup.get("0793") == tartu_city and lookup.get("793") == tartu_city and lookup.get(793.0) == tartu_city
    assert lookup.get("  tartu   LINN ") == tartu_city
    assert lookup.get("Pärnu") == Municipality.objects.get(name="Pärnu linn")
    merged = Municipality.objects.exclude(previous_codes="").first()
    assert lookup.get(merged.previous_codes.split(",")[0].strip()) == merged
    assert lookup.get("") is None
    with pytest.raises(CellError, match="Tartu vald"), translation.override("en"):
        lookup.get("Tartu")
    with pytest.raises(CellError, match="Atlantis"), translation.override("en"):
        lookup.get("Atlantis")
    assert lookup.get_many("Elva vald; Kambja vald, Elva vald") == [
        Municipality.objects.get(name="Elva vald"),
        Municipality.objects.get(name="Kambja vald"),
    ]


def test_parties_by_code_and_name(programme):
    lookup = Parties()
    tartu = programme["tartu"]
    assert lookup.get("tartu") == tartu and lookup.get(tartu.name.upper()) == tartu
    assert lookup.get(tartu.short_name) == tartu
    with pytest.raises(CellError, match="nobody"), translation.override("en"):
        lookup.get("nobody")


def test_row_errors_read_in_the_users_language():
    error = RowError(7, "Kuupäev", "x")
    with translation.override("et"):
        assert str(error) == "Rida 7, veerg „Kuupäev“: x"
    with translation.override("en"):
        assert str(error) == "Row 7, column “Kuupäev”: x"


def test_errors_are_one_per_cell_listed_up_to_a_limit_and_all_counted():
    errors = Errors(limit=2)
    errors.add(2, "a", "first")
    errors.add(2, "a", "again")
    errors.add(3, "a", "x")
    errors.add(4, "a", "y")
    assert errors.count == 3 and [e.message for e in errors.listed] == ["first", "x"]


def test_write_rows_is_all_or_nothing_and_names_the_refused_row(programme):
    from loim.places.models import County, Region

    def write(name):
        county = County(name=name, ehak_code=f"9{len(name) % 1000:03d}", region=Region.values[0])
        county.full_clean()
        county.save()
        return county

    before = County.objects.count()
    with pytest.raises(ImportRejected) as caught:
        write_rows([(2, "Uus maakond"), (3, "x" * 300)], write, column_for={"name": "Nimi"}.get)
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "Nimi")]
    assert County.objects.count() == before
    assert [c.name for c in write_rows([(2, "Uus maakond")], write)] == ["Uus maakond"]
    with pytest.raises(ValidationError):
        write("y" * 300)


@pytest.fixture
def disk(settings, tmp_path):
    """The default storage on disk, as in production, so files have real modification times."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


def test_abandoned_uploads_are_purged_from_storage_and_fresh_ones_kept(disk):
    old = uploads.stash(b"a;b\n1;2\n", "vana.csv")
    fresh = uploads.stash(b"a;b\n1;2\n", "uus.xlsx")
    assert old.startswith("imports/pending/") and old.endswith(".csv")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(default_storage.path(old), (two_days_ago, two_days_ago))
    assert uploads.purge() == 1
    assert not default_storage.exists(old) and default_storage.exists(fresh)
    assert not (disk / old).exists() and (disk / fresh).exists()
    assert uploads.read_stashed(fresh) == b"a;b\n1;2\n"
    uploads.discard(fresh)
    assert not default_storage.exists(fresh)
    with pytest.raises(FileNotFoundError):
        uploads.read_stashed("../settings.py")


def test_the_purge_command_and_task(disk):
    path = uploads.stash(b"x", "a.csv")
    hour_ago = time.time() - 3600
    os.utime(default_storage.path(path), (hour_ago, hour_ago))
    out = io.StringIO()
    call_command("purge_uploads", stdout=out)
    assert default_storage.exists(path) and "Removed 0" in out.getvalue()
    call_command("purge_uploads", "--hours", "0", stdout=out)
    assert not default_storage.exists(path)
    legacy = default_storage.save("inquiry-imports/abc.csv", io.BytesIO(b"x"))
    os.utime(default_storage.path(legacy), (hour_ago, hour_ago))
    call_command("purge_uploads", "--hours", "0", "--enqueue", stdout=out)  # the immediate backend in tests
    assert not default_storage.exists(legacy)


def test_a_waiting_file_is_used_once_and_at_most_five_wait_per_session(rf):
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    request = rf.get("/")
    request.session = SessionStore()
    tokens = [uploads.wait(request, "x", f"{n}".encode(), f"f{n}.csv", party=n) for n in range(5)]
    oldest = request.session["x"][tokens[0]]["path"]
    tokens.append(uploads.wait(request, "x", b"5", "f5.csv", party=5))
    paths = {token: entry["path"] for token, entry in request.session["x"].items()}
    assert list(paths) == tokens[1:] and not default_storage.exists(oldest)  # the oldest made room
    entry, data = uploads.take(request, "x", tokens[2])
    assert (entry["party"], entry["name"], data) == (2, "f2.csv", b"2")
    assert not default_storage.exists(paths[tokens[2]])
    assert uploads.take(request, "x", tokens[2]) is None
    default_storage.delete(paths[tokens[3]])  # purged meanwhile
    assert uploads.take(request, "x", tokens[3])[1] is None
