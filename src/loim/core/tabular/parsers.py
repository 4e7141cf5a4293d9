"""Shared readers of cell values: Estonian and ISO dates, times, comma decimals, bounded integers,
yes/no, lists, and choices by code or label. Each raises CellError with a message in the user's
language that names the value (the caller adds row and column).

Integers are bounded (by default to what every database column holds), so a participant count of
10^20 is a row error rather than an OverflowError at save time.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import CellError
from .reading import CONTROL_CHARACTERS, cell_text

INT_MAX = 2**31 - 1  # the range of an integer column on PostgreSQL, SQLite and the rest
TRUE_WORDS = {"yes", "jah", "true", "1", "x", "да", "так", "tak"}
FALSE_WORDS = {"no", "ei", "false", "0", "нет", "ні"}
LIST_SEPARATORS = re.compile(r"\s*[;|,\n]\s*")
SEMICOLONS = re.compile(r"\s*[;\n]\s*")  # for lists of names that may hold commas
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def norm(value) -> str:
    """A name folded for matching: case and runs of spaces do not matter."""
    return " ".join(str(value).split()).casefold()


def text(value, *, max_length: int | None = None) -> str:
    """A cell as trimmed text; control characters and over-long text are refused."""
    result = cell_text(value)
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):  # before strip(): \x1c-\x1f are "spaces"
        raise CellError(_("The cell holds a control character."))
    if max_length is not None and len(result) > max_length:
        raise CellError(
            _("The text is %(length)s characters long; at most %(max)s are allowed.")
            % {"length": len(result), "max": max_length}
        )
    return result


def _show(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def date(
    value, *, earliest: dt.date | None = None, latest: dt.date | None = None, today: dt.date | None = None
) -> dt.date:
    """dd.mm.yyyy (also d.m.yy and dd/mm/yyyy, a time after it ignored), yyyy-mm-dd, or a
    spreadsheet's own date; optionally within [earliest, latest], or not after `today`."""
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    else:
        raw = cell_text(value)
        try:
            result = _date_text(raw)
        except (ValueError, OverflowError):
            raise CellError(
                _("“%(value)s” is not a date. Write it as dd.mm.yyyy or yyyy-mm-dd.") % {"value": raw}
            ) from None
    if today is not None and result > today:
        raise CellError(_("The date %(date)s is in the future.") % {"date": _show(result)})
    if latest is not None and result > latest:
        raise CellError(_("The date %(date)s is after %(latest)s.") % {"date": _show(result), "latest": _show(latest)})
    if earliest is not None and result < earliest:
        raise CellError(
            _("The date %(date)s is before %(earliest)s.") % {"date": _show(result), "earliest": _show(earliest)}
        )
    return result


def _date_text(raw: str) -> dt.date:
    day_part = raw.split(" ")[0].split("T")[0] if raw else raw
    for separator in (".", "/"):
        if separator in day_part:
            parts = day_part.split(separator)
            if len(parts) != 3 or not all(p.isdigit() for p in parts):
                raise ValueError(raw)
            day, month, year = (int(p) for p in parts)
            if len(parts[2]) <= 2:
                year += 2000
            return dt.date(year, month, day)
    if len(day_part) == 10 and day_part[4] == "-":
        return dt.date.fromisoformat(day_part)
    raise ValueError(raw)


def time(value) -> dt.time:
    """hh:mm or hh.mm (seconds allowed), or a spreadsheet's own time."""
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    raw = cell_text(value)
    candidate = raw.replace(".", ":")
    for pattern in ("%H:%M", "%H:%M:%S"):
        try:
            return dt.datetime.strptime(candidate, pattern).time()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a time. Write it as hh:mm.") % {"value": raw})


def decimal(value, *, minimum: Decimal | None = None, maximum: Decimal | None = None) -> Decimal:
    """A number with a decimal comma or point and spaces between thousands: "1 234,5"."""
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, (int, float)):
        result = Decimal(str(value))
    else:
        raw = cell_text(value)
        candidate = SPACES.sub("", raw).replace(",", ".")
        try:
            result = Decimal(candidate)
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number.") % {"value": raw}) from None
        if not result.is_finite():
            raise CellError(_("“%(value)s” is not a number.") % {"value": raw})
    _bounds(result, minimum, maximum)
    return result


def integer(value, *, minimum: int | None = 0, maximum: int | None = INT_MAX) -> int:
    """A whole number ("12", 12.0, "1 234", "12,0"), by default 0 … 2^31−1."""
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    shown = cell_text(value)
    try:
        number = decimal(value)
    except CellError:
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": shown}) from None
    if number != number.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": shown})
    result = int(number)
    _bounds(result, minimum, maximum)
    return result


def _bounds(value, minimum, maximum) -> None:
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if minimum is not None and maximum is not None:
            message = _("The number must be between %(min)s and %(max)s.")
        elif minimum is not None:
            message = _("The number must be at least %(min)s.")
        else:
            message = _("The number must be at most %(max)s.")
        raise CellError(message % {"min": minimum, "max": maximum})


def boolean(value) -> bool:
    """yes/no in Estonian, English, Russian or Ukrainian (also 1/0, x); blank is no."""
    raw = cell_text(value)
    word = raw.casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS or word == "":
        return False
    raise CellError(_("Write yes or no, not “%(value)s”.") % {"value": raw})


def items(value, separators: re.Pattern = LIST_SEPARATORS) -> list[str]:
    """A list in one cell: "a; b, c" → ["a", "b", "c"]."""
    return [part for part in separators.split(cell_text(value)) if part]


def choice(value, lookup: dict[str, str], *, what: str) -> str:
    """The code a lookup (folded name → code) gives for the cell."""
    raw = cell_text(value)
    found = lookup.get(norm(raw))
    if found is None:
        raise CellError(_("Unknown %(what)s “%(value)s”.") % {"what": what, "value": raw})
    return found


def choice_lookup(choices, synonyms: dict[str, str] | None = None, languages=("et", "en")) -> dict[str, str]:
    """Codes and labels (in each language) of a TextChoices class, plus synonyms, folded."""
    from django.utils import translation

    lookup = {norm(value): value for value in choices.values}
    for language in languages:
        with translation.override(language):
            for value, label in choices.choices:
                lookup.setdefault(norm(label), value)
    lookup.update({norm(k): v for k, v in (synonyms or {}).items()})
    return lookup
