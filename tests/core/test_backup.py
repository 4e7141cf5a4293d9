# ruff: noqa: S608 - table names read from the database catalogue
"""`loim backup` / `loim restore` (issue 18 §3): a round trip into an empty database compares every
table's rows and every file's checksum; a corrupt archive or a non-empty target is refused with
nothing written; a person erased after the backup stays erased when the old backup is restored; an
erased person's name leaves no bytes in the database files (SQLite: secure_delete; PostgreSQL:
VACUUM after the erasure and the purge).

On SQLite and PostgreSQL (the suite's two phases). The round trips are transactional (pg_dump sees
only committed data) and start `loim restore` in a second process against a new, empty database.
"""

import datetime as dt
import hashlib
import io
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from loim.core.backup import storage_files
from loim.register import rollups
from loim.register.access import SUBJECT_REQUEST
from loim.register.models import ErasureTombstone, PeopleRollup, Person
from loim.register.services.erasure import person_erase, purge_party
from loim.register.services.links import attendance_add, inquiry_link_add
from loim.register.services.people import consent_withdraw
from tests.postgres import new_database
from tests.register.factories import make_event, make_inquiry, make_person

PG = connection.vendor == "postgresql"
FILES = {"events/2024/kava.pdf": b"%PDF-1.4 kava\n" * 50, "evidence/protokoll.txt": "Protokoll, õppereis".encode()}


@pytest.fixture(autouse=True)
def empty_storage():
    """The test settings' file storage is one in-memory store for the whole run: empty it around
    each test, so the files counted are this test's."""
    for name in storage_files():
        default_storage.delete(name)
    yield
    for name in storage_files():
        default_storage.delete(name)


def pg_server() -> dict:
    params = connection.settings_dict
    return {
        "host": params["HOST"] or "127.0.0.1",
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"] or None,
    }


@pytest.fixture
def empty_target(tmp_path):
    """DATABASE_URL of a new, empty database (a new PostgreSQL database or a new SQLite file)."""
    if not PG:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    with new_database("loim_restore") as url:
        yield url


def loim(*args: str, database_url: str, home: Path) -> subprocess.CompletedProcess:
    """The `loim` command in a second process, with the production settings against database_url
    and uploaded files under home/var/media."""
    unset = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MEDIA_ROOT")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DEBUG="1",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=database_url,
        LOIM_HOME=str(home),
        LOG_LEVEL="ERROR",
    )
    return subprocess.run(
        [str(Path(sys.executable).with_name("loim")), *args], env=env, capture_output=True, text=True, timeout=120
    )


def build_data(party):
    """A few rows in several tables (register, events, inquiries, the access log, the audit log)
    and two uploaded files."""
    event, inquiry = make_event(party), make_inquiry(party)
    people = [make_person(party, name=f"Taras Varukoopia {n}") for n in (1, 2, 3)]
    attendance_add(person=people[0], event=event, actor=None)
    inquiry_link_add(person=people[1], inquiry=inquiry, actor=None)
    for name, content in FILES.items():
        assert default_storage.save(name, ContentFile(content)) == name
    return people


