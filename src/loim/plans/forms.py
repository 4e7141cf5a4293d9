"""Forms for editing a plan. They refuse what the plan file import refuses (loim.plans.validation and
loim.plans.rules are shared), and offer only what the user may see (choices through tenancy)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from loim.core.formfields import DateInput, ModelMultipleChoiceField
from loim.parties.models import Party

from .models import Activity, EventKind, Indicator, Obligation, Plan, Reach
from .responsible import activity_partner, resolve_responsible
from .rules import SHARE_KEYS, SOURCES, normalise_rule, validate_rule
from .validation import normalise_row_number, obligation_problems, obligation_rule_problems, row_number_problems


class PartyChoices(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "status", "period_start", "period_end", "frame_end", "source"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "frame_end": DateInput(),
        }


class ActivityForm(forms.ModelForm):
    """An activity (level 0) or a schedule row. For a new row pass `parent` and an unsaved instance."""

    responsible_parties = PartyChoices(
        label=_("Responsible parties"),
        queryset=Party.objects.none(),
        required=False,
        help_text=_("Leave empty to read them from the responsible party as printed."),
    )

    class Meta:
        model = Activity
        fields = [
            "row_number",
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
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "heading_title": forms.Textarea(attrs={"rows": 2}),
            "narrative": forms.Textarea(attrs={"rows": 12}),
            "target_group": forms.Textarea(attrs={"rows": 2}),
            "frame_start": DateInput(),
            "frame_end": DateInput(),
            "start": DateInput(),
            "end": DateInput(),
        }

    def __init__(self, *args, user, parent: Activity | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent if parent is not None else self.instance.parent
        self.fields["responsible_parties"].queryset = Party.objects.visible_to(user).order_by("kind", "name")
        if self.instance.level == 0 and self.instance.pk:
            del self.fields["row_number"]
        else:
            del self.fields["heading_title"], self.fields["schedule_table"]
            self.fields["row_number"].required = True
            self.fields["row_number"].help_text = _("As printed, e.g. 2.1.")

    def clean_row_number(self):
        number = self.cleaned_data["row_number"].strip()
        for problem in row_number_problems(number, self.parent.row_key if self.parent.level else ""):
            raise forms.ValidationError(problem)
        code = f"{self.parent.measure_code}/{normalise_row_number(number)}"
        clash = Activity.objects.filter(plan=self.instance.plan, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Row %s is already in the plan.") % normalise_row_number(number))
        return number

    def clean(self):
        data = super().clean()
        text = data.get("responsible_text", "")
        if not data.get("responsible_parties") and text:
            top = self.parent if self.parent is not None else self.instance
            while top is not None and top.level:
                top = top.parent
            partner = activity_partner(top.responsible_parties.all()) if top is not None and top.pk else None
            found, unknown = resolve_responsible(text, self.fields["responsible_parties"].queryset, partner=partner)
            if unknown:
                self.add_error(
                    "responsible_text",
                    _("No party is known by the name %s; choose the parties below.") % ", ".join(unknown),
                )
            data["responsible_parties"] = found
        return data

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "responsible_parties"}


class ObligationForm(forms.ModelForm):
    event_kinds = ModelMultipleChoiceField(
        label=_("Event kinds"),
        queryset=EventKind.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    excluded_periods = forms.CharField(
        label=_("Excluded periods"),
        required=False,
        help_text=_("Comma-separated: Q1–Q4, H1–H2 or months 01–12, e.g. Q3 or 07, 08."),
    )
    pauses = forms.CharField(
        label=_("Pauses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For a yearly commitment: spans in which it rests, one per line, e.g. 01.07.2024–31.08.2024. "
            "Events in a pause still count; the pause shapes the pace warnings."
        ),
    )
    distinct = forms.ChoiceField(
        label=_("Count distinct"),
        required=False,
        choices=[("", _("events")), ("region", _("regions (counties) of the events"))],
        help_text=_("“In different regions”: the verdict counts the distinct counties, not the events."),
    )

    class Meta:
        model = Obligation
        fields = [
            "key",
            "title",
            "activity",
            "responsible",
            "subject",
            "event_kinds",
            "reach",
            "period",
            "due_date",
            "min_count",
            "max_count",
            "excluded_periods",
            "is_open",
            "quote",
            "note",
        ]
        widgets = {
            "due_date": DateInput(),
            "quote": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    FIELDS = {"due": "due_date", "min": "min_count", "max": "max_count", "excluded": "excluded_periods"}

    def __init__(self, *args, user, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.fields["activity"].queryset = Activity.objects.visible_to(user).filter(plan=plan).order_by("position")
        self.fields["responsible"].queryset = Party.objects.visible_to(user).order_by("kind", "name")
        self.fields["reach"].choices = [("", _("any")), *Reach.choices]
        if self.instance.pk:
            self.initial["excluded_periods"] = ", ".join(self.instance.excluded_periods or [])
            rule = self.instance.rule or {}
            self.initial["distinct"] = rule.get("distinct", "")
            self.initial["pauses"] = "\n".join(
                "–".join(
                    date_format(dt.date.fromisoformat(pause[side]), "SHORT_DATE_FORMAT") for side in ("start", "end")
                )
                for pause in rule.get("pauses") or []
            )

    def clean_key(self):
        key = self.cleaned_data["key"]
        if Obligation.objects.filter(plan=self.plan, key=key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The plan already has a commitment with this key."))
        return key

    def clean_excluded_periods(self):
        text = self.cleaned_data.get("excluded_periods") or ""
        return [token.strip().upper() for token in text.replace(";", ",").split(",") if token.strip()]

    def clean_pauses(self) -> list[tuple[dt.date, dt.date]]:
        """One span per line, two dates joined by a dash (–, — or -), in the form's date formats."""
        spans = []
        read_date = forms.DateField().to_python
        for number, line in enumerate((self.cleaned_data.get("pauses") or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in re.split(r"\s*[–—]\s*|\s+-\s+|(?<=\d)-(?=\d{1,2}\.)", line.strip())]
            try:
                if len(parts) != 2:
                    raise forms.ValidationError("")
                spans.append((read_date(parts[0]), read_date(parts[1])))
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(number)d: write a pause as two dates joined by a dash, e.g. 01.07.2024–31.08.2024.")
                    % {"number": number}
                ) from None
        return spans

    def clean(self):
        data = super().clean()
        pauses = data.get("pauses") or []
        rule_problems = obligation_rule_problems(
            period=data.get("period") or "",
            pauses=pauses,
            distinct=data.get("distinct") or "",
            plan_period=(self.plan.period_start, self.plan.period_end),
        )
        for field_name, message in rule_problems:
            self.add_error(field_name, message)
        rule: dict = {}
        if pauses:
            rule["pauses"] = [{"start": start.isoformat(), "end": end.isoformat()} for start, end in pauses]
        if data.get("distinct"):
            rule["distinct"] = data["distinct"]
        data["rule"] = rule
        # The model's clean() checks the rule again; give it the new rule (or, when the fields above
        # already name the problem, none), so a message is shown once, beside its field.
        self.instance.rule = {} if rule_problems else rule
        problems = obligation_problems(
            subject=data.get("subject") or "",
            period=data.get("period") or "",
            event_kinds=[k.code for k in data.get("event_kinds") or []],
            reach=data.get("reach") or "",
            due=data.get("due_date"),
            minimum=data.get("min_count"),
            maximum=data.get("max_count"),
            excluded=data.get("excluded_periods") or [],
            is_open=bool(data.get("is_open")),
            plan_period=(self.plan.period_start, self.plan.period_end),
        )
        for field_name, message in problems:
            self.add_error(self.FIELDS.get(field_name, field_name), message)
        return data

    def _post_clean(self):
        # The model's clean() repeats some of the shared checks word for word: show each message once.
        super()._post_clean()
        for name, errors in list(self._errors.items()):
            self._errors[name] = self.error_class(list(dict.fromkeys(errors)))

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("event_kinds", "pauses", "distinct")}


