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


def area_covers(municipality) -> Q:
    """Services offered in `municipality`: national ones, its county's and those naming it. Without a
    municipality (a party that is not a municipality, e.g. ELVL) only national services."""
    if municipality is None:
        return Q(area=Area.NATIONAL)
    return (
        Q(area=Area.NATIONAL)
        | Q(area=Area.COUNTY, county_id=municipality.county_id)
        | Q(area=Area.MUNICIPALITIES, municipalities=municipality)
    )


def services_covering(user, topic_ids, municipality) -> dict[int, list[Service]]:
    """Topic id → the catalogue's services (as the user reads it, drafts included) whose topics
    include that topic and whose area covers `municipality`. Three queries whatever the number of
    topics and services (the services, their topics, their translations)."""
    topic_ids = set(topic_ids)
    if not topic_ids:
        return {}
    ids = (
        Service.objects.visible_to(user)
        .filter(area_covers(municipality), topics__in=topic_ids)
        .values_list("pk", flat=True)
        .distinct()
    )
    services = (
        Service.objects.filter(pk__in=ids)
        .select_related("provider", "party")
        .prefetch_related("topics", "translations")
        .order_by("name", "pk")
    )
    found: dict[int, list[Service]] = {pk: [] for pk in topic_ids}
    for service in services:
        for topic in service.topics.all():
            if topic.pk in found:
                found[topic.pk].append(service)
    return found
