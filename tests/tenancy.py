"""The reusable cross-tenant test helper (DESIGN.md "Tenancy: one mechanism").

Every app declares, in `tests/<app>/tenancy_cases.py`, a list `CASES` of `TenancyCase`s — one per
owned model, naming the pages, exports and API endpoints that show or change it. `test_tenancy.py`
runs every case: a coordinator of party A tries to list, read, edit, delete, export and API-fetch a
record of party B and gets nothing (404 or absence), while their own record shows (so the check
can fail). A meta-test fails when an owned model has no case.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models


@dataclass
class TenancyCase:
    model: type[models.Model]
    make: Callable  # make(party) -> a saved record owned by that party
    marker: Callable = str  # marker(record) -> text that shows the record in lists and exports
    list_urls: list[str] = field(default_factory=list)  # pages and exports listing records: url names or paths
    detail_url: str | None = None  # url name taking url_kwargs(record)
    edit_url: str | None = None
    delete_url: str | None = None
    edit_data: Callable | None = None  # edit_data(record) -> POST payload for the edit attempt
    record_urls: list[str] = field(default_factory=list)  # other per-record pages (exports, attachments)
    api_list: str | None = None  # e.g. "v1:event-list"
    api_detail: str | None = None
    url_kwargs: Callable = lambda record: {"pk": record.pk}
    id: str = ""

    def __post_init__(self):
        self.id = self.id or self.model._meta.label
