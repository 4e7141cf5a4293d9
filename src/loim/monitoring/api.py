"""API of monitoring: indicator values with their drill-down, commitment verdicts per period, the
yearly report as JSON, and the records monitoring owns. Everything through core.tenancy: the figures
count what the caller may read, exactly as on the pages."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from loim.api.base import ApiPolicy, TenantAggregateViewSet, TenantReadOnlyViewSet
from loim.plans.models import Indicator

from . import cycle
from . import obligations as checker
from .access import monitored_parties, viewer_for
from .engine import drilldown, evaluate
from .engine.drill import EVENTS, MANUAL_VALUES, NETWORKS, PARTICIPATIONS, POSITIONS, ROLLOUT
from .models import ActivityReportNote, DeliverableRecord, ManualValue, ReportPart, ReportPeriod
from .rendering import plain, report_data
from .report import build_report
from .selectors import NoPlan, default_year, plan_for_year

RECORD_LIMIT = 1000
# A list of figures (docs/monitoring.md describes their fields): the schema of one item, which the
# list action wraps in an array.
LIST_OF_OBJECTS = {200: {"type": "object", "additionalProperties": True}}
COMMON = [
    OpenApiParameter("year", int, description="Plan year, e.g. 2024; default the year the dashboard opens."),
    OpenApiParameter("party", str, description="Only this party's records (its code); 404 if you may not see it."),
    OpenApiParameter("as_of", OpenApiTypes.DATE, description="Count as of this day (YYYY-MM-DD); default today."),
]


def _context(request):
    raw_year = request.query_params.get("year", "").strip()
    if not raw_year:  # the API root links here without a year: the year the dashboard opens
        year = default_year(request.user)
        if year is None:
            raise NotFound(_("There is no action plan yet."))
    elif re.fullmatch(r"[0-9]{4}", raw_year):
        year = int(raw_year)
    else:
        raise ValidationError({"year": [_("Give the plan year, e.g. ?year=2024.")]})
    as_of = None
    if request.query_params.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(request.query_params["as_of"])
        except ValueError as exc:
            raise ValidationError({"as_of": [_("A date as YYYY-MM-DD.")]}) from exc
    try:
        plan = plan_for_year(request.user, year)
    except NoPlan as exc:
        raise NotFound(str(exc)) from exc
    try:
        viewer = viewer_for(request.user, request.query_params.get("party") or None)
    except Http404 as exc:
        raise NotFound(_("No such party.")) from exc
    return plan, viewer, as_of


def _indicator_data(result) -> dict:
    outlook = result.outlook
    return {
        "key": result.key,
        "name": result.indicator.name,
        "unit": result.indicator.unit,
        "kind": result.indicator.kind,
        "method": result.method,
        "problems": result.problems,
        "year": result.plan.year,
        "as_of": result.as_of.isoformat(),
        "final": result.final,
        "value": plain(result.value),
        "target": plain(result.target),
        "deviation": plain(result.deviation),
        "frame_year": result.frame_year,
        "frame_target": plain(result.frame_target),
        "position": plain(result.position),
        "outlook": (
            {"verdict": outlook.verdict, "explanation": outlook.explanation, "method": outlook.method}
            if outlook
            else None
        ),
        "trend": [
            {"year": p.year, "value": plain(p.value), "final": p.final, "target": plain(p.target)} for p in result.trend
        ],
        # whose figure it is (docs/monitoring.md "Whose figure"): programme, own, share or context
        "role": result.role,
        "verdict": result.verdict or None,
        "programme_target": plain(result.programme_target),
        "took_part": result.took_part,
        "parts": [
            {
                "party": p.party.slug,
                "value": plain(p.value),
                "target": plain(p.target),
                "verdict": p.verdict or None,
                "vacant": p.vacant,
            }
            for p in result.parts
        ],
        "coordinators": (
            {
                "day": result.coordinators.day.isoformat(),
                "posts": result.coordinators.posts,
                "municipalities": result.coordinators.municipalities,
                "partnerships": result.coordinators.partnerships,
                "vacancies": result.coordinators.vacancies,
            }
            if result.coordinators
            else None
        ),
    }


def _record(kind, record) -> dict:
    if kind == EVENTS:
        return {
            "event": record.pk,
            "title": record.title,
            "start": record.start.isoformat(),
            "kind": record.kind.code,
            "party": record.party.slug,
            "municipality": record.municipality.name if record.municipality_id else None,
            "reach": record.reach,
        }
    if kind == PARTICIPATIONS:
        return {
            "event": record.event_id,
            "title": record.event.title,
            "start": record.event.start.isoformat(),
            "party": record.event.party.slug,
            "municipality": record.municipality.name,
            "municipality_ehak": record.municipality.ehak_code,
        }
    if kind == POSITIONS:
        return {
            "position": record.pk,
            "party": record.party.slug,
            "title": record.title,
            "starts_on": record.starts_on.isoformat(),
            "ends_on": record.ends_on.isoformat() if record.ends_on else None,
            "agreement": record.agreement.reference if record.agreement_id else None,
        }
    if kind == NETWORKS:
        return {
            "network": record.pk,
            "party": record.party.slug,
            "name": record.name,
            "kind": record.kind,
            "founded_on": record.founded_on.isoformat(),
            "ended_on": record.ended_on.isoformat() if record.ended_on else None,
        }
    if kind == ROLLOUT:
        return {
            "rollout_phase": record.pk,
            "party": record.party.slug,
            "municipality": record.municipality.name,
            "phase": record.phase,
            "began_on": record.began_on.isoformat(),
            "evidence_url": record.evidence_url or None,
            "evidence_document": record.evidence_document_id,
        }
    if kind == MANUAL_VALUES:
        return {
            "manual_value": record.pk,
            "party": record.party.slug,
            "value": plain(record.value),
            "evidence": record.evidence,
            "has_file": bool(record.evidence_file),
            "recorded_on": record.recorded_on.isoformat(),
        }
    return {}


class IndicatorValueViewSet(TenantAggregateViewSet):
    """Indicator values of a plan year against their targets; the detail lists the records behind."""

    policy = ApiPolicy(read="read_aggregates")

    lookup_field = "key"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    @extend_schema(operation_id="monitoring_indicators_list", parameters=COMMON, responses=LIST_OF_OBJECTS)
    def list(self, request):
        plan, viewer, as_of = _context(request)
        return Response([_indicator_data(r) for r in evaluate(plan, viewer, as_of=as_of)])

    @extend_schema(operation_id="monitoring_indicators_retrieve", parameters=COMMON, responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, key=None):
        plan, viewer, as_of = _context(request)
        indicator = (
            Indicator.objects.visible_to(request.user)
            .filter(plan=plan, key=key)
            .select_related("plan")
            .prefetch_related("targets")
            .first()
        )
        if indicator is None:
            raise NotFound(_("No such indicator in this plan."))
        result, drill = drilldown(indicator, viewer, as_of=as_of)
        data = _indicator_data(result)
        records = drill.queryset if drill.queryset is not None else []
        data["records_kind"] = drill.kind
        data["records_count"] = records.count() if drill.queryset is not None else 0
        data["records"] = [_record(drill.kind, record) for record in records[:RECORD_LIMIT]]
        data["records_truncated"] = data["records_count"] > RECORD_LIMIT
        if drill.day:
            data["stock_read_on"] = drill.day.isoformat()
        municipalities = drill.municipalities()
        if municipalities is not None:
            data["municipalities"] = [
                {
                    "municipality": m["municipality__name"],
                    "county": m["municipality__county__name"],
                    "times": m["times"],
                }
                for m in municipalities
            ]
        return Response(data)


class ObligationVerdictViewSet(TenantAggregateViewSet):
    """The plan year's commitments with a verdict for every period and the events that count."""

    policy = ApiPolicy(read="read_aggregates")

    @extend_schema(operation_id="monitoring_obligations_list", parameters=COMMON, responses=LIST_OF_OBJECTS)
    def list(self, request):
        plan, viewer, as_of = _context(request)
        return Response(checker.as_data(checker.check(plan, viewer, as_of=as_of, with_events=True)))


