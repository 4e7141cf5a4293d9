"""The reusable cross-tenant test helper (DESIGN.md "Tenancy: one mechanism").

Every app declares, in `tests/<app>/tenancy_cases.py`, a list `CASES` of `TenancyCase`s — one per
owned model (or per place an owned model shows up), naming per ACTION the pages, exports and API
endpoints that show or change it. `test_tenancy.py` runs every declared URL of every action:

- a coordinator of party A (with register access) lists, reads, edits, deletes, exports and uses the
  API on a record of party B and gets nothing: a 404 byte-identical to a missing record's, B's marker
  absent from lists and files, B's row and every owned table's count unchanged; while A's own record
  shows on the same URL (so every check can fail);
- a read-all user (an ELVL coordinator, a ministry reader) reads what DESIGN.md says they read
  (`readers`) and tries every write, changing nothing.

The expected outcomes are the DESIGN.md rules written out by hand per case (`readers`), never
computed by `loim.core.tenancy`. An action a model does not offer to anyone is declared `absent`
with the reason, so a meta-test can insist that every case with a URL covers all ACTIONS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models

ACTIONS = (
    "list",
    "read",
    "edit",
    "delete",
    "export_csv",
    "export_xlsx",
    "api_list",
    "api_detail",
    "api_update",
    "api_delete",
    "api_create",
)
API_ACTIONS = tuple(a for a in ACTIONS if a.startswith("api_"))
WRITE_ACTIONS = ("edit", "delete", "api_update", "api_delete", "api_create")
# Besides ACTIONS, a case may name `create` pages: a form posted with party=B must create nothing for B.


class Readers(StrEnum):
    """Who reads party B's record (DESIGN.md "People and what they may do"), written by hand per case."""

    OWNER = "owner"  # only B itself: personal data; inquiry rows (statistics only for others)
    READ_ALL = "read_all"  # B, ELVL and the ministry: owned non-personal records
    EVERY_MEMBER = "every_member"  # every member of any party: the plan, the directory


@dataclass
class Form:
    """A per-record write page: url name taking url_kwargs(record), and the POST payload an attacker sends."""

    url: str
    data: Callable | None = None  # data(record) -> dict
    kwargs: Callable | None = None  # record -> url kwargs, when not the case's url_kwargs
    editors_only: bool = False  # a page that also needs an editor's role (copying an event, retention)
    implementer_writes: bool = False  # ELVL's editors may use it on any party by design (report reviews)
    readers_may: bool = False  # read-all users may by design: it writes only their own record (a report file)


_list = list  # `list` is also an action's field below
Url = str | Callable  # a url name, a path, or record -> path (a list shown in the context of a record)


@dataclass
class TenancyCase:
    model: type[models.Model]
    make: Callable  # make(party) -> a saved record owned by that party
    marker: Callable = str  # record -> text unique to it in lists, files and the API (or a tuple of such)
    readers: Readers = Readers.READ_ALL
    list: list[Url | Form] = field(default_factory=_list)  # pages listing records
    read: list[str | Form] = field(default_factory=_list)  # per-record pages and files (url names)
    edit: list[str | Form] = field(default_factory=_list)  # per-record pages that change the record
    delete: list[str | Form] = field(default_factory=_list)  # per-record pages that remove it
    export_csv: list[Url] = field(default_factory=_list)
    export_xlsx: list[Url] = field(default_factory=_list)
    create: list[Form] = field(default_factory=_list)  # pages creating a record: Form data(party) -> payload
    api: str | None = None  # the router basename, e.g. "event": list, detail, update, delete, create
    api_record: Callable = lambda record: record  # the object whose API detail shows the record
    api_update: Callable | None = None  # record -> PATCH/PUT payload (a real change of a marked field)
    api_create: Callable | None = None  # party -> POST payload creating a record for that party
    absent: dict[str, str] = field(default_factory=dict)  # action -> why nobody is offered it
    sweep: bool = True  # search every page, file and endpoint for B's marker (False: it is public text)
    url_kwargs: Callable = lambda record: {"pk": record.pk}
    id: str = ""

    def __post_init__(self):
        self.id = self.id or self.model._meta.label
        self.read = [f if isinstance(f, Form) else Form(f) for f in self.read]
        self.edit = [f if isinstance(f, Form) else Form(f) for f in self.edit]
        self.delete = [f if isinstance(f, Form) else Form(f) for f in self.delete]

    def party_records(self, party):
        """The records of the model that belong to the party (to see that nothing was created for it)."""
        return self.model._default_manager.filter(**{self.model.tenancy_party_path: party})

    def has_urls(self) -> bool:
        return bool(
            self.list or self.read or self.edit or self.delete or self.export_csv or self.export_xlsx or self.api
        )

    def shows(self, record, content: str) -> bool:
        markers = self.marker(record)
        return any(m in content for m in ([markers] if isinstance(markers, str) else markers))

    def declares(self, action: str) -> bool:
        if action in API_ACTIONS:
            return self.api is not None
        return bool(getattr(self, action))
