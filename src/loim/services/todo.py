"""The service catalogue's items on the home page's to-do list (`loim.monitoring.todo`): the services
of the user's parties that nobody has checked for a year (`Confirmed`: due after 365 days). One query
whatever the number of services; the services tables are among the to-do list's watched inputs
(`monitoring.todo.INPUT_APPS`), so a check or an edit refreshes the cached list (core.generations)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from loim.network.models import CONFIRMATION_VALID_FOR

from .models import Service

SERVICES_DUE = "services_due"
LISTED = 10
SOURCE = "loim.services.todo.services_due_for_a_check"


def register() -> None:
    """Add the source and its section to the to-do list (called once from ServicesConfig.ready)."""
    from loim.monitoring import todo

    todo.SECTIONS.setdefault(SERVICES_DUE, todo.SectionKind(55, gettext_lazy("Services due for a check")))
    if SOURCE not in todo.SOURCES:
        todo.SOURCES.append(SOURCE)


def services_due_for_a_check(desk) -> Iterable:
    """The services the user's parties keep and the user may check, last checked more than a year
    before the day of the list (checked on day D: due from D + 366 days), the longest unchecked first."""
    from loim.monitoring.todo import Action, Item

    services = list(
        Service.objects.editable_by(desk.user)
        .filter(party_id__in=desk.party_ids, confirmed_on__lt=desk.today - CONFIRMATION_VALID_FOR)
        .annotate(total=Window(Count("pk")))
        .order_by("confirmed_on", "name", "pk")[:LISTED]
    )
    state = pgettext("service", "not checked for a year")
    items = []
    for service in services:
        url = reverse("services:detail", kwargs={"pk": service.pk})
        items.append(
            Item(
                kind=SERVICES_DUE,
                title=service.name,
                due=service.confirmed_on + CONFIRMATION_VALID_FOR,
                state="due",
                state_label=state,
                url=url,
                detail=_("Last checked on %(day)s") % {"day": f"{service.confirmed_on:%d.%m.%Y}"},
                actions=(Action(_("Check the service"), url),),
            )
        )
    hidden = services[0].total - len(services) if services else 0
    if hidden > 0:
        items.append(
            Item(
                kind=SERVICES_DUE,
                title=ngettext(
                    "%(count)d more service due for a check", "%(count)d more services due for a check", hidden
                )
                % {"count": hidden},
                due=None,
                state="more",
                state_label="",
                url=reverse("services:list"),
                stands_for=hidden,
            )
        )
    return items
