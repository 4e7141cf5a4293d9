"""Optimistic concurrency: the one mechanism that stops two people silently overwriting each other.

A record edited in a form or through the API inherits `Versioned`: an integer `version`, 1 when
created. Every service that changes such a record writes it through `save_versioned()`, which inside
the service's transaction first claims the row with a compare-and-set

    UPDATE … SET version = <expected> WHERE id = <id> AND version = <expected>

and only then saves the new values with `version = expected + 1`. The claim takes the row's write
lock, so of two concurrent writers that both read version 3 the second waits, finds version 4 and is
refused with `StaleVersion`; nothing of it is written. (The claim leaves the number unchanged and the
save raises it, so the audit log records every version with its author: see `last_change`.)

Where the expected version comes from:
- a form carries the version the user loaded in a hidden field (`VersionedFormMixin`, below);
- the API takes it from `If-Match` (the `ETag` of the detail response) or from `version` in the body
  (`VersionedViewSetMixin`, loim.api.versioning);
- an import or another service that read the record itself passes nothing: the version it read is
  expected, which still refuses a write that happened between its read and its write.

`save()` is not overridden: bumping the version is the service layer's job, like every other rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A record edited by people in forms or the API: `version` counts its saved changes."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by one on every saved change; a change made from an older version is refused."),
    )

    class Meta:
        abstract = True


class StaleVersion(ValidationError):
    """The record changed after the caller read it (version `expected`); `current` is how it is now
    (None if it was deleted meanwhile). Nothing was written.

    A ValidationError, so a page that does not show the difference still refuses with a message
    instead of failing; the pages and the API catch it to show what changed (VersionedFormMixin,
    loim.api.versioning).
    """

    def __init__(self, record: Versioned, expected: int):
        self.expected = expected
        # the record's own model (a Person, an Event …), or None: typed Any for the callers' sake
        self.current: Any = type(record)._base_manager.filter(pk=record.pk).first()
        self.current_version = self.current.version if self.current is not None else None
        super().__init__(
            gettext("Someone else saved this record while you were editing it. Nothing of yours was saved."),
            code="stale",
        )


def save_versioned(record: Versioned, *, expected: int | None = None, update_fields: list[str] | None = None) -> None:
    """Save a versioned record if it is still at version `expected` (default: the version it was read
    at), raising its version by one; else raise StaleVersion and write nothing.

    Must run inside the service's transaction: the claim's row lock is held until it commits.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("save_versioned() must run inside transaction.atomic (the service's write).")
    if record._state.adding:
        record.version = 1
        record.save()
        return
    expected = record.version if expected is None else int(expected)
    claimed = type(record)._base_manager.filter(pk=record.pk, version=expected).update(version=expected)
    if not claimed:
        raise StaleVersion(record, expected)
    record.version = expected + 1
    record.save(update_fields=[*update_fields, "version"] if update_fields else None)


@dataclass(frozen=True)
class LastChange:
    who: str
    when: object  # an aware datetime


