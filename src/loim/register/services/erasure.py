"""Erasure (GDPR art. 17) and the retention purge.

Erasing a person deletes the record and every trace of it: consents, contacts made, links to
inquiries, named attendance, and the audit-log entries about those rows (which never held personal
values, see `audit_personal`, but would still show that the record existed and how it changed).
Access-log entries lose their link to the person and keep only the record number, which identifies
nobody once the record is gone. A tombstone records that an erasure happened, when, in which party,
and on what ground — nothing else.
"""

import datetime as dt
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from .. import rollups
from ..access import RETENTION, Why, log_access
from ..models import AccessAction, AccessLog, Attendance, ErasureTombstone, ErasureTrigger, Person, RegisterSettings
from ..models.config import add_months


def trace_models() -> list[type[models.Model]]:
    """Every model holding rows that belong to a person (found from the relations, so a link added
    later is erased too)."""
    return [
        rel.related_model
        for rel in Person._meta.related_objects
        if rel.related_model is not AccessLog and not rel.many_to_many
    ]


def _forget_audit_entries(rows: dict[type[models.Model], list[int]]) -> None:
    for model, pks in rows.items():
        if pks:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_pk__in=[str(pk) for pk in pks]
            ).delete()


def register_tables() -> list[str]:
    """The database tables of the register app (what a VACUUM after an erasure covers)."""
    from django.apps import apps

    return [model._meta.db_table for model in apps.get_app_config("register").get_models()]


def personal_tables() -> list[str]:
    """The tables an erasure deletes personal values from: the people and every row belonging to one
    (the access log and the tombstones hold record numbers only)."""
    return [Person._meta.db_table, *(model._meta.db_table for model in trace_models())]


def vacuum_register() -> None:
    """Leave no bytes of erased rows in the table files (PostgreSQL; VACUUM cannot run in a
    transaction, so a caller inside an outer transaction — a test's — skips it).

    PostgreSQL keeps a deleted row's bytes as a dead tuple until VACUUM, and a plain VACUUM, which
    removes the tuple, compacts the page without zeroing the space it freed: the bytes of the row
    stored last in a page stay in the file (measured). So two steps: a plain VACUUM of the register's
    tables removes the dead tuples (its horizon ignores its own snapshot), then `VACUUM FULL` of the
    tables holding personal values copies the live rows, and their indexes and TOAST, into new files;
    the old files are truncated at commit. VACUUM FULL alone is not enough: it keeps a row deleted
    after the oldest transaction running anywhere on the server (its own snapshot counts), so a long
    transaction in another database made it copy the erased row into the new file (measured). A row
    that a transaction of this database can still see cannot be removed by either; the next purge
    (nightly) removes it. SQLite needs nothing: `secure_delete` is on for every connection
    (settings.py), so a deleted row's bytes are overwritten at once."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {', '.join(quote(table) for table in register_tables())}")
        cursor.execute(f"VACUUM FULL {', '.join(quote(table) for table in personal_tables())}")


@transaction.atomic
def person_erase(*, person: Person, actor, trigger: str, why: Why, vacuum: bool = True) -> ErasureTombstone:
    """Erase the person and every trace; leave a tombstone. All or nothing. Then (PostgreSQL) VACUUM
    the register's tables, unless the caller does it once for many (the purge)."""
    party = person.party
    record = person.pk
    log_access(actor=actor, people=[person], action=AccessAction.ERASE, why=why)
    erase_rows(person)
    tombstone = ErasureTombstone(party=party, trigger=ErasureTrigger(trigger), record=record)
    tombstone.full_clean()
    tombstone.save()
    if vacuum:
        transaction.on_commit(vacuum_register)
    return tombstone


@transaction.atomic
def erase_rows(person: Person) -> None:
    """Delete the person, every row referring to them and the audit entries about those rows (no
    access-log entry, no tombstone: `person_erase` writes those; `loim restore` replays a tombstone
    it already has)."""
    rows: dict[type[models.Model], list[int]] = {Person: [person.pk]}
    for model in trace_models():
        field = next(f for f in model._meta.get_fields() if getattr(f, "related_model", None) is Person)
        rows[model] = list(model._default_manager.filter(**{field.name: person}).values_list("pk", flat=True))
    try:
        with disable_auditlog():
            person.delete()
    except ProtectedError as exc:
        names = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise ValidationError(
            _("The record is still referred to by %(records)s and was not erased. Nothing was changed.")
            % {"records": ", ".join(names)}
        ) from None
    _forget_audit_entries(rows)


def erase_again(record: int, party_id: int) -> bool:
    """`loim restore` (core.backup): erase the person a tombstone names if the restored data still holds
    them; the tombstone is the record of the erasure, so no new one and no access-log entry."""
    person = Person.objects.filter(pk=record, party_id=party_id).first()
    if person is None:
        return False
    erase_rows(person)
    return True


def highest_person_number() -> int | None:
    """The highest person number in use (core.backup keeps new numbers above the erased ones)."""
    return Person.objects.values_list("pk", flat=True).order_by("-pk").first()


@dataclass
class PurgeResult:
    consent_ended: int = 0
    retention_passed: int = 0
    attendance: int = 0
    access_log: int = 0
    failed: int = 0
    kept_restricted: int = 0

    @property
    def people(self) -> int:
        return self.consent_ended + self.retention_passed


def purge_party(*, party, today: dt.date | None = None, dry_run: bool = False) -> PurgeResult:
    """Erase the party's people whose consents have all ended or whose retention date has passed
    (restricted people excepted); delete named attendance and access-log entries past their time.

    This is the system acting on retention rules, not a user: it is scoped by party explicitly and
    logs with no actor and the reason "retention".
    """
    today = today or dt.date.today()
    settings = RegisterSettings.for_party(party)
    result = PurgeResult()
    due = Person.objects.filter(party=party).due_for_erasure(today)
    # A restricted person is never erased automatically: GDPR art. 18(1)(b) lets a person ask for
    # restriction instead of erasure. They are counted so the coordinator reviews them.
    result.kept_restricted = due.filter(restricted=True).count()
    for person in due.filter(restricted=False).order_by("pk"):
        trigger = ErasureTrigger.RETENTION if person.retention_until < today else ErasureTrigger.CONSENT_ENDED
        if dry_run:
            _count(result, trigger)
            continue
        try:
            person_erase(person=person, actor=None, trigger=trigger, why=RETENTION, vacuum=False)
        except ValidationError:
            result.failed += 1
        else:
            _count(result, trigger)
    attendance = Attendance.objects.past_retention(party=party, today=today)
    if dry_run:
        result.attendance = attendance.count()
    else:
        with transaction.atomic():
            rows = {Attendance: list(attendance.values_list("pk", flat=True))}
            with disable_auditlog():
                result.attendance = Attendance.objects.filter(pk__in=rows[Attendance]).delete()[0]
            _forget_audit_entries(rows)
    old_entries = AccessLog.objects.filter(
        party=party, created_at__date__lt=add_months(today, -settings.access_log_keep_months)
    )
    result.access_log = old_entries.count() if dry_run else old_entries.delete()[0]
    if not dry_run:
        rollups.compact()  # the daily run folds the counts' changes up to yesterday (register.rollups)
        vacuum_register()
    return result


def _count(result: PurgeResult, trigger: str) -> None:
    if trigger == ErasureTrigger.RETENTION:
        result.retention_passed += 1
    else:
        result.consent_ended += 1
