"""Events for the one search function (`loim.core.search`): title and description, from what the
user may see (`Event.objects.visible_to`: the own party's events; ELVL and the ministry read all)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from loim.core.search import Field, Shown, Source, register

from .models import Event


def _show(event: Event) -> Shown:
    day = formats.date_format(timezone.localtime(event.start).date(), "SHORT_DATE_FORMAT")
    return Shown(event.title, reverse("events:detail", args=[event.pk]), f"{day} · {event.party}")


def register_sources() -> None:
    register(
        Source(
            kind="events",
            label=_("Events"),
            queryset=lambda user: Event.objects.visible_to(user).select_related("party"),
            fields=(Field("title", "A"), Field("description", "C")),
            show=_show,
            order=20,
        )
    )
