"""Read endpoints of the plan: plans, activities and rows, indicators, targets, commitments and the
event kinds they speak of. Everything through tenancy (`TenantReadOnlyViewSet`): plans are shared,
so every member reads them; writing goes through the pages or a plan file."""

from django_filters import rest_framework as filters
from rest_framework import serializers

from loim.api.base import ApiPolicy, ReferenceReadOnlyViewSet, TenantReadOnlyViewSet

from .models import Activity, EventKind, Indicator, Obligation, Plan, Target


class EventKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventKind
        fields = ["id", "code", "name_et", "name_en", "name_ru", "name_uk", "order", "active"]


class PlanSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(source="party", slug_field="slug", read_only=True)
    copied_from = serializers.SlugRelatedField(slug_field="year", read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "year",
            "title",
            "owner",
            "status",
            "period_start",
            "period_end",
            "frame_end",
            "source",
            "copied_from",
        ]


class ActivitySerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="year", read_only=True)
    responsible_parties = serializers.SlugRelatedField(many=True, slug_field="slug", read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "plan",
            "parent",
            "code",
            "section",
            "measure_code",
            "row_number",
            "row_key",
            "level",
            "position",
            "title",
            "heading_title",
            "schedule_table",
            "frame_start",
            "frame_end",
            "start",
            "end",
            "responsible_text",
            "responsible_parties",
            "narrative",
            "target_group",
        ]


class TargetSerializer(serializers.ModelSerializer):
    indicator_key = serializers.SlugRelatedField(source="indicator", slug_field="key", read_only=True)

    class Meta:
        model = Target
        fields = ["id", "indicator", "indicator_key", "year", "value", "is_frame_target"]


class IndicatorSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="year", read_only=True)
    activity_code = serializers.SlugRelatedField(source="activity", slug_field="code", read_only=True)
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "key",
            "activity",
            "activity_code",
            "section",
            "table",
            "name",
            "unit",
            "kind",
            "explanation",
            "measurement",
            "rule",
            "measurement_note",
            "position",
            "targets",
        ]


class ObligationSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="year", read_only=True)
    activity_code = serializers.SlugRelatedField(source="activity", slug_field="code", read_only=True)
    responsible = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    event_kinds = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)

    class Meta:
        model = Obligation
        fields = [
            "id",
            "plan",
            "key",
            "title",
            "activity",
            "activity_code",
            "responsible",
            "subject",
            "event_kinds",
            "reach",
            "period",
            "due_date",
            "min_count",
            "max_count",
            "excluded_periods",
            "rule",
            "is_open",
            "quote",
            "note",
        ]


class PlanYearFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="plan__year", label="plan year")


class ActivityFilter(PlanYearFilter):
    class Meta:
        model = Activity
        fields = ["year", "code", "section", "level", "responsible_parties__slug"]


class IndicatorFilter(PlanYearFilter):
    class Meta:
        model = Indicator
        fields = ["year", "key", "section"]


class TargetFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="indicator__plan__year", label="plan year")

    class Meta:
        model = Target
        fields = ["year", "indicator", "indicator__key"]


class ObligationFilter(PlanYearFilter):
    class Meta:
        model = Obligation
        fields = ["year", "key", "responsible__slug", "period"]


class PlanViewSet(TenantReadOnlyViewSet):
    policy = ApiPolicy(read="signed_in")
    model = Plan
    serializer_class = PlanSerializer
    filterset_fields = ["year", "status"]

    def base_queryset(self):
        return Plan.objects.select_related("party", "copied_from")


class ActivityViewSet(TenantReadOnlyViewSet):
    policy = ApiPolicy(read="signed_in")
    model = Activity
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter

    def base_queryset(self):
        return (
            Activity.objects.select_related("plan")
            .prefetch_related("responsible_parties")
            .order_by("plan__year", "position")
        )


class IndicatorViewSet(TenantReadOnlyViewSet):
    policy = ApiPolicy(read="signed_in")
    model = Indicator
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter

    def base_queryset(self):
        return (
            Indicator.objects.select_related("plan", "activity")
            .prefetch_related("targets")
            .order_by("plan__year", "position")
        )


class TargetViewSet(TenantReadOnlyViewSet):
    policy = ApiPolicy(read="signed_in")
    model = Target
    serializer_class = TargetSerializer
    filterset_class = TargetFilter

    def base_queryset(self):
        return Target.objects.select_related("indicator").order_by("indicator__plan__year", "indicator", "year")


class ObligationViewSet(TenantReadOnlyViewSet):
    policy = ApiPolicy(read="signed_in")
    model = Obligation
    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter

    def base_queryset(self):
        return (
            Obligation.objects.select_related("plan", "activity", "responsible")
            .prefetch_related("event_kinds")
            .order_by("plan__year", "activity__position", "key")
        )


class EventKindViewSet(ReferenceReadOnlyViewSet):
    """Reference data every signed-in user may read (not owned by a party)."""

    policy = ApiPolicy(read="signed_in")

    queryset = EventKind.objects.all()
    serializer_class = EventKindSerializer
    filterset_fields = ["code", "active"]


def register(router) -> None:
    router.register("plans", PlanViewSet, basename="plan")
    router.register("plan-activities", ActivityViewSet, basename="plan-activity")
    router.register("plan-indicators", IndicatorViewSet, basename="plan-indicator")
    router.register("plan-targets", TargetViewSet, basename="plan-target")
    router.register("plan-commitments", ObligationViewSet, basename="plan-obligation")
    router.register("event-kinds", EventKindViewSet, basename="event-kind")