class IndicatorForm(forms.ModelForm):
    """An indicator with its counting rule as separate fields (what is counted, which kinds, …)."""

    activity = forms.ModelChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("— the whole section —"),
    )
    rule_source = forms.ChoiceField(label=_("Counts"), required=False)
    rule_kinds = ModelMultipleChoiceField(
        label=_("Event kinds"),
        queryset=EventKind.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rule_parties = PartyChoices(
        label=_("Organised by"), queryset=Party.objects.none(), to_field_name="slug", required=False
    )
    rule_activity = forms.ChoiceField(label=_("Only records of activity"), required=False)
    rule_reach = forms.ChoiceField(label=_("Reach"), required=False)
    rule_at = forms.CharField(
        label=_("Read on"),
        required=False,
        help_text=_("For a stock: period_end (the default) or a day of the year as MM-DD."),
    )

    RULE_FIELDS = {
        "source": "rule_source",
        "kinds": "rule_kinds",
        "parties": "rule_parties",
        "activity": "rule_activity",
        "reach": "rule_reach",
        "at": "rule_at",
        "rule": "rule_source",
    }

    class Meta:
        model = Indicator
        fields = [
            "key",
            "table",
            "name",
            "unit",
            "kind",
            "explanation",
            "activity",
            "section",
            "measurement",
            "measurement_note",
        ]
        widgets = {
            "explanation": forms.Textarea(attrs={"rows": 3}),
            "measurement_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        tops = Activity.objects.visible_to(user).filter(plan=plan, level=0).order_by("position")
        self.fields["activity"].queryset = tops
        self.fields["rule_source"].choices = [("", "—")] + [(s, s) for s in SOURCES]
        self.fields["rule_parties"].queryset = Party.objects.visible_to(user).order_by("kind", "name")
        self.fields["rule_activity"].choices = [("", "—")] + [(a.code, str(a)) for a in tops]
        self.fields["rule_reach"].choices = [("", _("any")), *Reach.choices]
        rule = self.instance.rule or {}
        for key, field_name in self.RULE_FIELDS.items():
            if key in rule:
                self.initial[field_name] = rule[key]

    def clean_key(self):
        key = self.cleaned_data["key"]
        if Indicator.objects.filter(plan=self.plan, key=key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The plan already has an indicator with this key."))
        return key

    def clean(self):
        data = super().clean()
        rule = normalise_rule(
            {
                "source": data.get("rule_source"),
                "kinds": [k.code for k in data.get("rule_kinds") or []],
                "parties": [p.slug for p in data.get("rule_parties") or []],
                "activity": data.get("rule_activity"),
                "reach": data.get("rule_reach"),
                "at": (data.get("rule_at") or "").strip(),
                # whose target a figure is (per partner, per party, who delivers it, the coordinator
                # reading) is kept as the plan file set it: the form has no fields for it yet
                **{key: value for key, value in (self.instance.rule or {}).items() if key in SHARE_KEYS},
            }
        )
        if data.get("activity") is not None:
            data["section"] = data["activity"].section
        if data.get("measurement") == "manual":
            if rule:
                self.add_error("rule_source", _("A manual indicator has no counting rule; clear the rule fields."))
            data["rule"] = self.instance.rule = None
            return data
        if not rule:  # e.g. switched from manual to rule without choosing what it counts
            self.add_error("rule_source", _("Choose what the indicator counts, or mark it as entered by hand."))
            data["rule"] = self.instance.rule = None
            return data
        problems = validate_rule(
            rule,
            indicator_kind=data.get("kind"),
            known_kinds=set(EventKind.objects.values_list("code", flat=True)),
            known_parties=set(Party.objects.values_list("slug", flat=True)),
            activity_codes={code for code, _label in self.fields["rule_activity"].choices if code},
        )
        for field_name, message in problems:
            self.add_error(self.RULE_FIELDS.get(field_name, "rule_source"), message)
        data["rule"] = self.instance.rule = rule
        return data

    def _update_errors(self, errors):
        # The model names its rule `rule`; the form shows it as fields led by what is counted. Without
        # this, the model's "needs a rule" error had no field to go to and the page answered 500.
        if hasattr(errors, "error_dict") and "rule" in errors.error_dict:
            model_errors = errors.error_dict.pop("rule")
            if "rule_source" not in self._errors:
                errors.error_dict.setdefault("rule_source", []).extend(model_errors)
        super()._update_errors(errors)

    def values(self) -> dict:
        names = [*self.Meta.fields, "rule"]
        return {name: self.cleaned_data.get(name) for name in names}


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2, localize=True)


class BaseTargetFormSet(forms.BaseFormSet):
    def __init__(self, *args, plan: Plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)

    def clean(self):
        years = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            year = form.cleaned_data.get("year")
            if year is None:
                continue
            if not self.plan.year <= year <= self.plan.frame_end.year:
                form.add_error(
                    "year",
                    _("A target year lies between the plan year and the end of the frame (%(a)s–%(b)s).")
                    % {"a": self.plan.year, "b": self.plan.frame_end.year},
                )
            if year in years:
                form.add_error("year", _("This year has a target already."))
            years.add(year)

    def targets(self) -> dict:
        return {
            f.cleaned_data["year"]: f.cleaned_data["value"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("year") is not None
        }


TargetFormSet = forms.formset_factory(TargetForm, formset=BaseTargetFormSet, extra=2, can_delete=True)


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("Plan file"), help_text=_("YAML or JSON, as described in the plan file format."))
