"""REST API of inquiries: create (for systems that log inquiries elsewhere), list and read with
filters, and the statistics — the same selector and the same small-cell suppression as the page.
Topics and referral targets are listed so that clients can use their codes."""

import datetime as dt

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from loim.api.base import ApiPolicy, ReferenceReadOnlyViewSet, TenantReadOnlyViewSet
from loim.api.versioning import ETagMixin
from loim.core.disclosure import period_errors
from loim.core.permissions import permits
from loim.core.tenancy import editable_parties
from loim.parties.models import Party
from loim.places.models import Municipality
from loim.plans.models import Activity

from .forms import default_period, period_shape_errors
from .models import Inquiry, ReferralTarget, Topic
from .selectors import SMALL_CELL, inquiry_statistics, is_cross_party, latest_inquiry_date, readable_parties
from .services import inquiry_create


class InquirySerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", queryset=Party.objects.all(), required=False)
    topics = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Topic.objects.all(), allow_empty=False)
    referrals = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=ReferralTarget.objects.all(), required=False
    )
    municipality = serializers.SlugRelatedField(
        slug_field="ehak_code", queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Inquiry
        fields = [
            "id",
            "party",
            "date",
            "channel",
            "language",
            "category",
            "topics",
            "referrals",
            "minutes",
            "municipality",
            "activity",
            "note",
            "version",
            "created_at",
        ]
        read_only_fields = ["id", "version", "created_at"]
        extra_kwargs = {"date": {"required": False}, "category": {"required": False}}


class InquiryFilter(django_filters.FilterSet):
    party = django_filters.CharFilter(field_name="party__slug")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    topic = django_filters.CharFilter(field_name="topics__code")
    referral = django_filters.CharFilter(field_name="referrals__code")

    class Meta:
        model = Inquiry
        fields = ["party", "date_from", "date_to", "topic", "referral", "channel", "language", "category"]


STATISTICS_PARAMETERS = [
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day (ISO 8601); default 1 January"),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (ISO 8601); default today or 31 December"),
    OpenApiParameter("party", OpenApiTypes.STR, description="Party slug; omitted means every party you may read"),
]


