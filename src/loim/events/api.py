"""Events in the REST API: list (with the list page's filters), read, create and update.

Writes go through the same service as the pages (`services.event_create` / `event_update`), so the
API enforces the same rules, including the refusal of a change made from a stale version (ETag and
If-Match, loim.api.versioning); warnings (an event outside its plan row's dates) are answered with 400
and `confirm_warnings` until the client sends `"confirm_warnings": true`. Events hold no personal
data, so every reader (ELVL, the ministry) gets every field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from loim.api.base import ApiPolicy, TenantModelViewSet
from loim.api.versioning import IF_MATCH, VersionedViewSetMixin
from loim.core import translations as core_translations
from loim.core.translations import TARGET_LANGUAGES
from loim.core.versioning import StaleVersion
from loim.core.vocabulary import Language, ParticipantGroup
from loim.monitoring.locking import event_days, event_what, guard, mark_changed
from loim.parties.models import Party
from loim.places.models import Municipality
from loim.plans.models import Activity, EventKind

from .filters import EventFilter
from .models import TEXT_FIELDS, Event, EventFormat, EventTranslation, Reach
from .services import ConfirmationRequired, EventInput, event_create, event_update
from .translation import EventTextInput, event_translation_save

API_FIELD_FOR = {"counts": "participants", **{f"count_{g.value}": "participants" for g in ParticipantGroup}}


class ChildRows(serializers.Field):
    """Mixin for a field written as plain values and read from an event's child rows by `read(event)`."""

    def __init__(self, *, read, **kwargs):
        self.read = read
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return self.read(instance)

    def to_representation(self, value):
        return value


class ChildList(ChildRows, serializers.ListField):
    pass


class ChildDict(ChildRows, serializers.DictField):
    pass


def _participants(event: Event) -> dict[str, int | None]:
    """Every group, null for one not counted (0 means nobody came): events.attendance."""
    counts = {c.group: c.count for c in event.counts.all()}
    return {group: counts.get(group) for group in ParticipantGroup.values}


def translation_data(event: Event, language: str, row: EventTranslation | None) -> dict:
    """One language of an event's texts as the API shows it: the derived status (core.translations),
    the texts (empty when missing), the text version it was made from and the row's own version."""
    data: dict = {
        "language": language,
        "status": core_translations.status_of(row, event),
        "made_from": row.source_version if row is not None else None,
        "draft": bool(row and row.draft),
        "machine_made": bool(row and row.machine_made),
        "version": row.version if row is not None else None,
    }
    for name in TEXT_FIELDS:
        data[name] = getattr(row, name) if row is not None else ""
    return data


def _translations(event: Event) -> dict[str, dict]:
    rows = {row.language: row for row in event.translations.all()}
    return {code: translation_data(event, code, rows.get(code)) for code in TARGET_LANGUAGES}


class EventTranslationSerializer(serializers.Serializer):
    """A translation of a public event's texts into one language (en, ru, uk)."""

    language = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="missing, in_translation, outdated, machine, up_to_date")
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    registration = serializers.CharField(required=False, allow_blank=True, default="")
    cost = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    accessibility = serializers.CharField(required=False, allow_blank=True, default="")
    address_notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    made_from = serializers.IntegerField(
        min_value=1,
        allow_null=True,
        help_text=(
            "The event's text version (`source_version`) the translation was made from; null in the answer "
            "while there is no translation, required when writing one."
        ),
    )
    draft = serializers.BooleanField(required=False, default=False)
    machine_made = serializers.BooleanField(required=False, default=False)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=(
            "The translation's saved version (also its ETag): send it back as If-Match or here to change it; "
            "null while there is no translation."
        ),
    )

    def validate_made_from(self, value):
        if value is None:  # nullable only in the answer about a translation not yet made
            raise serializers.ValidationError(_("Give the event's text version the translation was made from."))
        return value


class EventSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", queryset=Party.objects.all())
    kind = serializers.SlugRelatedField(slug_field="code", queryset=EventKind.objects.all())
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.all(), allow_null=True, required=False)
    activity_code = serializers.CharField(source="activity.code", read_only=True, default=None)
    municipality = serializers.SlugRelatedField(
        slug_field="ehak_code", queryset=Municipality.objects.all(), allow_null=True, required=False
    )
    format = serializers.ChoiceField(choices=EventFormat.choices, required=False)
    reach = serializers.ChoiceField(choices=Reach.choices, required=False)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.choices), required=False)
    participants = ChildDict(
        read=_participants,
        child=serializers.IntegerField(min_value=0, allow_null=True),
        required=False,
        help_text=(
            "Participants by group (newcomer, other_background, returnee, official, stakeholder); "
            "null = not counted, 0 = nobody came."
        ),
    )
    participating_municipalities = ChildList(
        read=lambda event: [p.municipality.ehak_code for p in event.participations.all()],
        child=serializers.SlugRelatedField(slug_field="ehak_code", queryset=Municipality.objects.all()),
        required=False,
        help_text="EHAK codes of the municipalities taking part (one participation each).",
    )
    organisations = ChildList(
        read=lambda event: [o.name for o in event.organisations.all()],
        child=serializers.CharField(max_length=200),
        required=False,
    )
    translations = ChildDict(
        read=_translations,
        child=serializers.DictField(),
        read_only=True,
        help_text=(
            "The public texts in English, Russian and Ukrainian with their status (missing, in_translation, "
            "outdated, machine, up_to_date); written at /events/{id}/translations/{language}/."
        ),
    )
    confirm_warnings = serializers.BooleanField(write_only=True, required=False, default=False)
    change_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Required when the event is (or moves) in an approved report part: why it changes.",
    )
    version = serializers.IntegerField(
        read_only=True,
        help_text="The saved version (also the ETag). Send it back as If-Match (or as `version`) when you change it.",
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "party",
            "kind",
            "title",
            "description",
            "start",
            "end",
            "activity",
            "activity_code",
            "format",
            "municipality",
            "address",
            "online_url",
            "languages",
            "reach",
            "is_public",
            "registration",
            "registration_url",
            "cost",
            "accessibility",
            "address_notes",
            "contact_name",
            "contact_email",
            "contact_phone",
            "source_version",
            "translations",
            "series",
            "import_id",
            "participants",
            "participants_adults",
            "participating_municipalities",
            "organisations",
            "confirm_warnings",
            "change_reason",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["series", "version", "source_version", "created_at", "updated_at"]
        validators: list = []  # uniqueness of the import id is the service's check, with a clear message

    def validate_participants(self, value):
        unknown = sorted(set(value) - set(ParticipantGroup.values))
        if unknown:
            raise ValidationError(_("Unknown participant groups: %(groups)s.") % {"groups": ", ".join(unknown)})
        return value


def _as_input(validated: dict, base: EventInput | None) -> EventInput:
    values = dict(vars(base)) if base else {}
    mapping = {"participants": "counts", "participating_municipalities": "municipalities"}
    for key, value in validated.items():
        if key in ("confirm_warnings", "change_reason"):
            continue
        values[mapping.get(key, key)] = value
    if values.get("description") is None:
        values["description"] = ""
    return EventInput(**values)


def _raise_as_api_error(exc: DjangoValidationError):
    if isinstance(exc, ConfirmationRequired):
        raise ValidationError({"confirm_warnings": exc.warnings}) from exc
    errors: dict[str, list] = {}
    for name, messages in exc.message_dict.items():
        errors.setdefault(API_FIELD_FOR.get(name, name), []).extend(messages)
    raise ValidationError(errors) from exc


class EventViewSet(VersionedViewSetMixin, TenantModelViewSet):
    """Events the caller may read; created and changed only for the caller's own party. A change names
    the version it is based on (If-Match or `version`; loim.api.versioning): 412 if it is stale."""

    policy = ApiPolicy(read="signed_in", write="record_work")

    model = Event
    serializer_class = EventSerializer
    filterset_class = EventFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def base_queryset(self):
        return Event.objects.select_related("kind", "party", "municipality", "activity").prefetch_related(
            "counts", "participations__municipality", "organisations", "translations"
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_party(data["party"].pk)
        reason = data.get("change_reason")
        try:
            with transaction.atomic():
                parts = guard(party_id=data["party"].pk, days=[timezone.localdate(data["start"])], reason=reason)
                serializer.instance = event_create(
                    data=_as_input(data, None), confirmed=data.get("confirm_warnings", False)
                )
                mark_changed(
                    parts, user=self.request.user, what=event_what(serializer.instance, "added"), reason=reason
                )
        except DjangoValidationError as exc:
            _raise_as_api_error(exc)

    def perform_update(self, serializer):
        data = serializer.validated_data
        if "party" in data:
            self.check_party(data["party"].pk)
        event = serializer.instance
        reason, what = data.get("change_reason"), event_what(event, "changed")
        party_id = data["party"].pk if "party" in data else event.party_id
        moved_to = [timezone.localdate(data["start"])] if "start" in data else event_days(event)
        try:
            with transaction.atomic():
                # the event as it was and as it will be: both may be in an approved report part
                parts = guard(party_id=event.party_id, days=event_days(event), reason=reason)
                parts += [
                    part
                    for part in guard(party_id=party_id, days=moved_to, reason=reason)
                    if part.pk not in {p.pk for p in parts}
                ]
                serializer.instance = event_update(
                    event=event,
                    data=_as_input(data, EventInput.from_event(event)),
                    confirmed=data.get("confirm_warnings", False),
                    version=self.expected_version,
                )
                mark_changed(parts, user=self.request.user, what=what, reason=reason)
        except StaleVersion:
            raise  # answered 412 by VersionedViewSetMixin
        except DjangoValidationError as exc:
            _raise_as_api_error(exc)
        # the prefetched children are stale after the update
        serializer.instance = self.base_queryset().get(pk=event.pk)

    @extend_schema(
        parameters=[IF_MATCH, OpenApiParameter("language", str, OpenApiParameter.PATH, enum=list(TARGET_LANGUAGES))],
        request=EventTranslationSerializer,
        responses=EventTranslationSerializer,
    )
    @action(detail=True, methods=["get", "put"], url_path=r"translations/(?P<language>[^/.]+)")
    def translation(self, request, pk=None, language=None):
        """Read or write the event's translation into one language (the same service and messages as the
        translate page). A change of an existing translation names its version (If-Match or `version`:
        428 without, 412 when stale); a translation made from an older text version of the event, or of
        an event that is not public, is refused with 400."""
        if language not in TARGET_LANGUAGES or not str(pk).isdigit():
            raise NotFound()
        if request.method == "GET":
            event = self.base_queryset().visible_to(request.user).filter(pk=pk).first()
            if event is None:
                raise NotFound()
            row = next((t for t in event.translations.all() if t.language == language), None)
            return Response(
                translation_data(event, language, row), headers={"ETag": f'"{row.version}"'} if row else None
            )
        event = self.base_queryset().editable_by(request.user).filter(pk=pk).first()
        if event is None:
            raise NotFound()
        existing = EventTranslation.objects.filter(event=event, language=language).first()
        expected = None
        if existing is not None:
            refusal = self._precondition(request, existing)
            if refusal is not None:
                return refusal
            expected = self.expected_version
        serializer = EventTranslationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            saved = event_translation_save(
                event=event,
                language=language,
                text=EventTextInput(**{name: data.get(name) or "" for name in TEXT_FIELDS}),
                made_from=data["made_from"],
                draft=data["draft"],
                machine_made=data["machine_made"],
                user=request.user,
                expected_version=expected,
            )
        except StaleVersion as exc:
            return self._stale(exc.current_version)
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                _raise_as_api_error(exc)
            raise ValidationError(
                {"made_from" if exc.code == "source_changed" else "non_field_errors": exc.messages}
            ) from exc
        event.refresh_from_db()
        return Response(translation_data(event, language, saved), headers={"ETag": f'"{saved.version}"'})


def register(router) -> None:
    router.register("events", EventViewSet, basename="event")
