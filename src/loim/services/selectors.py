"""Reads of the service catalogue: the filtered list and the translator's view of services."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loim.core import translations

from .models import Area, Service


def services_for(user, *, topic=None, municipality=None, provider=None):
    """The catalogue as the user reads it, filtered: a topic (its sub-topics included), a municipality
    (services offered there: national ones, its county's and those naming it) and a provider."""
    services = (
        Service.objects.visible_to(user)
        .select_related("provider", "party", "county")
        .prefetch_related("translations", "topics", "municipalities")
        .order_by("name", "pk")
    )
    if topic is not None:
        services = services.filter(Q(topics=topic) | Q(topics__parent=topic)).distinct()
    if municipality is not None:
        services = services.filter(
            Q(area=Area.NATIONAL)
            | Q(area=Area.COUNTY, county_id=municipality.county_id)
            | Q(area=Area.MUNICIPALITIES, municipalities=municipality)
        ).distinct()
    if provider is not None:
        services = services.filter(provider=provider)
    return services


def service_items(user):
    """The services the user may translate, as the translator's view lists them."""
    label = _("service")
    for service in Service.objects.editable_by(user).select_related("party").prefetch_related("translations"):
        yield translations.Item(
            kind_label=str(label),
            title=service.name,
            url=reverse("services:detail", kwargs={"pk": service.pk}),
            party_name=service.party.name,
            statuses=translations.statuses(service, service.translations.all()),
            translate_urls={
                code: reverse("services:translate", kwargs={"pk": service.pk, "language": code})
                for code in translations.TARGET_LANGUAGES
            },
        )
