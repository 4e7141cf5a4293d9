"""API of the network app: the directory read-only (`/api/v1/organisations/`, `/api/v1/contacts/`),
scoped like the pages (every member reads the directory). Changes are made on the pages, where the
version, the confirmation and the duplicate checks are shown."""

from __future__ import annotations

from rest_framework import serializers

from loim.api.base import ApiPolicy, TenantReadOnlyViewSet
from loim.api.versioning import ETagMixin

from .models import Contact, Organisation


class ContactSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "organisation",
            "name",
            "role",
            "email",
            "phone",
            "languages",
            "party",
            "confirmed_on",
            "version",
        ]
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    municipalities = serializers.SlugRelatedField(slug_field="ehak_code", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "registry_code",
            "kind",
            "municipalities",
            "languages",
            "website",
            "email",
            "phone",
            "party",
            "confirmed_on",
            "merged_into",
            "version",
        ]
        read_only_fields = fields


class OrganisationViewSet(ETagMixin, TenantReadOnlyViewSet):
    """Directory entries, merged duplicates included (with `merged_into`), so old links resolve."""

    policy = ApiPolicy(read="read_directory")
    model = Organisation
    serializer_class = OrganisationSerializer

    def base_queryset(self):
        return Organisation.objects.select_related("party").prefetch_related("municipalities").order_by("name", "pk")


class ContactViewSet(ETagMixin, TenantReadOnlyViewSet):
    policy = ApiPolicy(read="read_directory")
    model = Contact
    serializer_class = ContactSerializer

    def base_queryset(self):
        return Contact.objects.select_related("party").order_by("organisation__name", "name", "pk")


def register(router) -> None:
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("contacts", ContactViewSet, basename="contact")
