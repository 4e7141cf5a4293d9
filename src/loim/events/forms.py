"""Forms for events: quick entry and edit, series, attachments, import, event kinds.

Forms only collect input: they build an `EventInput` and let `services.event_validate` judge it, so
the page reports exactly what the import and the API would.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.formfields import DateInput, ModelMultipleChoiceField
from loim.core.tenancy import editable_parties
from loim.core.versioning import VersionedFormMixin
from loim.core.vocabulary import Language, ParticipantGroup, interpolated, period_name
from loim.monitoring.locking import LockReasonMixin, event_days
from loim.places.models import Municipality
from loim.plans.models import EventKind

from .attachments import MAX_BYTES, allowed_extensions_text, validate_upload
from .filters import ActivityChoiceField
from .models import MAX_PARTICIPANTS, AttachmentKind, EventFormat, ParticipantsAdults, Reach
from .recurrence import RecurrenceError, Rule, occurrences, parse_excluded
from .selectors import activities_for_parties
from .services import LOCAL_TZ, PUBLIC_FIELDS, ConfirmationRequired, EventInput, event_validate, local_datetime

# Where a service's error about a model field is shown on the form.
FIELD_FOR = {"start": "date", "end": "end_time", "counts": "__all__", "import_id": "__all__", "party": "party"}


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class MunicipalityChoices(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


def municipalities_by_county(field: forms.BoundField) -> list[tuple[str, list]]:
    """The checkboxes of a municipality field grouped by county, for a fieldset per county."""
    counties = dict(Municipality.objects.values_list("pk", "county__name"))
    groups: dict[str, list] = {}
    for checkbox in field:
        groups.setdefault(counties.get(checkbox.data["value"].value, ""), []).append(checkbox)
    return sorted(groups.items())


class BaseEventForm(forms.Form):
    """The fields an event and a series share, and the mapping of service errors onto fields."""

    party = forms.ModelChoiceField(label=_("Organiser"), queryset=None, empty_label=None)
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=None, empty_label=None)
    title = forms.CharField(label=pgettext_lazy("event", "Title"), max_length=200)
    activity = ActivityChoiceField(
        label=_("Plan row"),
        queryset=None,
        required=False,
        empty_label=_("— not linked to a plan row —"),
        help_text=_("Only the rows your party answers for are offered."),
    )
    format = forms.ChoiceField(label=_("Format"), choices=EventFormat.choices, initial=EventFormat.ON_SITE)
    municipality = forms.ModelChoiceField(
        label=_("Municipality where it is held"),
        queryset=Municipality.objects.current(),
        required=False,
        empty_label=_("— online only —"),
    )
    address = forms.CharField(label=_("Address or venue"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Languages used"), choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    reach = forms.ChoiceField(
        label=_("Reach"),
        choices=Reach.choices,
        initial=Reach.LOCAL,
        help_text=_("Nationwide trainings count towards the indicator of nationwide trainings."),
    )
    is_public = forms.BooleanField(
        label=_("Publish on the public portal"), required=False, help_text=_("Also in the public calendar feed.")
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # what a person needs to go (issue 14): shown on the portal, translated on the event's page
    registration = forms.CharField(
        label=_("How to register"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("E.g. no registration needed, or register by 10 March."),
    )
    registration_url = forms.CharField(
        label=_("Registration link"),
        max_length=500,
        required=False,
        help_text=_("A web address starting with https:// or http://."),
        widget=forms.URLInput(),
    )
    cost = forms.CharField(
        label=_("Cost"), max_length=200, required=False, help_text=_("E.g. free of charge, or 5 euros.")
    )
    accessibility = forms.CharField(
        label=_("Accessibility"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("E.g. step-free entrance, a lift, an induction loop."),
    )
    address_notes = forms.CharField(
        label=_("How to find the place"),
        max_length=300,
        required=False,
        help_text=_("E.g. entrance from the yard, 2nd floor."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.CharField(
        label=_("Contact e-mail"), max_length=254, required=False, widget=forms.EmailInput()
    )
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    participants_adults = forms.ChoiceField(
        label=_("Participants at least 18 years old"),
        choices=ParticipantsAdults.choices,
        required=False,
        help_text=_("The plan's target group is people at least 18 years old."),
    )
    confirm = forms.BooleanField(label=_("Save anyway"), required=False)

    def __init__(self, *args, user, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.warnings: list[str] = []
        self.input: EventInput | None = None
        parties = editable_parties(user)
        self.fields["party"].queryset = parties
        self.single_party = parties.first() if parties.count() == 1 else None
        if self.single_party:
            self.fields["party"].widget = forms.HiddenInput()
            self.fields["party"].initial = self.single_party.pk
        kinds = EventKind.objects.filter(active=True)
        if event is not None:
            kinds = EventKind.objects.filter(active=True) | EventKind.objects.filter(pk=event.kind_id)
        self.fields["kind"].queryset = kinds.order_by("order", "code")
        self.fields["activity"].queryset = activities_for_parties(user, [p.pk for p in parties])
        self.event = event

    def base_input(self, data: dict) -> dict:
        return {
            "party": data.get("party"),
            "kind": data.get("kind"),
            "title": data.get("title", ""),
            "activity": data.get("activity"),
            "format": data.get("format", EventFormat.ON_SITE),
            "municipality": data.get("municipality"),
            "address": data.get("address", ""),
            "online_url": data.get("online_url", ""),
            "languages": list(data.get("languages") or []),
            "reach": data.get("reach", Reach.LOCAL),
            "is_public": bool(data.get("is_public")),
            "description": data.get("description", ""),
            "participants_adults": data.get("participants_adults") or "",
            **{name: data.get(name) or "" for name in PUBLIC_FIELDS},
        }

    def add_service_errors(self, exc: ValidationError) -> None:
        if isinstance(exc, ConfirmationRequired):
            self.warnings = exc.warnings
            self.add_error("confirm", _("Check the warning above and tick “Save anyway” to save."))
            return
        for name, messages in exc.message_dict.items():
            target = FIELD_FOR.get(name, name)
            target = target if target in self.fields else None
            for message in messages:
                self.add_error(target, message)


class EventForm(LockReasonMixin, VersionedFormMixin, BaseEventForm):
    """Quick entry and edit of one event; editing carries the event's version (core.versioning). An
    event in (or moved into) an approved report period needs a reason (monitoring.locking)."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    end_date = forms.DateField(
        label=_("Ends on another day"), required=False, widget=DateInput(), help_text=_("For events over several days.")
    )
    municipalities = MunicipalityChoices(
        label=_("Participating municipalities"), queryset=Municipality.objects.current(), required=False
    )
    organisations = forms.CharField(
        label=_("Participating organisations"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line."),
    )
    directory_organisations = ModelMultipleChoiceField(
        label=_("Participating organisations from the directory"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Linked to their directory entries; write others by name above."),
    )

    field_order = ["party", "kind", "title", "date", "start_time", "end_time", "end_date", "activity"]
    unordered_fields = ("organisations",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from loim.network.models import Organisation  # the network's directory (issue 12)

        entries = Organisation.objects.visible_to(self.user).listed().order_by("name", "pk")
        self.fields["directory_organisations"].queryset = entries
        if self.event is not None:
            self.track_version(self.event)
            self.lock(self.event.party_id, event_days(self.event))
        for group in ParticipantGroup:
            self.fields[f"count_{group.value}"] = forms.IntegerField(
                label=group.label,
                min_value=0,
                max_value=MAX_PARTICIPANTS,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def lock_after(self, cleaned_data):
        party = cleaned_data.get("party")
        return (party.pk if party else None, [cleaned_data.get("date")])

    @property
    def count_fields(self):
        return [self[f"count_{group.value}"] for group in ParticipantGroup]

    @property
    def municipality_groups(self):
        return municipalities_by_county(self["municipalities"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        day, end_day = data["date"], data.get("end_date") or data["date"]
        self.input = EventInput(
            **self.base_input(data),
            start=local_datetime(day, data["start_time"]),
            end=local_datetime(end_day, data["end_time"]),
            counts={group.value: data.get(f"count_{group.value}") for group in ParticipantGroup},
            municipalities=list(data.get("municipalities") or []),
            organisations=[
                *[line.strip() for line in (data.get("organisations") or "").splitlines() if line.strip()],
                *[entry.name for entry in data.get("directory_organisations") or []],
            ],
            import_id=self.event.import_id if self.event else "",
        )
        try:
            # a copy: a rejected form must not change the event the page still shows
            event = copy.copy(self.event) if self.event else None
            event_validate(self.input, event=event, confirmed=data.get("confirm", False))
        except ValidationError as exc:
            self.add_service_errors(exc)
        return data

    @staticmethod
    def initial_for(data: EventInput) -> dict:
        """Initial values that show an existing event (edit) or a copy of it (copy as new)."""
        start, end = data.start.astimezone(LOCAL_TZ), data.end.astimezone(LOCAL_TZ)
        initial = {
            "party": data.party.pk,
            "kind": data.kind.pk,
            "title": data.title,
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "end_date": end.date() if end.date() != start.date() else None,
            "activity": data.activity.pk if data.activity else None,
            "format": data.format,
            "municipality": data.municipality.pk if data.municipality else None,
            "address": data.address,
            "online_url": data.online_url,
            "languages": data.languages,
            "reach": data.reach,
            "is_public": data.is_public,
            "description": data.description,
            "participants_adults": data.participants_adults,
            **{name: getattr(data, name) for name in PUBLIC_FIELDS},
            "municipalities": [m.pk for m in data.municipalities],
            **_organisation_initial(data.organisations),
        }
        initial.update({f"count_{group}": value for group, value in data.counts.items()})
        return initial


def _organisation_initial(names: list[str]) -> dict:
    """Names of directory entries in the directory field, the rest as text (one per line)."""
    from loim.network.selectors import link_for, organisations_named

    named = organisations_named(names)
    linked = [link_for(name, named) for name in names]
    return {
        "organisations": "\n".join(name for name, entry in zip(names, linked, strict=True) if entry is None),
        "directory_organisations": [entry.pk for entry in linked if entry is not None],
    }


WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
QUARTER_CHOICES = [(f"Q{n}", lazy(period_name, str)(f"Q{n}")) for n in range(1, 5)]
MONTH_CHOICES = [
    ("01", _("January")),
    ("02", _("February")),
    ("03", _("March")),
    ("04", _("April")),
    ("05", _("May")),
    ("06", _("June")),
    ("07", _("July")),
    ("08", _("August")),
    ("09", _("September")),
    ("10", _("October")),
    ("11", _("November")),
    ("12", _("December")),
]


class SeriesForm(LockReasonMixin, BaseEventForm):
    REPEATS = [("weekly", _("every week")), ("fortnightly", _("every other week")), ("monthly", _("every month"))]

    repeats = forms.ChoiceField(label=_("Repeats"), choices=REPEATS, initial="weekly")
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On"), choices=WEEKDAY_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    week_of_month = forms.TypedChoiceField(
        label=_("Week of the month"),
        choices=[("", "—"), (1, _("first")), (2, _("second")), (3, _("third")), (4, _("fourth")), (-1, _("last"))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("For monthly series, e.g. the second Tuesday."),
    )
    starts_on = forms.DateField(label=_("First date"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    excluded_quarters = forms.MultipleChoiceField(
        label=_("Pause in quarters"), choices=QUARTER_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    excluded_months = forms.MultipleChoiceField(
        label=_("Pause in months"), choices=MONTH_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    excluded_days = forms.CharField(
        label=_("Days without an event"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Holidays and the like: one date per line, dd.mm.yyyy."),
    )

    field_order = ["party", "kind", "title", "repeats", "weekdays", "week_of_month", "starts_on", "ends_on"]

    def clean_excluded_days(self):
        days = []
        for line in (self.cleaned_data.get("excluded_days") or "").splitlines():
            if not line.strip():
                continue
            try:
                days.append(forms.DateField().clean(line.strip()).isoformat())
            except ValidationError as exc:
                raise ValidationError(_("“%s” is not a date (dd.mm.yyyy).") % line.strip()) from exc
        return days

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        repeats = data["repeats"]
        try:
            self.rule = Rule(
                frequency="monthly" if repeats == "monthly" else "weekly",
                interval=2 if repeats == "fortnightly" else 1,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                weekdays=tuple(data["weekdays"]),
                week_of_month=data.get("week_of_month"),
                excluded=parse_excluded(
                    [*data.get("excluded_quarters", []), *data.get("excluded_months", []), *data["excluded_days"]]
                ),
            )
        except RecurrenceError as exc:
            self.add_error(None, str(exc))
            return data
        if data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("The end time is before the start time."))
            return data
        first = local_datetime(data["starts_on"], data["start_time"])
        self.input = EventInput(
            **self.base_input(data), start=first, end=local_datetime(data["starts_on"], data["end_time"])
        )
        try:  # the events differ only in their dates: the first one shows any error in the fields
            event_validate(self.input, confirmed=True)
        except ValidationError as exc:
            self.add_service_errors(exc)
        try:  # a date in an approved report part needs the reason (monitoring.locking)
            days = occurrences(self.rule)
        except RecurrenceError:
            days = []  # the view shows the recurrence's own message
        self.require_reason_for(getattr(self.input.party, "pk", None), days)
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=interpolated(
            _("Up to %(size)d MB: %(types)s."),
            {"size": MAX_BYTES // (1024 * 1024), "types": allowed_extensions_text()},
        ),
    )
    kind = forms.ChoiceField(label=_("What it is"), choices=AttachmentKind.choices, initial=AttachmentKind.AGENDA)
    personal_data = forms.BooleanField(
        label=_("Contains personal data"),
        required=False,
        help_text=_("Names, signatures or recognisable faces. Attendance sheets always count as personal data."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload


class ImportForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Organiser of the events"), queryset=None, empty_label=None)
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    confirm = forms.BooleanField(
        label=_("Import also the events outside their plan row's dates"),
        required=False,
        help_text=_("Otherwise such rows are reported and nothing is imported."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = editable_parties(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Choose a CSV or XLSX file."))
        from .importing import LIMITS

        if upload.size > LIMITS.max_bytes:
            raise ValidationError(LIMITS.too_large())
        return upload


class EventKindForm(forms.ModelForm):
    class Meta:
        model = EventKind
        fields = ["code", "name_et", "name_en", "name_ru", "name_uk", "order", "active"]


def prefill_from(params, *, user) -> dict:
    """Initial values a link may set on the quick-entry form (the to-do's "add the event"):
    `?kind=<id>&party=<id>&activity=<id>&date=YYYY-MM-DD&reach=<code>`. Only well-formed values are
    taken, a party only where the user records work; the form's choices limit the rest."""
    initial: dict = {}
    for name in ("kind", "activity"):
        if (params.get(name) or "").isdigit():
            initial[name] = int(params[name])
    party_id = params.get("party") or ""
    party = editable_parties(user).filter(pk=int(party_id)).first() if party_id.isdigit() else None
    if party is not None:
        initial["party"], initial["municipality"] = party.pk, party.municipality_id
    with contextlib.suppress(ValueError):
        initial["date"] = dt.date.fromisoformat(params.get("date") or "")
    if params.get("reach") in Reach.values:
        initial["reach"] = params["reach"]
    return initial


def initial_for_new(*, user, last: dict | None, today: dt.date) -> dict:
    """Quick-entry defaults: today, the user's party, the kind and times used last."""
    last = last or {}
    parties = editable_parties(user)
    party = parties.first()
    initial = {
        "date": today,
        "start_time": last.get("start_time", "10:00"),
        "end_time": last.get("end_time", "12:00"),
        "kind": last.get("kind"),
        "format": EventFormat.ON_SITE,
        "languages": last.get("languages", [Language.ESTONIAN]),
    }
    if party is not None:
        initial["party"] = party.pk
        initial["municipality"] = party.municipality_id
    return initial


# --- Translations of public events (issue 14) ---------------------------------------------------------


def event_text_fields() -> dict[str, forms.Field]:
    """The text fields of an event's translation, labelled as in the Estonian form."""
    return {
        "title": forms.CharField(label=pgettext_lazy("event", "Title"), max_length=200),
        "description": forms.CharField(
            label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
        ),
        "registration": forms.CharField(
            label=_("How to register"), widget=forms.Textarea(attrs={"rows": 2}), required=False
        ),
        "cost": forms.CharField(label=_("Cost"), max_length=200, required=False),
        "accessibility": forms.CharField(
            label=_("Accessibility"), widget=forms.Textarea(attrs={"rows": 2}), required=False
        ),
        "address_notes": forms.CharField(label=_("How to find the place"), max_length=300, required=False),
    }