def last_change(record: models.Model) -> LastChange | None:
    """Who saved the record's current version, and when, from the audit log (None if unknown, e.g.
    an entry from before versions were audited)."""
    from auditlog.models import LogEntry

    entry = (
        LogEntry.objects.get_for_object(record)
        .filter(action__in=[LogEntry.Action.UPDATE, LogEntry.Action.CREATE])
        .select_related("actor")
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None:
        return None
    who = str(entry.actor) if entry.actor is not None else gettext("the system (an import or a scheduled task)")
    return LastChange(who=who, when=entry.timestamp)


def etag_for(record: Versioned) -> str:
    """A strong entity tag naming the record's version, e.g. `"4"`."""
    return f'"{record.version}"'


def versions_in_if_match(header: str) -> list[int] | None:
    """The versions named by an `If-Match` header; None for `*` (any version). Tags that are not ours
    count as no version (they will not match). A proxy that compresses responses may weaken the tag
    (`W/"4"`); the opaque value is compared all the same, since the tag names a version, not bytes."""
    header = header.strip()
    if header == "*":
        return None
    versions = []
    for tag in header.split(","):
        tag = tag.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        tag = tag.strip('"')
        if tag.isdigit():
            versions.append(int(tag))
    return versions


# --- forms ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    label: str
    theirs: str
    yours: str


@dataclass(frozen=True)
class Conflict:
    """What a refused form save shows: the fields whose saved value differs from the user's input,
    and who saved the version that won. `deleted` when the record is gone."""

    differences: list[Difference]
    change: LastChange | None
    deleted: bool = False


def _flat_choices(choices) -> dict[str, str]:
    flat = {}
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat.update(_flat_choices(label))
        else:
            flat[str(value)] = str(label)
    return flat


def shown_value(field, value) -> str:
    """A form value as the person sees it: choice labels, object names, dd.mm.yyyy dates."""
    import datetime as dt

    from django import forms
    from django.utils.formats import date_format

    if isinstance(field, forms.BooleanField):
        return gettext("yes") if value else gettext("no")
    if value is None or value == "" or (isinstance(value, list | tuple | set) and not value):
        return "—"
    if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
        # the model's every row, not the field's choices: the saved value may no longer be offered
        rows = field.queryset.model._base_manager
        if isinstance(field, forms.ModelMultipleChoiceField):
            pks = [item.pk if isinstance(item, models.Model) else item for item in value]
            return ", ".join(sorted(field.label_from_instance(o) for o in rows.filter(pk__in=pks))) or "—"
        obj = value if isinstance(value, models.Model) else rows.filter(pk=value).first()
        return field.label_from_instance(obj) if obj is not None else "—"
    if isinstance(field, forms.MultipleChoiceField):
        labels = _flat_choices(field.choices)
        chosen = {str(v) for v in value}
        return ", ".join(label for key, label in labels.items() if key in chosen) or "—"
    if isinstance(field, forms.ChoiceField):
        return _flat_choices(field.choices).get(str(value), str(value))
    if isinstance(value, dt.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return " / ".join(line.strip() for line in str(value).splitlines() if line.strip()) or "—"


if TYPE_CHECKING:
    from django.forms import Form as _FormBase
else:
    _FormBase = object


class VersionedFormMixin(_FormBase):
    """An edit form of a `Versioned` record: carries the version the user loaded in a hidden field.

    `track_version(record)` (or `versioned=record`) adds the field; the view passes
    `form.expected_version` to the service and, on StaleVersion, calls `form.refuse_stale(exc,
    current_initial)` with the saved record's values in the form's terms and shows the form again
    (`core/_conflict.html`): the input is kept, nothing is saved, the differences are listed. The hidden
    version then names the saved version, so saving again replaces the other person's values knowingly.
    """

    conflict: Conflict | None = None
    unordered_fields: tuple[str, ...] = ()  # text fields of one item per line, stored in another order

    def __init__(self, *args, versioned: Versioned | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if versioned is not None:
            self.track_version(versioned)

    def track_version(self, record: Versioned) -> None:
        from django import forms

        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=record.version, min_value=1)

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version") if "version" in self.fields else None

    def full_clean(self):
        super().full_clean()
        if "version" in self.errors:
            # a hidden field's error would not be seen: say it on the form
            del self.errors["version"]
            self.add_error(None, gettext("This form is incomplete (its version is missing). Reload the page."))

    def refuse_stale(self, exc: StaleVersion, current_initial: dict | None) -> None:
        if exc.current is None:
            self.conflict = Conflict(differences=[], change=None, deleted=True)
            return
        differences = []
        for name, field in self.fields.items():
            if name in ("version", "confirm") or field.widget.is_hidden:
                continue
            yours = self.cleaned_data.get(name) if name in self.cleaned_data else self.data.get(self.add_prefix(name))
            theirs = (current_initial or {}).get(name)
            if name in self.unordered_fields:
                theirs, yours = (sorted(str(v or "").splitlines()) for v in (theirs, yours))
                theirs, yours = "\n".join(theirs), "\n".join(yours)
            theirs_shown, yours_shown = shown_value(field, theirs), shown_value(field, yours)
            if theirs_shown != yours_shown:
                differences.append(Difference(str(field.label), theirs_shown, yours_shown))
        self.conflict = Conflict(differences=differences, change=last_change(exc.current))
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data[self.add_prefix("version")] = str(exc.current_version)
            self.data = data
