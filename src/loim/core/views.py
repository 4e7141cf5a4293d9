"""Pages every user has: home, the accessibility statement, the audit log, and friendly errors."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .audit import audit_entries_for
from .navigation import home_panels
from .tenancy import access_for


@login_required
def home(request):
    memberships = request.user.memberships.active().select_related("party", "party__municipality")
    return render(
        request,
        "core/home.html",
        {"memberships": memberships, "panels": home_panels(request)},
    )


def accessibility_statement(request):
    return render(request, "core/accessibility.html")


@login_required
def audit_log(request):
    access = access_for(request.user)
    if not (access.admin or access.implementer_admin):
        raise Http404(_("No such page."))
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


def page_not_found(request, exception=None):
    return render(
        request,
        "core/error.html",
        {"title": _("Page not found"), "message": _("There is no such page, or you may not see it.")},
        status=404,
    )


def server_error(request):
    return render(
        request,
        "core/error.html",
        {"title": _("Something went wrong"), "message": _("The error has been logged. Please try again later.")},
        status=500,
    )