class ReportViewSet(TenantAggregateViewSet):
    """The yearly report as JSON: the same rows as the page, the XLSX and the PDF."""

    policy = ApiPolicy(read="read_aggregates")

    @extend_schema(operation_id="monitoring_report_retrieve", parameters=COMMON, responses=OpenApiTypes.OBJECT)
    def list(self, request):
        plan, viewer, as_of = _context(request)
        return Response(report_data(build_report(plan, viewer, as_of=as_of)))


class ManualValueSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.StringRelatedField()
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = ManualValue
        fields = ["id", "party", "indicator_key", "year", "value", "evidence", "has_file", "recorded_on", "author"]

    def get_has_file(self, record) -> bool:
        return bool(record.evidence_file)


class ManualValueViewSet(TenantReadOnlyViewSet):
    """Indicator values entered by hand, with their evidence."""

    policy = ApiPolicy(read="signed_in")

    model = ManualValue
    serializer_class = ManualValueSerializer

    def base_queryset(self):
        return ManualValue.objects.select_related("party", "author").order_by("year", "indicator_key", "party__name")


class ReportNoteSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    activity_code = serializers.CharField(source="activity.code", read_only=True)
    year = serializers.IntegerField(source="activity.plan.year", read_only=True)

    class Meta:
        model = ActivityReportNote
        fields = ["id", "party", "year", "period", "activity", "activity_code", "text", "updated_at"]