class InquiryViewSet(ETagMixin, mixins.CreateModelMixin, TenantReadOnlyViewSet):
    """Inquiries of the caller's own parties (row-level data stays with the owning party: ELVL and
    ministry readers get `statistics` only); creation for a party the caller may edit. Validation is the
    same as the quick-entry form's (services.inquiry_create), including the personal-data check."""

    policy = ApiPolicy(read="signed_in", write="record_work", actions={"statistics": "read_aggregates"})

    model = Inquiry
    serializer_class = InquirySerializer
    filterset_class = InquiryFilter

    def base_queryset(self):
        return (
            Inquiry.objects.select_related("party", "municipality")
            .prefetch_related("topics", "referrals")
            .order_by("-date", "-pk")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        party = data.pop("party", None)
        if party is None:
            parties = list(editable_parties(request.user)[:2])
            if len(parties) != 1:
                raise ApiValidationError({"party": [gettext("Give the party (its code) the inquiry belongs to.")]})
            party = parties[0]
        if not permits(request.user, "record_work", party):
            raise NotFound()
        data.setdefault("date", timezone.localdate())
        try:
            inquiry = inquiry_create(party=party, created_by=request.user, **data)
        except DjangoValidationError as exc:
            raise ApiValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        return Response(self.get_serializer(inquiry).data, status=201)

    @extend_schema(parameters=STATISTICS_PARAMETERS, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"])
    def statistics(self, request):
        """Counts by topic, month, channel, language, target group, referral and municipality. In
        views spanning parties (core.disclosure) the period is whole months that are over, counts
        below five are withheld, and every figure is the sum of the published finest cells:
        `withheld_cells` says how many were left out (`count` null and `suppressed` true when all)."""
        party = None
        slug = request.query_params.get("party")
        if slug:
            party = readable_parties(request.user).filter(slug=slug).first()
            if party is None:  # unknown or not the caller's to read: the same answer, never "all"
                raise NotFound(
                    gettext("There is no party with the code “%(code)s” that you may read.") % {"code": slug}
                )
        elif not permits(request.user, "read_all_aggregates"):
            message = gettext("Give the party (its code): you may read only your own parties.")
            raise ApiValidationError({"party": [message]})
        cross_party = is_cross_party(request.user, party)
        default_start, default_end = default_period(latest_inquiry_date(request.user, party), cross_party=cross_party)
        start = _date_param(request, "start", default_start)
        end = _date_param(request, "end", default_end)
        if errors := period_shape_errors(start, end):  # the form's rule (inquiries.forms)
            raise ApiValidationError({name: [message] for name, message in errors.items()})
        if cross_party and (errors := period_errors(start, end, timezone.localdate())):
            raise ApiValidationError({name: [message] for name, message in errors.items()})
        stats = inquiry_statistics(user=request.user, start=start, end=end, party=party)
        return Response(statistics_json(stats))


def _date_param(request, name: str, default: dt.date) -> dt.date:
    value = request.query_params.get(name)
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ApiValidationError({name: [gettext("Write the date as YYYY-MM-DD.")]}) from exc


def statistics_json(stats) -> dict:
    topic_codes = dict(Topic.objects.values_list("pk", "code"))
    referral_codes = dict(ReferralTarget.objects.values_list("pk", "code"))
    municipality_codes = dict(Municipality.objects.values_list("pk", "ehak_code"))
    key_maps = {"topic": topic_codes, "referral": referral_codes, "municipality": municipality_codes}

    def cell(c, name=None):
        key = key_maps[name].get(c.key, c.key) if name in key_maps else c.key
        return {"key": key, "label": c.label, **c.figure.as_dict()}

    return {
        "start": stats.start.isoformat(),
        "end": stats.end.isoformat(),
        "previous_start": stats.previous_start.isoformat(),
        "previous_end": stats.previous_end.isoformat(),
        "party": stats.party.slug if stats.party else None,
        "suppression_applied": stats.suppressing,
        "suppressed_below": SMALL_CELL,
        "total": stats.total.figure.as_dict(),
        "breakdowns": {name: [cell(c, name) for c in b.cells] for name, b in stats.breakdowns.items()},
        "top_topics": [
            {
                "topic": topic_codes.get(top.topic.key),
                "label": top.topic.label,
                "count": top.topic.count,
                "previous": top.previous.count,
                "suppressed": top.topic.suppressed or top.previous.suppressed,
                "withheld_cells": top.topic.withheld,
                "previous_withheld_cells": top.previous.withheld,
                "change": top.change,
            }
            for top in stats.top_topics
        ],
    }


class TopicSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Topic
        fields = ["code", "parent", "name_et", "name_en", "name_ru", "name_uk", "active"]


class ReferralTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferralTarget
        fields = ["code", "name_et", "name_en", "name_ru", "name_uk", "active"]


class TopicViewSet(ReferenceReadOnlyViewSet):
    """The shared topic taxonomy (codes to use when creating inquiries)."""

    policy = ApiPolicy(read="signed_in")

    queryset = Topic.objects.select_related("parent")
    serializer_class = TopicSerializer
    lookup_field = "code"


class ReferralTargetViewSet(ReferenceReadOnlyViewSet):
    policy = ApiPolicy(read="signed_in")
    queryset = ReferralTarget.objects.all()
    serializer_class = ReferralTargetSerializer
    lookup_field = "code"


def register(router) -> None:
    router.register("inquiries", InquiryViewSet, basename="inquiry")
    router.register("inquiry-topics", TopicViewSet, basename="inquiry-topic")
    router.register("referral-targets", ReferralTargetViewSet, basename="referral-target")
