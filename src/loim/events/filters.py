"""The event list's filters (django-filter), shared by the list page, the calendar, the exports and the
API so that "the filtered list" means the same thing everywhere."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from loim.core.formfields import DateInput, ModelChoiceField
from loim.core.vocabulary import Language
from loim.parties.models import Party
from loim.places.models import County, Municipality
from loim.plans.models import Activity, EventKind

from .models import Event, EventFormat, Participation, Reach
from .services import local_datetime


def activity_label(activity: Activity) -> str:
    code = activity.measure_code if activity.level == 0 else f"{activity.measure_code} {activity.row_number}"
    title = activity.title if len(activity.title) <= 90 else activity.title[:88] + "…"
    return f"{activity.plan.year}: {code} {title}"


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """The filter of a record, its options read in one query (core.formfields.ChoiceIterator)."""

    field_class = ModelChoiceField


class ActivityChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return activity_label(obj)


class ActivityFilter(ModelChoiceFilter):
    field_class = ActivityChoiceField


def _parties(request):
    return Party.objects.visible_to(getattr(request, "user", None)).order_by("kind", "name")


def _activities(request):
    return (
        Activity.objects.visible_to(getattr(request, "user", None))
        .select_related("plan")
        .order_by("-plan__year", "position")
    )


class IdFilter(django_filters.NumberFilter):
    """A record id: a whole number within the database's integers (a foreign-key lookup with a
    30-digit number overflowed the SQLite driver, a 500), else the form's field error, a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class CountyFilter(ModelChoiceFilter):
    """A county by id (documented as such in the API schema: the model has no county field)."""


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title contains"), method="filter_text")
    party = ModelChoiceFilter(label=_("Organiser"), queryset=_parties, empty_label=_("all"))
    kind = ModelChoiceFilter(label=_("Kind"), queryset=EventKind.objects.all(), empty_label=_("all"))
    activity = ActivityFilter(label=_("Plan row"), queryset=_activities, empty_label=_("all"))
    municipality = ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        method="filter_municipality",
        empty_label=_("all"),
        help_text=_("Held in or taking part."),
    )
    county = CountyFilter(
        label=_("County"), queryset=County.objects.all(), method="filter_county", empty_label=_("all")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Language.choices, method="filter_language", empty_label=_("all")
    )
    # Not `format`: the API reads ?format= as the response format (json, api), as the root's links do.
    event_format = django_filters.ChoiceFilter(
        label=_("Format"), field_name="format", choices=EventFormat.choices, empty_label=_("all")
    )
    reach = django_filters.ChoiceFilter(label=_("Reach"), choices=Reach.choices, empty_label=_("all"))
    date_from = django_filters.DateFilter(label=_("From"), method="filter_from", widget=DateInput())
    date_to = django_filters.DateFilter(label=_("Until"), method="filter_to", widget=DateInput())
    series = IdFilter(field_name="series_id", widget=forms.HiddenInput())

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(title__icontains=value.strip()) if value.strip() else queryset

    # Held in the place, or taking part from it: the participations are one uncorrelated subquery (the
    # database reads the place's participations once, by the index on municipality and event, and
    # looks each event up in them) where a correlated EXISTS probed every event of the year once per
    # municipality of the county (issue 18 §8: 117 000 index probes for a year in Harju). The county
    # is read through the event's municipality (a primary-key lookup), not as a list of ids: with a
    # list, SQLite without statistics merges two index scans over every year instead of reading the
    # year by its start.

    def filter_municipality(self, queryset, name, value):
        took_part = Participation.objects.filter(municipality=value).values("event_id")
        return queryset.filter(Q(municipality=value) | Q(pk__in=took_part))

    def filter_county(self, queryset, name, value):
        took_part = Participation.objects.filter(municipality__county=value).values("event_id")
        return queryset.filter(Q(municipality__county=value) | Q(pk__in=took_part))

    def filter_language(self, queryset, name, value):
        return queryset.in_language(value)

    def filter_from(self, queryset, name, value: dt.date):
        return queryset.filter(start__gte=local_datetime(value, dt.time.min))

    def filter_to(self, queryset, name, value: dt.date):
        return queryset.filter(start__lt=local_datetime(value + dt.timedelta(days=1), dt.time.min))

    @property
    def active(self) -> bool:
        """Whether any filter is set (the page says "filtered" and offers to clear)."""
        return self.is_bound and any(
            value not in (None, "") for key, value in self.form.cleaned_data.items() if key != "series"
        )
