"""`loim backup` and `loim restore`: one tar archive holding the database, the uploaded files and a
manifest with every member's size and SHA-256 (docs/operations.md "Backups", docs/decisions.md
"Issue 18 — backups").

- SQLite: a consistent copy while the application runs, through SQLite's online backup API
  (`sqlite3.Connection.backup`) from the application's own connection.
- PostgreSQL: `pg_dump --format=custom` (one snapshot by definition); restored with `pg_restore`'s
  SQL through `psql --single-transaction`, so a failed restore leaves the target as it was.
- Uploaded files: everything in the default storage, read and written through the storage API.
- A restore verifies every checksum before it writes anything, refuses a non-empty target unless
  forced (naming what it would overwrite), and replays the register's erasure tombstones that the
  target holds (read before it is overwritten): a person erased after the backup was taken is
  erased again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from . import generations

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database/loim.sqlite3", "postgresql": "database/loim.pgdump"}
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (nothing was written)."""


@dataclass
class RestoreResult:
    files: int = 0
    tables: int = 0
    erased_again: int = 0
    tombstones_added: int = 0
    overwritten: list[str] = field(default_factory=list)


# --- helpers


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def storage_files(storage=None) -> list[str]:
    """Every file in the default storage, as relative paths with "/", sorted."""
    storage = storage or default_storage
    found: list[str] = []

    def walk(prefix: str) -> None:
        try:
            dirs, files = storage.listdir(prefix)
        except FileNotFoundError:
            return
        for name in files:
            found.append(f"{prefix}{name}")
        for name in dirs:
            walk(f"{prefix}{name}/")

    walk("")
    return sorted(found)


def _pg_env_args() -> tuple[dict[str, str], list[str]]:
    params = connection.settings_dict
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    args = ["--dbname", str(params["NAME"])]
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _version() -> str:
    try:
        return metadata.version("loim")
    except metadata.PackageNotFoundError:  # pragma: no cover - an uninstalled checkout
        return "unknown"


def _migrations() -> list[list[str]]:
    return [list(pair) for pair in MigrationRecorder(connection).applied_migrations()]


# --- backup