def table_rows_sqlite(path_or_connection) -> dict[str, list[tuple]]:
    # the restored file read with the same type conversions as the application's own connection
    types = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    db = (
        path_or_connection
        if isinstance(path_or_connection, sqlite3.Connection)
        else sqlite3.connect(path_or_connection, detect_types=types)
    )
    tables = [
        row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    out = {}
    for table in sorted(tables):
        width = len(db.execute(f'SELECT * FROM "{table}" LIMIT 0').description)
        order = ", ".join(str(n) for n in range(1, width + 1))
        out[table] = db.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
    return out


def table_rows_pg(dbname: str) -> dict[str, list[tuple]]:
    import psycopg

    with psycopg.connect(dbname=dbname, **pg_server()) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        out = {}
        for table in tables:
            cursor = db.execute(f'SELECT * FROM "{table}" LIMIT 0')
            order = ", ".join(str(n) for n in range(1, len(cursor.description) + 1))
            out[table] = db.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
    return out


def source_rows() -> dict[str, list[tuple]]:
    if PG:
        return table_rows_pg(connection.settings_dict["NAME"])
    connection.ensure_connection()
    return table_rows_sqlite(connection.connection)


def target_rows(url: str) -> dict[str, list[tuple]]:
    if PG:
        return table_rows_pg(url.rsplit("/", 1)[1])
    return table_rows_sqlite(url.removeprefix("sqlite:///"))


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_has_every_row_and_file(programme, tmp_path, empty_target):
    build_data(programme["saaremaa"])
    archive = tmp_path / "loim.tar"
    call_command("backup", "-o", str(archive))

    restored = loim("restore", str(archive), database_url=empty_target, home=tmp_path / "new")
    assert restored.returncode == 0, restored.stderr
    assert "2 uploaded file(s)" in restored.stdout

    before, after = source_rows(), target_rows(empty_target)
    assert sorted(after) == sorted(before)
    assert len(after["register_person"]) == 3 and len(after["register_attendance"]) == 1
    assert len(after["register_inquirylink"]) == 1 and len(after["places_municipality"]) >= 79
    # the write counters come back as they were, with one row more: the restore's new epoch
    # (core.generations), so that no page cached before the restore matches a key made after it
    epoch = [row for row in after["core_datageneration"] if row[0] == "~epoch"]
    assert len(epoch) == 1 and epoch[0][1] >= 2**40
    after["core_datageneration"].remove(epoch[0])
    for table in before:
        assert after[table] == before[table], table
    media = tmp_path / "new" / "var" / "media"
    assert sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()) == sorted(FILES)
    for name, content in FILES.items():
        assert hashlib.sha256((media / name).read_bytes()).hexdigest() == hashlib.sha256(content).hexdigest()

    # the same archive again, into what is now a full database: refused, saying what it would overwrite
    again = loim("restore", str(archive), database_url=empty_target, home=tmp_path / "new")
    assert again.returncode != 0
    assert "not empty" in again.stderr and "tables" in again.stderr and "2 uploaded file(s)" in again.stderr
    assert "--force" in again.stderr


def rollup_rows():
    return set(PeopleRollup.objects.values_list("party_id", "day", "municipality", "target_group", "n"))


@pytest.mark.django_db(transaction=True)
def test_a_person_erased_after_the_backup_is_not_brought_back_by_restoring_it(programme, tmp_path):
    saaremaa = programme["saaremaa"]
    erased, kept = build_data(saaremaa)[:2]
    erased_number = erased.pk
    archive = tmp_path / "before-erasure.tar"
    call_command("backup", "-o", str(archive))
    person_erase(person=erased, actor=None, trigger="subject_request", why=SUBJECT_REQUEST)
    assert not Person.objects.filter(pk=erased_number).exists()
    counted = rollup_rows()

    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    # the counts' rollup came back with the person counted; the re-erasure uncounted them exactly
    assert rollup_rows() == counted
    today = dt.date.today()
    assert rollups.counts_on(today) == rollups.raw_counts_on(today)

    assert "1 person(s) erased again" in out.getvalue()
    assert not Person.objects.filter(pk=erased_number).exists()
    assert not Person.objects.filter(name="Taras Varukoopia 1").exists()
    assert Person.objects.filter(pk=kept.pk, name="Taras Varukoopia 2").exists()
    assert Person.objects.filter(party=saaremaa).count() == 2
    # the tombstone is in the restored data, so a later restore of an even older backup replays it too
    assert list(ErasureTombstone.objects.values_list("record", flat=True)) == [erased_number]
    # and the erased person's number is never given to a new person
    assert make_person(saaremaa).pk > erased_number


