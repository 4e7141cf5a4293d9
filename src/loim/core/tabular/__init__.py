"""The one tabular core: every import of CSV and XLSX files reads, checks and writes through it.

- `reading`: decoding (UTF-8 with or without BOM, Windows-1257, UTF-16), delimiter sniffing,
  read-only XLSX, and byte, row and column limits checked before the work (`Table`, `Limits`);
- `parsers`: dates (dd.mm.yyyy and ISO), times, comma decimals, bounded integers, yes/no, lists;
- `lookups`: municipalities by EHAK code, previous code or name; parties by code or name;
- `errors`: one row error (row, column, message in the user's language), `FileRejected` for a file
  refused as a whole, `ImportRejected` for rows that failed (nothing written);
- `pipeline`: all rows through the app's service in one transaction, or none;
- `bulk`: a lean multi-row insert of rows already validated in memory (the inquiries' import);
- `uploads`: files waiting between preview and confirmation, deleted when used and purged when
  abandoned.

An app keeps only its column spec (which column means what, parsed by which parser) and its
service call. The plan file (YAML) has its own reader in `plans`; exports are written by
`core.tabular.writer`.
"""

from .errors import CellError, Errors, FileRejected, ImportRejected, RowError
from .reading import Limits, Row, Table, cell_text, read_table, read_upload

__all__ = [
    "CellError",
    "Errors",
    "FileRejected",
    "ImportRejected",
    "Limits",
    "Row",
    "RowError",
    "Table",
    "cell_text",
    "read_table",
    "read_upload",
]
