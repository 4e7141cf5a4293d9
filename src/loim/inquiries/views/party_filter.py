"""The party of the statistics, the list and their files is given by its code (`?party=tartu`), as in
the API. A code that names no party the user may read here is refused with a page that says so: it
used to be dropped silently, so `export.csv?party=<code>` returned every party's numbers."""

from functools import wraps

from django.shortcuts import render
from django.utils.translation import gettext as _


class UnknownParty(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_party(form) -> None:
    """Raise UnknownParty if the bound filter form names a party it cannot offer."""
    code = form.unknown_party()
    if code:
        raise UnknownParty(code)


def refuses_unknown_party(view):
    """Answer 400 with the reason when the view (or its filter) raised UnknownParty."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except UnknownParty as exc:
            message = _(
                "There is no party with the code “%(code)s” that you may read here. "
                "Choose the party from the list on the page."
            ) % {"code": exc.code}
            return render(request, "core/error.html", {"title": _("Unknown party"), "message": message}, status=400)

    return wrapped
