"""Reads of the communication app: lists through core.tenancy, and the counts monitoring uses."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet

from .models import Output, TranslationJob

RECENT = 10


def output_list(
    user, *, kind=None, channel=None, language=None, activity=None, start=None, end=None, none=False
) -> QuerySet:
    """Outputs the user may read, with the list page's filters (every filter optional; `none`: a filter
    was invalid, so nothing matches rather than everything)."""
    queryset = Output.objects.visible_to(user).select_related("party", "channel", "activity", "activity__plan")
    if none:
        return queryset.none()
    if kind:
        queryset = queryset.filter(kind=kind)
    if channel:
        queryset = queryset.filter(channel=channel)
    if language:
        # `languages` is a JSON list of codes; the quoted code matches one whole element on both databases
        queryset = queryset.filter(languages__icontains=f'"{language}"')
    if activity:
        queryset = queryset.filter(activity=activity)
    if start:
        queryset = queryset.filter(date__gte=start)
    if end:
        queryset = queryset.filter(date__lte=end)
    return queryset.order_by("-date", "-pk")


def recent_outputs(user) -> list[Output]:
    """The user's own latest entries, for the quick-entry page."""
    return list(
        Output.objects.editable_by(user)
        .filter(created_by=user)
        .select_related("party", "channel", "activity", "activity__plan")
        .order_by("-created_at", "-pk")[:RECENT]
    )


def job_list(user, *, start=None, end=None) -> QuerySet:
    queryset = TranslationJob.objects.visible_to(user).select_related(
        "party", "service", "document", "agency", "activity", "activity__plan"
    )
    if start:
        queryset = queryset.filter(date__gte=start)
    if end:
        queryset = queryset.filter(date__lte=end)
    return queryset.order_by("-date", "-pk")


def report_counts(viewer, start: dt.date, end: dt.date) -> dict:
    """The yearly report's section: outputs per party, kind and language, and translation jobs per
    party and target language, over the viewer's scope (`Viewer.scope`, core.tenancy). Non-personal
    records of the programme's work, like events: counted exactly, not through core.disclosure.
    Two grouped queries; an output in two languages counts once under each of them."""
    outputs: dict[tuple[int, str, str], int] = {}
    rows = viewer.scope(Output).filter(date__gte=start, date__lte=end).values_list("party_id", "kind", "languages")
    for party_id, kind, languages in rows:
        for language in languages or [""]:
            key = (party_id, kind, language)
            outputs[key] = outputs.get(key, 0) + 1
    jobs = {
        (row["party_id"], row["source_language"], row["target_language"]): row["n"]
        for row in viewer.scope(TranslationJob)
        .filter(date__gte=start, date__lte=end)
        .values("party_id", "source_language", "target_language")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return {"outputs": outputs, "jobs": jobs}
