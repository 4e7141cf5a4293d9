"""Read-only API for the directory of parties and their coordinator positions."""

from rest_framework import serializers

from loim.api.base import ApiPolicy, TenantReadOnlyViewSet

from .models import CoordinatorPosition, Party


class PartySerializer(serializers.ModelSerializer):
    municipality_ehak = serializers.CharField(source="municipality.ehak_code", default=None, read_only=True)

    class Meta:
        model = Party
        fields = ["id", "slug", "name", "short_name", "kind", "municipality_ehak"]


class PartyViewSet(TenantReadOnlyViewSet):
    """Parties of the programme (every member reads the directory)."""

    policy = ApiPolicy(read="signed_in")

    model = Party
    serializer_class = PartySerializer

    def base_queryset(self):
        return Party.objects.select_related("municipality")


class CoordinatorPositionSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = CoordinatorPosition
        fields = ["id", "party", "title", "starts_on", "ends_on", "agreement"]


class CoordinatorPositionViewSet(TenantReadOnlyViewSet):
    """Coordinator positions the caller may see (own party; ELVL and the ministry: all)."""

    policy = ApiPolicy(read="signed_in")

    model = CoordinatorPosition
    serializer_class = CoordinatorPositionSerializer

    def base_queryset(self):
        return CoordinatorPosition.objects.select_related("party")


def register(router) -> None:
    router.register("parties", PartyViewSet, basename="party")
    router.register("coordinator-positions", CoordinatorPositionViewSet, basename="coordinator-position")
