"""Personal data is read only through `register.reads`, whose functions log what they return.

A view (of any app) that fetched people itself could show them without an access-log entry, so the
modules that may touch the Person model's rows are listed here; the reads that return personal
fields (`person_search`, `invitation_people`) are called only by `register.reads`.
"""

import re
from pathlib import Path

import loim

SRC = Path(loim.__file__).parent
# Modules that may query people: the reads themselves, the selectors they build on (and counts and
# summaries without personal fields, and the counts' rollup, which reads party, municipality, target
# group, restriction and dates only), writes, the data-subject export's renderer, demo data.
MAY_QUERY_PEOPLE = {
    "register/reads.py",
    "register/selectors.py",
    "register/statistics.py",
    "register/rollups.py",
    "register/exports.py",
    "register/demo.py",
}
MAY_QUERY_PEOPLE_UNDER = ("register/models/", "register/services/", "register/migrations/")
PERSON_QUERY = re.compile(
    r"\bPerson\.objects\b|\bget_(?:visible|editable)_or_404\(\s*Person\b|\bPerson\._default_manager\b"
)
PERSONAL_SELECTORS = re.compile(r"\b(?:person_search|invitation_people)\b")


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        yield path.relative_to(SRC).as_posix(), path.read_text()


def test_only_the_reads_module_queries_people():
    offending = [
        name
        for name, text in _modules()
        if PERSON_QUERY.search(text) and name not in MAY_QUERY_PEOPLE and not name.startswith(MAY_QUERY_PEOPLE_UNDER)
    ]
    assert offending == []


def test_personal_selectors_are_called_only_by_the_reads():
    offending = [
        name
        for name, text in _modules()
        if PERSONAL_SELECTORS.search(text) and name not in ("register/reads.py", "register/selectors.py")
    ]
    assert offending == []


def test_the_scan_sees_the_modules_it_guards():
    names = dict(_modules())
    assert PERSON_QUERY.search(names["register/reads.py"])  # the reads query people…
    assert PERSONAL_SELECTORS.search(names["register/reads.py"])  # …and call the personal selectors
    assert PERSON_QUERY.search("person = get_visible_or_404(Person, user, pk=1)")
    assert "register/views/people.py" in names