class ReportNoteViewSet(TenantReadOnlyViewSet):
    """The responsible parties' explanations of deviations in the yearly report."""

    policy = ApiPolicy(read="signed_in")

    model = ActivityReportNote
    serializer_class = ReportNoteSerializer

    def base_queryset(self):
        return ActivityReportNote.objects.select_related("party", "activity", "activity__plan").order_by("pk")


class ReportPartStepSerializer(serializers.Serializer):
    action = serializers.CharField()
    actor = serializers.CharField(source="actor.__str__", default="")
    at = serializers.DateTimeField(source="created_at")
    text = serializers.CharField()
    what = serializers.CharField()


class ReportPartSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    year = serializers.IntegerField(source="plan.year", read_only=True)
    steps = ReportPartStepSerializer(many=True, read_only=True)

    class Meta:
        model = ReportPart
        fields = ["id", "year", "period", "party", "state", "submitted_at", "decided_at", "comment", "steps"]


class ReportPartStepInput(serializers.Serializer):
    year = serializers.IntegerField()
    period = serializers.ChoiceField(choices=ReportPeriod.values)
    party = serializers.CharField(max_length=60)
    action = serializers.ChoiceField(choices=cycle.STEPS)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReportPartViewSet(TenantReadOnlyViewSet):
    """The parties' parts of the H1 and yearly reports: state in the cycle and its history; `step/`
    takes a step of the cycle (monitoring/cycle.py), exactly as the report page does."""

    policy = ApiPolicy(read="signed_in", actions={"step": "signed_in"})

    @extend_schema(request=ReportPartStepInput, responses=ReportPartSerializer)
    @action(detail=False, methods=["post"])
    def step(self, request):
        """Submit (the party's editors), return with a comment or approve (ELVL's editors). A party
        the caller may not see, or a step not theirs at all, is 404; a refused step is 400 with why."""
        data = ReportPartStepInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        party = monitored_parties(request.user).filter(slug=values["party"]).first()
        if party is None or not cycle.may_take(request.user, party, values["action"]):
            raise NotFound()
        try:
            plan = plan_for_year(request.user, values["year"])
        except NoPlan as exc:
            raise NotFound(str(exc)) from exc
        try:
            part = cycle.take_step(
                user=request.user,
                plan=plan,
                period=values["period"],
                party=party,
                step=values["action"],
                comment=values["comment"],
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"action": exc.messages}) from exc
        return Response(ReportPartSerializer(self.base_queryset().get(pk=part.pk)).data)

    model = ReportPart
    serializer_class = ReportPartSerializer

    def base_queryset(self):
        return ReportPart.objects.select_related("party", "plan").prefetch_related("steps__actor").order_by("pk")


class DeliverableRecordSerializer(serializers.ModelSerializer):
    """A deliverable's record with its definition from the plan; `state` is derived today (late)."""

    year = serializers.IntegerField(source="deliverable.plan.year", read_only=True)
    key = serializers.CharField(source="deliverable.key", read_only=True)
    title = serializers.CharField(source="deliverable.title", read_only=True)
    owner = serializers.SlugRelatedField(source="party", slug_field="slug", read_only=True)
    due = serializers.DateField(source="deliverable.due_date", read_only=True)
    state = serializers.SerializerMethodField()
    links = serializers.ListField(source="link_list", child=serializers.CharField(), read_only=True)
    events = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = DeliverableRecord
        fields = ["id", "year", "key", "title", "owner", "due", "status", "state", "done_on", "events", "links",
                  "has_file", "evidence_file_name", "notes", "version", "updated_at"]  # fmt: skip

    def get_state(self, record) -> str:
        from .deliverables.selectors import facts_of
        from .deliverables.state import state_of

        return state_of(facts_of(record.deliverable, record), timezone.localdate()).code

    def get_has_file(self, record) -> bool:
        return bool(record.evidence_file)


class DeliverableRecordViewSet(TenantReadOnlyViewSet):
    """The owner parties' records of the plan's deliverables (status, evidence), read-only."""

    policy = ApiPolicy(read="read_deliverables")

    model = DeliverableRecord
    serializer_class = DeliverableRecordSerializer

    def base_queryset(self):
        return (
            DeliverableRecord.objects.select_related("party", "deliverable", "deliverable__plan")
            .prefetch_related("events")
            .order_by("deliverable__plan__year", "deliverable__position")
        )


def register(router) -> None:
    router.register("monitoring/indicators", IndicatorValueViewSet, basename="monitoring-indicator")
    router.register("monitoring/obligations", ObligationVerdictViewSet, basename="monitoring-obligation")
    router.register("monitoring/report", ReportViewSet, basename="monitoring-report")
    router.register("monitoring/manual-values", ManualValueViewSet, basename="monitoring-manual-value")
    router.register("monitoring/report-notes", ReportNoteViewSet, basename="monitoring-report-note")
    router.register("monitoring/report-parts", ReportPartViewSet, basename="monitoring-report-part")
    router.register("monitoring/deliverables", DeliverableRecordViewSet, basename="monitoring-deliverable")
