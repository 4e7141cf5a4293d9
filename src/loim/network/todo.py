"""The directory's items on the home page's to-do list (`loim.monitoring.todo`): the entries the
user's parties keep that nobody has confirmed for a year. Two queries whatever the amount of data."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from .models import CONFIRMATION_VALID_FOR, Contact, Organisation

DIRECTORY_DUE = "directory_due"
LISTED = 10
SOURCE = "loim.network.todo.entries_due_for_a_check"


def register() -> None:
    """Add the source and its section to the to-do list (called once from NetworkConfig.ready)."""
    from loim.monitoring import todo

    todo.SECTIONS.setdefault(DIRECTORY_DUE, todo.SectionKind(50, gettext_lazy("Directory entries due for a check")))
    if SOURCE not in todo.SOURCES:
        todo.SOURCES.append(SOURCE)


def entries_due_for_a_check(desk) -> Iterable:
    from loim.monitoring.todo import Action, Item

    editable = Organisation.objects.editable_by(desk.user).filter(party_id__in=desk.party_ids)
    organisations = list(
        editable.listed()
        .due_for_check(desk.today)
        .annotate(total=Window(Count("pk")))
        .order_by("confirmed_on", "name", "pk")[:LISTED]
    )
    contacts = list(
        Contact.objects.editable_by(desk.user)
        .filter(party_id__in=desk.party_ids, organisation__merged_into__isnull=True)
        .due_for_check(desk.today)
        .select_related("organisation")
        .annotate(total=Window(Count("pk")))
        .order_by("confirmed_on", "name", "pk")[:LISTED]
    )
    state = pgettext("directory", "not confirmed for a year")
    items = []
    for organisation in organisations:
        url = reverse("network:organisation", kwargs={"pk": organisation.pk})
        items.append(
            Item(
                kind=DIRECTORY_DUE,
                title=organisation.name,
                due=organisation.confirmed_on + CONFIRMATION_VALID_FOR,
                state="due",
                state_label=state,
                url=url,
                detail=_("Organisation"),
                actions=(Action(_("Check and confirm"), url),),
            )
        )
    for contact in contacts:
        url = reverse("network:organisation", kwargs={"pk": contact.organisation_id})
        items.append(
            Item(
                kind=DIRECTORY_DUE,
                title=f"{contact.name} ({contact.organisation.name})",
                due=contact.confirmed_on + CONFIRMATION_VALID_FOR,
                state="due",
                state_label=state,
                url=url,
                detail=_("Contact person"),
                actions=(Action(_("Check and confirm"), url),),
            )
        )
    hidden = (organisations[0].total - len(organisations) if organisations else 0) + (
        contacts[0].total - len(contacts) if contacts else 0
    )
    if hidden > 0:
        items.append(
            Item(
                kind=DIRECTORY_DUE,
                title=ngettext("%(count)d more entry due for a check", "%(count)d more entries due for a check", hidden)
                % {"count": hidden},
                due=None,
                state="more",
                state_label="",
                url=reverse("network:directory") + "?" + urlencode({"due": "on"}),
            )
        )
    return items
