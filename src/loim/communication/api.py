"""Communication outputs and translation jobs in the REST API: list (with the list page's filters),
read, create and update. Writes go through the pages' services (`output_create`, `output_update`,
`translation_job_create`, …), so the API refuses the same input with the same words; a change names
the version it is based on (If-Match or `version`; loim.api.versioning). Evidence files are uploaded
on the page only; the API shows whether an output has one."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from loim.api.base import ApiPolicy, TenantModelViewSet
from loim.api.versioning import VersionedViewSetMixin
from loim.core.versioning import StaleVersion
from loim.core.vocabulary import Language
from loim.network.models import Document, Organisation
from loim.parties.models import Party
from loim.plans.models import Activity
from loim.services.models import Service

from .models import Channel, JobStatus, Output, OutputKind, ReachUnit, SubjectKind, TranslatedBy, TranslationJob
from .selectors import job_list, output_list
from .services import (
    JobInput,
    OutputInput,
    output_create,
    output_update,
    translation_job_create,
    translation_job_update,
)


def _api_error(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        raise ValidationError(exc.message_dict) from exc
    raise ValidationError({"non_field_errors": exc.messages}) from exc


class OutputSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", queryset=Party.objects.all())
    kind = serializers.ChoiceField(choices=OutputKind.choices)
    channel = serializers.PrimaryKeyRelatedField(queryset=Channel.objects.all())
    channel_name = serializers.CharField(source="channel.name", read_only=True)
    # validated by the model's validator (an unknown code is named), like the form and the import
    languages = serializers.ListField(child=serializers.CharField(max_length=8))
    reach_unit = serializers.ChoiceField(choices=ReachUnit.choices, required=False, allow_blank=True)
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.all(), allow_null=True, required=False)
    activity_code = serializers.CharField(source="activity.code", read_only=True, default=None)
    has_evidence = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True, help_text="The saved version (also the ETag).")

    class Meta:
        model = Output
        fields = [
            "id",
            "party",
            "kind",
            "channel",
            "channel_name",
            "languages",
            "date",
            "title",
            "link",
            "reach",
            "reach_unit",
            "activity",
            "activity_code",
            "has_evidence",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]
        # the model's validators run in the service's full_clean(), with its messages
        extra_kwargs: dict = {"link": {"validators": []}, "date": {"validators": []}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # another party's channel reads as unknown, as a missing one
            self.fields["channel"].queryset = Channel.objects.visible_to(request.user)

    def get_has_evidence(self, output) -> bool:
        return bool(output.evidence)


class OutputViewSet(VersionedViewSetMixin, TenantModelViewSet):
    """Outputs the caller may read; created and changed only for the caller's own party."""

    policy = ApiPolicy(read="member", write="record_work")
    model = Output
    serializer_class = OutputSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def base_queryset(self):
        params = self.request.query_params
        filters: dict = {name: params.get(name) for name in ("kind", "language") if params.get(name)}
        for name in ("start", "end"):
            if params.get(name):
                filters[name] = _day(params[name], name)
        if params.get("channel", "").isdigit():
            filters["channel"] = int(params["channel"])
        if params.get("activity", "").isdigit():
            filters["activity"] = int(params["activity"])
        return (
            output_list(self.request.user, **filters)
            if self.action == "list"
            else Output.objects.select_related("party", "channel", "activity")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        party = data.pop("party")
        self.check_party(party.pk)
        try:
            serializer.instance = output_create(
                party=party, data=OutputInput(**{**_output_defaults(), **data}), created_by=self.request.user
            )
        except DjangoValidationError as exc:
            _api_error(exc)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        output = serializer.instance
        if "party" in data and data.pop("party").pk != output.party_id:
            raise ValidationError({"party": ["An output stays with its party."]})
        base = vars(OutputInput.from_output(output))
        try:
            with transaction.atomic():
                serializer.instance = output_update(
                    output=output, data=OutputInput(**{**base, **data}), version=self.expected_version
                )
        except StaleVersion:
            raise
        except DjangoValidationError as exc:
            _api_error(exc)


def _output_defaults() -> dict:
    return {"link": "", "reach": None, "reach_unit": "", "activity": None}


class TranslationJobSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", queryset=Party.objects.all())
    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices)
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all(), allow_null=True, required=False)
    document = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all(), allow_null=True, required=False)
    agency = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), allow_null=True, required=False)
    source_language = serializers.ChoiceField(choices=Language.choices)
    target_language = serializers.ChoiceField(choices=Language.choices)
    translated_by = serializers.ChoiceField(choices=TranslatedBy.choices)
    status = serializers.ChoiceField(choices=JobStatus.choices, required=False)
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.all(), allow_null=True, required=False)
    version = serializers.IntegerField(read_only=True, help_text="The saved version (also the ETag).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # documents the caller may read; another party's reads as unknown
            self.fields["document"].queryset = Document.objects.visible_to(request.user)

    class Meta:
        model = TranslationJob
        fields = [
            "id",
            "party",
            "subject_kind",
            "title",
            "service",
            "document",
            "source_language",
            "target_language",
            "translated_by",
            "agency",
            "date",
            "status",
            "result_link",
            "activity",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]
        extra_kwargs: dict = {
            "result_link": {"validators": []},
            "date": {"validators": []},
            "title": {"required": False, "allow_blank": True},
        }


def _day(value: str, name: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: ["Give a date as YYYY-MM-DD."]}) from None


class TranslationJobViewSet(VersionedViewSetMixin, TenantModelViewSet):
    """Translation jobs the caller may read; created and changed only for the caller's own party. A
    job naming a service changes that service's translation status (services.services)."""

    policy = ApiPolicy(read="member", write="record_work")
    model = TranslationJob
    serializer_class = TranslationJobSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def base_queryset(self):
        if self.action == "list":
            return job_list(self.request.user)
        return TranslationJob.objects.select_related("party", "service", "document", "agency", "activity")

    def _checked_service(self, data: dict) -> None:
        """A service's translation is changed only by those who may translate it (tenancy's editable)."""
        service = data.get("service")
        if service is not None and not Service.objects.editable_by(self.request.user).filter(pk=service.pk).exists():
            raise ValidationError({"service": ["Choose a service your party may translate."]})

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        party = data.pop("party")
        self.check_party(party.pk)
        self._checked_service(data)
        defaults = {"title": "", "status": JobStatus.DONE, "service": None, "document": None, "agency": None}
        defaults |= {"result_link": "", "activity": None}
        try:
            serializer.instance = translation_job_create(
                party=party, data=JobInput(**{**defaults, **data}), created_by=self.request.user
            )
        except DjangoValidationError as exc:
            _api_error(exc)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        job = serializer.instance
        if "party" in data and data.pop("party").pk != job.party_id:
            raise ValidationError({"party": ["A translation job stays with its party."]})
        self._checked_service(data)
        try:
            serializer.instance = translation_job_update(
                job=job,
                data=JobInput(**{**vars(JobInput.from_job(job)), **data}),
                version=self.expected_version,
                user=self.request.user,
            )
        except StaleVersion:
            raise
        except DjangoValidationError as exc:
            _api_error(exc)


def register(router) -> None:
    router.register("communication-outputs", OutputViewSet, basename="communication-output")
    router.register("translation-jobs", TranslationJobViewSet, basename="translation-job")
