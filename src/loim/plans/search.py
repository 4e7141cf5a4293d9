"""Plan rows (activities and schedule rows) for the one search function (`loim.core.search`): code,
title and narrative. The plan is SHARED (every member reads it); a hit links to its row on the plan
page (`#a-<id>`, the anchor the plan page gives each activity and row)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loim.core.search import Field, Shown, Source, register

from .models import Activity


def _show(activity: Activity) -> Shown:
    url = reverse("plans:detail", args=[activity.plan.year]) + f"#a-{activity.pk}"
    return Shown(activity.heading_title or activity.title, url, f"{activity.plan.year} · {activity.code}")


def register_sources() -> None:
    register(
        Source(
            kind="plan_rows",
            label=_("Plan rows"),
            queryset=lambda user: Activity.objects.visible_to(user).select_related("plan"),
            fields=(Field("title", "A"), Field("code", "B"), Field("narrative", "C")),
            show=_show,
            order=50,
        )
    )