def backup(output: Path) -> dict[str, Any]:
    """Write the archive to `output` (through a temporary file beside it, renamed at the end, so a
    failed backup never leaves a half-written archive under the name). Returns the manifest."""
    output = Path(output)
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="loim-backup-") as work:
        dump = Path(work) / "database"
        if engine == "sqlite":
            if connection.in_atomic_block:  # the backup API would wait for the write lock forever
                raise BackupError("A backup cannot be taken inside a database transaction.")
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            env, args = _pg_env_args()
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump), *args], env)
        entries = [{"path": DATABASE_MEMBER[engine], "size": dump.stat().st_size, "sha256": _sha256_file(dump)}]
        files = storage_files()
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "app_version": _version(),
            "migrations": _migrations(),
            "files": entries,
        }
        partial = output.with_name(f".{output.name}.partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=DATABASE_MEMBER[engine])
            for name in files:
                with default_storage.open(name, "rb") as handle:
                    content = handle.read()
                entries.append(
                    {"path": MEDIA_PREFIX + name, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
                )
                info = tarfile.TarInfo(MEDIA_PREFIX + name)
                info.size = len(content)
                info.mtime = int(dt.datetime.now().timestamp())
                archive.addfile(info, io.BytesIO(content))
            body = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mtime = int(dt.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(body))
        partial.replace(output)
    return manifest


# --- restore


def read_verified(archive_path: Path, work: Path) -> dict[str, Any]:
    """Extract the archive into `work` and check it against its manifest: every listed member
    present with its size and SHA-256, nothing else in it, no path outside the archive. Raises
    BackupError naming the first problem."""
    try:
        archive = tarfile.open(archive_path, "r")  # noqa: SIM115 - closed by the `with` below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{archive_path} is not a Lõim backup archive ({exc}).") from None
    with archive:
        try:
            members = {member.name: member for member in archive.getmembers()}
            if MANIFEST not in members:
                raise BackupError(f"{archive_path} has no {MANIFEST}: not a Lõim backup archive.")
            manifest_file = archive.extractfile(members[MANIFEST])
            assert manifest_file is not None
            manifest = json.loads(manifest_file.read())
            listed = {entry["path"]: entry for entry in manifest["files"]}
        except (tarfile.TarError, OSError, ValueError, KeyError, TypeError) as exc:
            raise BackupError(f"{archive_path}: the archive or its manifest is damaged ({exc}).") from None
        extra = sorted(set(members) - set(listed) - {MANIFEST})
        if extra:
            raise BackupError(f"{archive_path}: {extra[0]} is in the archive but not in its manifest.")
        for name, entry in listed.items():
            member = members.get(name)
            if member is None:
                raise BackupError(f"{archive_path}: {name} is in the manifest but missing from the archive.")
            if not member.isfile() or name.startswith("/") or ".." in Path(name).parts:
                raise BackupError(f"{archive_path}: {name} is not a plain file inside the archive.")
            destination = work / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            try:
                source = archive.extractfile(member)
                assert source is not None
                with destination.open("wb") as out:
                    for chunk in iter(lambda: source.read(CHUNK), b""):  # noqa: B023 - consumed here
                        digest.update(chunk)
                        out.write(chunk)
            except (tarfile.TarError, OSError) as exc:
                raise BackupError(f"{archive_path}: {name} cannot be read ({exc}).") from None
            if destination.stat().st_size != entry["size"] or digest.hexdigest() != entry["sha256"]:
                raise BackupError(f"{archive_path}: {name} does not match its checksum: the archive is corrupt.")
    return manifest


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def _tombstones() -> list[dict[str, Any]]:
    """The erasure tombstones the target holds now (read before it is overwritten)."""
    from loim.register.models import ErasureTombstone

    if ErasureTombstone._meta.db_table not in _tables():
        return []
    rows = ErasureTombstone.objects.filter(record__isnull=False).values("party_id", "trigger", "record", "created_at")
    return [dict(row) for row in rows]


def what_would_be_overwritten() -> list[str]:
    """What the target already holds: empty when it is empty."""
    held = []
    tables = _tables()
    if tables:
        held.append(f"the database {connection.settings_dict['NAME']} ({len(tables)} tables)")
    files = storage_files()
    if files:
        held.append(f"{len(files)} uploaded file(s) in {getattr(default_storage, 'location', 'the file storage')}")
    return held


def restore(archive_path: Path, *, force: bool = False) -> RestoreResult:
    """Restore the archive into the configured database and file storage."""
    archive_path = Path(archive_path)
    engine = _engine()
    result = RestoreResult()
    with tempfile.TemporaryDirectory(prefix="loim-restore-") as work_dir:
        work = Path(work_dir)
        manifest = read_verified(archive_path, work)
        if manifest.get("engine") != engine:
            raise BackupError(
                f"{archive_path} holds a {manifest.get('engine')} database; this installation uses {engine}."
            )
        result.overwritten = what_would_be_overwritten()
        if result.overwritten and not force:
            raise BackupError(
                "The target is not empty: "
                + "; ".join(result.overwritten)
                + ". Restore into an empty database and file storage, or add --force to overwrite them."
            )
        tombstones = _tombstones()
        dump = work / DATABASE_MEMBER[engine]
        if engine == "sqlite":
            source = sqlite3.connect(dump)
            try:
                connection.ensure_connection()
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            _restore_postgresql(dump, work)
        connection.close()
        result.tables = len(_tables())
        _restore_files(work / MEDIA_PREFIX, [e["path"] for e in manifest["files"]])
        result.files = sum(1 for e in manifest["files"] if e["path"].startswith(MEDIA_PREFIX))
        result.erased_again, result.tombstones_added = replay_tombstones(tombstones)
        # the restored counters start again from the backup's values: a new epoch, so that no page
        # cached before (shared cache, running processes) matches a key made after (core.generations)
        generations.new_epoch()
    return result


def _restore_postgresql(dump: Path, work: Path) -> None:
    env, args = _pg_env_args()
    script = work / "restore.sql"
    _run(["pg_restore", "--no-owner", "--no-privileges", "--file", str(script), str(dump)], env)
    prelude = work / "prelude.sql"
    prelude.write_text("DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n")
    connection.close()  # the application's own connection must not hold a lock on what is dropped
    psql = ["psql", "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--single-transaction"]
    _run([*psql, *args, "--file", str(prelude), "--file", str(script)], env)


def _restore_files(media: Path, paths: list[str]) -> None:
    for name in storage_files():
        default_storage.delete(name)
    for path in paths:
        if not path.startswith(MEDIA_PREFIX):
            continue
        name = path[len(MEDIA_PREFIX) :]
        saved = default_storage.save(name, ContentFile((media / name).read_bytes()))
        if saved != name:  # pragma: no cover - the storage was emptied just before
            raise BackupError(f"The file storage renamed {name} to {saved}.")


def replay_tombstones(tombstones: list[dict[str, Any]]) -> tuple[int, int]:
    """Erase again every person a tombstone names that the restored data still holds, and add the
    tombstones the restored data lacks (so the next restore replays them too). Returns (people
    erased again, tombstones added)."""
    from loim.register.models import ErasureTombstone
    from loim.register.services.erasure import erase_again, vacuum_register

    erased = added = 0
    with transaction.atomic():
        present = set(
            ErasureTombstone.objects.filter(record__isnull=False).values_list("party_id", "record", "created_at")
        )
        for stone in tombstones:
            if erase_again(stone["record"], stone["party_id"]):
                erased += 1
            if (stone["party_id"], stone["record"], stone["created_at"]) not in present:
                new = ErasureTombstone.objects.create(
                    party_id=stone["party_id"], trigger=stone["trigger"], record=stone["record"]
                )
                ErasureTombstone.objects.filter(pk=new.pk).update(created_at=stone["created_at"])
                added += 1
        _advance_person_ids([stone["record"] for stone in tombstones])
    if erased:
        vacuum_register()
    return erased, added


def _advance_person_ids(records: list[int]) -> None:
    """Make sure a new person never gets the number of an erased one (a later restore would take the
    tombstone for them)."""
    from loim.register.models import Person
    from loim.register.services.erasure import highest_person_number

    if not records:
        return
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            highest = max(records + [number for number in [highest_person_number()] if number is not None])
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, highest])
        else:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            if row is None:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, max(records)])
            elif row[0] < max(records):
                cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [max(records), table])
