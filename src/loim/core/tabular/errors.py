"""The errors of every import: one row error (row, column, message) and the two ways a file fails.

A file is refused as a whole (`FileRejected`: not a table, too large, too wide) before any row is
checked, or its rows are checked and some fail (`ImportRejected`: every problem named by row and
column, nothing written). Messages are translated when they are made, in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_LISTED_ERRORS = 200
MISSING = gettext_lazy("The value is missing; the column is required.")


@dataclass(frozen=True)
class RowError:
    """One problem: the spreadsheet row (1 is the header, 0 the file as a whole), the column as the
    file names it, and what is wrong in the user's language."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class CellError(ValueError):
    """A parser could not read a cell; the message says why (without the column: the caller knows it)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class FileRejected(Exception):
    """The file as a whole cannot be imported (format, encoding, size, rows, columns)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    @property
    def errors(self) -> list[RowError]:
        return [RowError(0, "", self.message)]


@dataclass
class Errors:
    """Row errors collected over a file: the first few hundred listed, all of them counted, one per
    cell (a cell refused by the reader is not reported again by its parser)."""

    listed: list[RowError] = field(default_factory=list)
    count: int = 0
    limit: int = MAX_LISTED_ERRORS
    _cells: set = field(default_factory=set, repr=False)

    def add(self, row: int, column: str, message: str) -> None:
        if column and (row, column) in self._cells:
            return
        self._cells.add((row, column))
        self.count += 1
        if len(self.listed) < self.limit:
            self.listed.append(RowError(row, column, str(message)))

    def extend(self, errors) -> None:
        for error in errors:
            self.add(error.row, error.column, error.message)

    def __bool__(self) -> bool:
        return self.count > 0

    def __iter__(self):
        return iter(self.listed)

    def __len__(self) -> int:
        return self.count


class ImportRejected(Exception):
    """Rows of the file failed; `errors` names each (row, column, message). Nothing was written."""

    def __init__(self, errors, count: int | None = None):
        self.errors: list[RowError] = list(errors)
        self.count = len(self.errors) if count is None else count
        super().__init__(f"{self.count} error(s)")
