"""Pages every user has: home, search, the accessibility statement, the audit log, and friendly errors."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .audit import audit_entries_for
from .navigation import home_panels
from .permissions import policy, public
from .search import QueryError, search, sources


@policy("signed_in")
def home(request):
    return render(request, "core/home.html", {"panels": home_panels(request)})


@policy("signed_in")
def search_page(request):
    """GET ?q=…&kind=…: the one search over what the user may see. An empty, too short or too long
    query, or one with a NUL character, gets a message, never an error page."""
    known = {source.kind: source.label for source in sources()}
    kinds = [kind for kind in request.GET.getlist("kind") if kind in known]
    query = request.GET.get("q", "")
    results, error = None, ""
    if "q" in request.GET:
        try:
            results = search(request.user, query, kinds=kinds or None)
        except QueryError as exc:
            error = str(exc)
    context = {
        "query": query.replace("\x00", "")[:200],
        "results": results,
        "error": error,
        "kind_choices": [(kind, label, kind in kinds) for kind, label in known.items()],
        "hide_header_search": True,
    }
    return render(request, "core/search.html", context)


@public
def accessibility_statement(request):
    return render(request, "core/accessibility.html")


@policy("read_audit_log")
def audit_log(request):
    page = Paginator(audit_entries_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page})


def csrf_failure(request, reason=""):
    return render(
        request,
        "core/error.html",
        {
            "title": _("The form has expired"),
            "message": _(
                "The form could not be accepted because its security token is missing or out of date. "
                "Nothing was saved. Go back, reload the page and submit the form again."
            ),
        },
        status=403,
    )


def _api_answer(request, message: str, status: int) -> JsonResponse | None:
    """The API answers in JSON even where Django answers for it (an address no route matches, an
    error outside DRF), as its schema promises."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return None


def page_not_found(request, exception=None):
    message = _("There is no such page, or you may not see it.")
    if (answer := _api_answer(request, message, 404)) is not None:
        return answer
    return render(
        request,
        "core/error.html",
        {"title": _("Page not found"), "message": message},
        status=404,
    )


def server_error(request):
    if (answer := _api_answer(request, _("The error has been logged. Please try again later."), 500)) is not None:
        return answer
    return render(
        request,
        "core/error.html",
        {"title": _("Something went wrong"), "message": _("The error has been logged. Please try again later.")},
        status=500,
    )
