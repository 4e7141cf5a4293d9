"""API of the network app: the directory read-only (`/api/v1/organisations/`, `/api/v1/contacts/`),
scoped like the pages (every member reads the directory). Changes are made on the pages, where the
version, the confirmation and the duplicate checks are shown."""

from __future__ import annotations

from rest_framework import serializers

from loim.api.base import ApiPolicy, TenantReadOnlyViewSet
from loim.api.versioning import ETagMixin

from .models import Contact, Network, NetworkMember, Organisation


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


class NetworkMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = NetworkMember
        fields = ["id", "organisation", "contact", "represents", "joined_on", "left_on"]
        read_only_fields = fields


class NetworkSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    members = NetworkMemberSerializer(many=True, read_only=True)
    meetings = serializers.SerializerMethodField()
    commitment = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = Network
        fields = [
            "id",
            "name",
            "kind",
            "party",
            "municipality",
            "county",
            "purpose",
            "communities",
            "founded_on",
            "ended_on",
            "members",
            "meetings",
            "cadence_agreed",
            "cadence_period",
            "cadence_min",
            "cadence_max",
            "cadence_agreed_on",
            "commitment",
            "version",
        ]
        read_only_fields = fields

    def get_meetings(self, network) -> list[int]:
        """The events that are the network's meetings (`/api/v1/events/<id>/`)."""
        return [meeting.event_id for meeting in network.meetings.all()]


class NetworkViewSet(ETagMixin, TenantReadOnlyViewSet):
    """Networks and councils (issue 12), read-only, scoped like their pages (the running party, ELVL
    and the ministry); members, meetings and the cadence are changed on the pages."""

    policy = ApiPolicy(read="read_networks")
    model = Network
    serializer_class = NetworkSerializer

    def base_queryset(self):
        return (
            Network.objects.select_related("party", "commitment")
            .prefetch_related("members", "meetings")
            .order_by("kind", "name", "pk")
        )


def register(router) -> None:
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("contacts", ContactViewSet, basename="contact")
    router.register("networks", NetworkViewSet, basename="network")
