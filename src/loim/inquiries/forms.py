"""Forms of the inquiries pages. They parse and offer choices (through core.tenancy); the rules that
decide whether an inquiry may be saved live in the model and the services."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loim.core.disclosure import last_complete_month_end, period_errors
from loim.core.formfields import ModelMultipleChoiceField
from loim.core.permissions import permits
from loim.core.tenancy import editable_parties
from loim.core.versioning import VersionedFormMixin
from loim.core.vocabulary import Language, interpolated
from loim.places.models import Municipality
from loim.plans.models import Activity

from .importing import FIELDS
from .models import (
    MAX_MINUTES,
    NOTE_MAX_LENGTH,
    Category,
    Channel,
    ReferralTarget,
    Topic,
    validate_not_before_floor,
)
from .selectors import is_cross_party, listable_parties, ordered_topics, readable_parties


def topic_choices():
    """Active topics, each sub-topic right after its parent."""
    return ordered_topics().filter(active=True)


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, activity):
        title = activity.title if len(activity.title) <= 90 else activity.title[:89] + "…"
        row = activity.row_number or activity.measure_code
        return f"{activity.plan.year} · {row} {title}"


class InquiryForm(VersionedFormMixin, forms.Form):
    """The quick-entry form (and the correction form, without `party`). Field order is tab order."""

    party = forms.ModelChoiceField(label=_("Party"), queryset=None, empty_label=None)
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"autocomplete": "off", "placeholder": _("dd.mm.yyyy"), "size": 12}),
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, widget=forms.RadioSelect)
    # No initial choice: a pre-filled "not known" was saved for most entries without anyone choosing it.
    category = forms.ChoiceField(
        label=_("Target group"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the target group (or “not known”).")},
    )
    topics = ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic.")},
    )
    referrals = ModelMultipleChoiceField(
        label=_("Referred to"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.IntegerField(
        label=_("Time spent (minutes)"), required=False, min_value=1, max_value=MAX_MINUTES, widget=forms.NumberInput
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality of residence"), queryset=None, required=False, empty_label=_("— not known —")
    )
    activity = ActivityChoiceField(label=_("Plan activity"), queryset=None, required=False, empty_label=_("— none —"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=interpolated(
            _(
                "At most %(max)s characters. Do not write personal data: no names, personal ID codes, "
                "phone numbers or e-mail addresses."
            ),
            {"max": NOTE_MAX_LENGTH},
        ),
    )

    def __init__(self, *args, user, with_party=True, autofocus=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        parties = editable_parties(user)
        if autofocus:  # a freshly loaded page; after an htmx swap inquiries.js decides where focus goes
            self.fields["date"].widget.attrs["autofocus"] = True
        if with_party:
            self.fields["party"].queryset = parties
            if len(parties) == 1:
                self.fields["party"].initial = parties[0].pk
                self.fields["party"].widget = forms.HiddenInput()
        else:
            del self.fields["party"]
        self.fields["topics"].queryset = topic_choices()
        self.fields["referrals"].queryset = ReferralTarget.objects.filter(active=True)
        self.fields["municipality"].queryset = Municipality.objects.current()
        self.fields["activity"].queryset = (
            Activity.objects.visible_to(user)
            .filter(responsible_parties__in=parties, level__gt=0)
            .select_related("plan")
            .distinct()
            .order_by("-plan__year", "position")
        )
        self.fields["note"].widget.attrs["aria-describedby"] = "id_note_helptext"
        self.fields["date"].widget.attrs["aria-describedby"] = "id_date_helptext"
        self.fields["date"].help_text = _("Today unless you change it; not in the future.")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "channel": data["channel"],
            "language": data["language"],
            "category": data["category"],
            "topics": list(data["topics"]),
            "referrals": list(data["referrals"]),
            "minutes": data["minutes"],
            "municipality": data["municipality"],
            "activity": data["activity"],
            "note": data["note"],
        }

    @classmethod
    def initial_from(cls, inquiry) -> dict:
        return {
            "date": inquiry.date,
            "channel": inquiry.channel,
            "language": inquiry.language,
            "category": inquiry.category,
            "topics": list(inquiry.topics.all()),
            "referrals": list(inquiry.referrals.all()),
            "minutes": inquiry.minutes,
            "municipality": inquiry.municipality,
            "activity": inquiry.activity,
            "note": inquiry.note,
        }


KEPT_FIELDS = ("date", "channel", "language")


def kept_initial(source) -> dict:
    """Date, channel and language carried over to the next entry ("save and new"). The target group is
    not: it differs from person to person and must be chosen each time."""
    initial = {"date": timezone.localdate()}
    for name in KEPT_FIELDS:
        value = source.get(name)
        if value:
            initial[name] = value
    return initial


#: the longest period the statistics, the list and the service gaps are asked for (days)
LONGEST_PERIOD_DAYS = 366 * 10


def period_shape_errors(start: dt.date, end: dt.date) -> dict[str, str]:
    """{field: message} of a period that cannot be counted: it ends before it starts, spans more than
    ten years, or starts before the log's first possible day (a typing slip such as 0108: it would
    also have no period before it to compare with). The form and the API both refuse with these."""
    if end < start:
        return {"end": str(_("The period ends before it starts."))}
    if (end - start).days > LONGEST_PERIOD_DAYS:
        return {"start": str(_("Choose a period of at most ten years."))}
    try:
        validate_not_before_floor(start)
    except ValidationError as exc:
        return {"start": exc.messages[0]}
    return {}


class PeriodForm(forms.Form):
    """Period and party of the statistics, the list and the service-gap view."""

    # By its code (`?party=tartu`), as in the API; an unknown code is an error, never "all parties".
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=None, required=False, empty_label=_("All parties"), to_field_name="slug"
    )
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"size": 12, "placeholder": _("dd.mm.yyyy")}))
    end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"size": 12, "placeholder": _("dd.mm.yyyy")}))

    checks_safe_period = True  # statistics across parties cover whole, finished months

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        parties = readable_parties(user)
        self.fields["party"].queryset = parties
        self.all_parties_allowed = permits(user, "read_all_aggregates")
        if not self.all_parties_allowed:
            self.fields["party"].required = True
            self.fields["party"].empty_label = None
        elif self.checks_safe_period:
            # Say the rule where the period is chosen, not only after a refusal.
            self.fields["start"].help_text = _(
                "For all parties or another party: whole months that are over, from the 1st of a month "
                "to the last day of a month."
            )

    def unknown_party(self) -> str | None:
        """The party code asked for when it names no party the user may read here (else None)."""
        code = (self.data.get(self.add_prefix("party")) or "").strip() if self.is_bound else ""
        return code if code and "party" in self.errors else None

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        for name, message in (period_shape_errors(start, end) if start and end else {}).items():
            self.add_error(name, message)
        if start and end and self.checks_safe_period and is_cross_party(self.user, data.get("party")):
            for name, message in period_errors(start, end, timezone.localdate()).items():
                if name not in self.errors:
                    self.add_error(name, message)
        return data


class ListFilterForm(PeriodForm):
    checks_safe_period = False  # the list shows the user's own parties' rows only

    topic = forms.ModelChoiceField(label=_("Topic"), queryset=None, required=False, empty_label=_("All topics"))
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices])
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *Language.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].required = False
        self.fields["end"].required = False
        self.fields["party"].required = False
        # Rows are listed for the user's own parties only (Scope.PARTY_ONLY), ELVL's and the
        # ministry's readers included: across parties they get the statistics.
        self.fields["party"].queryset = listable_parties(kwargs["user"])
        self.fields["party"].empty_label = _("All my parties")
        self.fields["topic"].queryset = topic_choices()


class ServiceGapForm(PeriodForm):
    threshold = forms.IntegerField(label=_("Recurring at least (times)"), min_value=1, max_value=100_000, initial=10)


class ServiceGapAcceptForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=Topic.objects.all(), widget=forms.HiddenInput)
    party = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    start = forms.DateField(widget=forms.HiddenInput)
    end = forms.DateField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = editable_parties(user)


class ImportUploadForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Party"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV or XLSX, the first row holding the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parties = editable_parties(user)
        self.fields["party"].queryset = parties
        if len(parties) == 1:
            self.fields["party"].initial = parties[0].pk
            self.fields["party"].widget = forms.HiddenInput()
        self.fields["file"].widget.attrs["aria-describedby"] = "id_file_helptext"


class ImportMappingForm(forms.Form):
    """One select per field: which column of the file holds it (guessed from the header)."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [
            (str(i), f"{_column_letter(i)}: {h or _('(no name)')}") for i, h in enumerate(headers)
        ]
        for import_field in FIELDS:
            self.fields[import_field.name] = forms.TypedChoiceField(
                label=import_field.label,
                choices=choices,
                required=import_field.required,
                coerce=int,
                empty_value=None,
                error_messages={"required": _("Choose the column that holds this field.")},
            )

    def mapping(self) -> dict:
        return {f.name: self.cleaned_data.get(f.name) for f in FIELDS}


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class VocabularyForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name_et = forms.CharField(label=_("Name in Estonian"), max_length=150)
    name_en = forms.CharField(label=_("Name in English"), max_length=150)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=150, required=False)
    name_uk = forms.CharField(label=_("Name in Ukrainian"), max_length=150, required=False)
    aliases = forms.CharField(
        label=_("Other names"),
        max_length=300,
        required=False,
        help_text=_("Comma-separated names used in spreadsheets, recognised when importing (e.g. 'PPA')."),
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=100)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ReferralTargetForm(VocabularyForm):
    organisation = forms.ModelChoiceField(
        label=_("Entry in the directory"),
        queryset=None,
        required=False,
        empty_label=_("— not linked —"),
        help_text=_("The organisation of the network's directory that this referral target is."),
    )

    def __init__(self, *args, **kwargs):
        from loim.network.models import Organisation

        super().__init__(*args, **kwargs)
        # vocabulary editors are ELVL's administrators: every listed entry (the directory is shared)
        self.fields["organisation"].queryset = Organisation.objects.listed().order_by("name", "pk")


class TopicForm(VocabularyForm):
    parent = forms.ModelChoiceField(
        label=_("Parent topic"),
        queryset=Topic.objects.filter(parent__isnull=True),
        required=False,
        empty_label=_("— none (a main topic) —"),
    )


def default_period(latest: dt.date | None, *, cross_party: bool = False) -> tuple[dt.date, dt.date]:
    """The calendar year of the latest inquiry (this year when there are none), up to today; across
    parties up to the end of the last month that is over (core.disclosure publishes whole months)."""
    today = timezone.localdate()
    year = (latest or today).year
    if not cross_party:
        return dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    end = min(dt.date(year, 12, 31), last_complete_month_end(today))
    if end < dt.date(year, 1, 1):
        return dt.date(end.year, 1, 1), end
    return dt.date(year, 1, 1), end