@pytest.mark.django_db(transaction=True)
def test_a_corrupt_archive_is_refused_and_nothing_is_written(programme, tmp_path):
    build_data(programme["saaremaa"])
    good = tmp_path / "good.tar"
    call_command("backup", "-o", str(good))
    # the same archive with one byte of one uploaded file changed, its manifest untouched
    bad = tmp_path / "bad.tar"
    with tarfile.open(good) as src, tarfile.open(bad, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "media/evidence/protokoll.txt":
                data = b"X" + data[1:]
            dst.addfile(member, io.BytesIO(data))
    make_person(programme["saaremaa"], name="Pärast Varundust")
    files = storage_files()

    with pytest.raises(CommandError, match=r"media/evidence/protokoll\.txt does not match its checksum"):
        call_command("restore", str(bad), "--force")

    assert Person.objects.filter(name="Pärast Varundust").exists()
    assert Person.objects.count() == 4
    assert storage_files() == files == sorted(FILES)

    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(good.read_bytes()[:2000])
    with pytest.raises(CommandError, match=r"damaged|corrupt|not a Lõim backup|missing"):
        call_command("restore", str(truncated), "--force")
    assert Person.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_non_empty_target_is_refused_without_force(programme, tmp_path):
    build_data(programme["saaremaa"])
    archive = tmp_path / "loim.tar"
    call_command("backup", "-o", str(archive))
    make_person(programme["saaremaa"], name="Pärast Varundust")
    with pytest.raises(CommandError, match=r"not empty: the database .*tables.*2 uploaded file\(s\).*--force"):
        call_command("restore", str(archive))
    assert Person.objects.filter(name="Pärast Varundust").exists()


def test_backup_names_a_missing_directory(tmp_path):
    with pytest.raises(CommandError, match=r"--output: the directory .* does not exist"):
        call_command("backup", "-o", str(tmp_path / "nowhere" / "loim.tar"))


@pytest.mark.skipif(PG, reason="SQLite's secure_delete")
@pytest.mark.django_db(transaction=True)
def test_sqlite_an_erased_name_leaves_no_bytes_in_the_database_file(programme, tmp_path):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
    make_person(programme["saaremaa"], name="Ksenija Kustutatav", email="ksenija.k@example.test")
    make_person(programme["saaremaa"], name="Jääb Alles")
    path = tmp_path / "loim.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    assert b"Ksenija Kustutatav" in path.read_bytes()

    # the erasure in the application's own process and settings, against that file
    script = (
        "import django; django.setup()\n"
        "from loim.register.models import Person\n"
        "from loim.register.access import SUBJECT_REQUEST\n"
        "from loim.register.services.erasure import person_erase\n"
        "person_erase(person=Person.objects.get(name='Ksenija Kustutatav'), actor=None, trigger='subject_request',"
        " why=SUBJECT_REQUEST)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{path}",
        LOIM_HOME=str(tmp_path),
        DJANGO_SETTINGS_MODULE="loim.config.settings",
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr

    files = [p for p in tmp_path.iterdir() if p.name.startswith("loim.sqlite3")]
    data = b"".join(p.read_bytes() for p in files)
    assert "Jääb Alles".encode() in data  # the other person is still there
    assert b"Ksenija" not in data and b"ksenija.k@example.test" not in data


def database_files() -> list[Path]:
    """Every file of the test database on disk: each table's, index's and TOAST table's (the register's,
    the access log's, the audit log's, the catalogue's) as they are after a CHECKPOINT; a table
    rewritten by VACUUM FULL is read in its new file, the old one is truncated at commit."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        cursor.execute("SHOW data_directory")
        base = Path(cursor.fetchone()[0])
        cursor.execute("SELECT oid FROM pg_database WHERE datname = current_database()")
        directory = base / "base" / str(cursor.fetchone()[0])
        cursor.execute("SELECT pg_relation_filepath('register_person')")
        assert (base / cursor.fetchone()[0]).parent == directory
    return [path for path in directory.iterdir() if path.is_file()]


def on_disk(needle: bytes) -> bool:
    return any(needle in path.read_bytes() for path in database_files())


@pytest.mark.skipif(not PG, reason="PostgreSQL's dead tuples and VACUUM")
@pytest.mark.django_db(transaction=True)
def test_postgresql_erasure_and_purge_leave_no_bytes_of_the_name_in_the_table_files(programme):
    if os.geteuid() != 0:
        pytest.skip("reads PostgreSQL's data directory (CI runs as root)")
    saaremaa = programme["saaremaa"]
    asked = make_person(saaremaa, name="Ksenija Kustutatav", email="ksenija.k@example.test")
    make_person(saaremaa, name="Jääb Alles")
    old = make_person(saaremaa, name="Vanaks Jäänud", email="vanaks.j@example.test")
    consent_withdraw(consent=old.consents.get())
    with connection.cursor() as cursor:  # as autovacuum does: statistics of the columns' values
        cursor.execute("ANALYZE register_person, register_contactrecord")
    assert on_disk(b"Ksenija Kustutatav") and on_disk(b"Vanaks J") and on_disk(b"vanaks.j@example.test")

    person_erase(person=asked, actor=None, trigger="subject_request", why=SUBJECT_REQUEST)
    assert not on_disk(b"Ksenija Kustutatav") and not on_disk(b"ksenija.k@example.test")
    assert on_disk("Jääb Alles".encode())

    assert purge_party(party=saaremaa).consent_ended == 1
    assert not Person.objects.filter(pk=old.pk).exists()
    assert not on_disk(b"Vanaks J") and not on_disk(b"vanaks.j@example.test")
