"""The service catalogue in the REST API (`/api/v1/services/`, issue 13): list (the list page's
filters: topic, municipality, provider), read, create and update.

Writes go through the same service layer as the pages (`services.service_create` / `service_update`),
so the API applies the same rules (a provider from the directory and not merged, a county only for a
county's service, municipalities for a municipal one, links and languages checked) and answers 400
naming the field. A change names the version it is based on (If-Match or `version`,
loim.api.versioning): 412 if it is stale. A service is SHARED: every member reads the catalogue, the
owning party's admins and coordinators change it (`manage_services`). Translations are read here per
language (`translations`, `?language=` keeps one); they are written on the pages or through XLIFF/PO.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from loim.api.base import ApiPolicy, TenantModelViewSet
from loim.api.versioning import VersionedViewSetMixin
from loim.core import translations as tr
from loim.core.versioning import StaleVersion
from loim.core.vocabulary import Language
from loim.inquiries.models import Topic
from loim.network.models import Organisation
from loim.parties.models import Party
from loim.places.models import County, Municipality

from .models import TEXT_FIELDS, Area, Service, ServiceTranslation
from .selectors import area_covers
from .services import ServiceInput, TextInput, service_create, service_update

SERVED_LANGUAGE_CHOICES = [(code, label) for code, label in Language.choices if code != Language.OTHER]


class ServiceTranslationSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = ServiceTranslation
        fields = ["language", "status", *TEXT_FIELDS, "source_version", "draft", "machine_made", "reviewed_on"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=tr.TranslationStatus.choices))
    def get_status(self, translation) -> str:
        return tr.status_of(translation, translation.service)


class ServiceSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(
        slug_field="slug", queryset=Party.objects.all(), help_text="The party that keeps the service (its code)."
    )
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text="The directory entry that provides the service."
    )
    area = serializers.ChoiceField(choices=Area.choices, required=False)
    county = serializers.SlugRelatedField(
        slug_field="ehak_code",
        queryset=County.objects.all(),
        allow_null=True,
        required=False,
        help_text="EHAK code of the county, only when the area is a county.",
    )
    municipalities = serializers.SlugRelatedField(
        slug_field="ehak_code",
        queryset=Municipality.objects.all(),
        many=True,
        required=False,
        help_text="EHAK codes, only when the area is specific municipalities.",
    )
    topics = serializers.SlugRelatedField(
        slug_field="code", queryset=Topic.objects.all(), many=True, required=False, help_text="Inquiry topic codes."
    )
    languages = serializers.ListField(child=serializers.ChoiceField(choices=SERVED_LANGUAGE_CHOICES), required=False)
    links = serializers.ListField(child=serializers.CharField(max_length=500), required=False)
    translation_status = serializers.SerializerMethodField(
        help_text="Per target language (en, ru, uk): missing, in_translation, up_to_date, outdated or machine."
    )
    translations = serializers.SerializerMethodField()
    confirmed_on = serializers.DateField(read_only=True, help_text="When the service was last checked.")
    version = serializers.IntegerField(
        read_only=True,
        help_text="The saved version (also the ETag). Send it back as If-Match (or as `version`) when you change it.",
    )

    class Meta:
        model = Service
        fields = [
            "id",
            "party",
            "provider",
            *TEXT_FIELDS,
            "languages",
            "area",
            "county",
            "municipalities",
            "topics",
            "by_appointment",
            "email",
            "phone",
            "address",
            "links",
            "published",
            "confirmed_on",
            "source_version",
            "translation_status",
            "translations",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["source_version", "created_at", "updated_at"]
        # the rules are the service layer's (full_clean there): no second set here
        extra_kwargs: dict = {name: {"validators": []} for name in ("email", "phone")}

    @extend_schema_field(serializers.DictField(child=serializers.ChoiceField(choices=tr.TranslationStatus.choices)))
    def get_translation_status(self, service) -> dict:
        return tr.statuses(service, service.translations.all())

    @extend_schema_field(ServiceTranslationSerializer(many=True))
    def get_translations(self, service) -> list:
        language = self.context.get("language")
        rows = [t for t in service.translations.all() if language in (None, t.language)]
        for row in rows:
            row.service = service  # the status compares with this service's text version (no query)
        return ServiceTranslationSerializer(rows, many=True).data


def _input(data: dict, base: Service | None) -> ServiceInput:
    """The service layer's input: the request's values over the saved ones (PATCH changes some)."""

    def given(name, default):
        return data.get(name, default)

    text = TextInput(**{name: given(name, getattr(base, name) if base else "") or "" for name in TEXT_FIELDS})
    return ServiceInput(
        provider=given("provider", base.provider if base else None),
        text=text,
        area=given("area", base.area if base else Area.NATIONAL),
        county=given("county", base.county if base else None),
        municipalities=list(given("municipalities", list(base.municipalities.all()) if base else [])),
        topics=list(given("topics", list(base.topics.all()) if base else [])),
        languages=list(given("languages", base.languages if base else [])),
        by_appointment=given("by_appointment", base.by_appointment if base else False),
        email=given("email", base.email if base else "") or "",
        phone=given("phone", base.phone if base else "") or "",
        address=given("address", base.address if base else "") or "",
        links=list(given("links", base.links if base else [])),
        published=given("published", base.published if base else True),
    )


def _api_error(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError(
            {name if name != "__all__" else "non_field_errors": m for name, m in exc.message_dict.items()}
        )
    return ValidationError({"non_field_errors": exc.messages})


FILTERS = [
    OpenApiParameter("topic", OpenApiTypes.STR, description="An inquiry topic code: the services on that topic."),
    OpenApiParameter(
        "municipality",
        OpenApiTypes.STR,
        description="EHAK code: services offered there (national ones, its county's and those naming it).",
    ),
    OpenApiParameter("provider", OpenApiTypes.INT, description="The provider's directory id."),
    OpenApiParameter("language", OpenApiTypes.STR, description="Only this language's translation (en, ru, uk)."),
]


@extend_schema_view(list=extend_schema(parameters=FILTERS), retrieve=extend_schema(parameters=FILTERS[-1:]))
class ServiceViewSet(VersionedViewSetMixin, TenantModelViewSet):
    """The service catalogue: every member reads it; the owning party's admins and coordinators create
    and change its services. A change names its version (If-Match or `version`): 412 if stale."""

    policy = ApiPolicy(read="read_services", write="manage_services")
    model = Service
    serializer_class = ServiceSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def base_queryset(self):
        return (
            Service.objects.select_related("party", "provider", "county")
            .prefetch_related("municipalities", "topics", "translations")
            .order_by("name", "pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        language = self.request.query_params.get("language") if self.request else None
        if language:
            if language not in tr.TARGET_LANGUAGES:
                raise ValidationError(
                    {"language": [_("Translations are into English, Russian or Ukrainian (en, ru, uk).")]}
                )
            context["language"] = language
        return context

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action != "list":
            return queryset
        params = self.request.query_params
        if code := params.get("topic"):
            topic = Topic.objects.filter(code=code).first()
            if topic is None:
                raise ValidationError({"topic": [_("There is no topic with the code “%s”.") % code]})
            queryset = queryset.filter(pk__in=Service.objects.filter(topics__in=[topic, *topic.children.all()]))
        if code := params.get("municipality"):
            municipality = Municipality.objects.filter(ehak_code=code).first()
            if municipality is None:
                raise ValidationError({"municipality": [_("There is no municipality with the EHAK code “%s”.") % code]})
            queryset = queryset.filter(pk__in=Service.objects.filter(area_covers(municipality)))
        if value := params.get("provider"):
            if not value.isdigit():
                raise ValidationError({"provider": [_("Give the provider's directory id (a number).")]})
            queryset = queryset.filter(provider_id=int(value))
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_party(data["party"].pk)
        try:
            service = service_create(party=data["party"], data=_input(data, None), user=self.request.user)
        except DjangoValidationError as exc:
            raise _api_error(exc) from exc
        serializer.instance = self.base_queryset().get(pk=service.pk)

    def perform_update(self, serializer):
        data = serializer.validated_data
        service = serializer.instance
        if "party" in data and data["party"].pk != service.party_id:
            raise ValidationError({"party": [_("A service stays with its party.")]})
        try:
            service_update(
                service=service,
                data=_input(data, service),
                user=self.request.user,
                expected_version=self.expected_version,
            )
        except StaleVersion:
            raise  # answered 412 by VersionedViewSetMixin
        except DjangoValidationError as exc:
            raise _api_error(exc) from exc
        serializer.instance = self.base_queryset().get(pk=service.pk)


def register(router) -> None:
    router.register("services", ServiceViewSet, basename="service")
