"""Forms of the member pages and the onboarding of a partner municipality. Validation that needs the
database (duplicates, the last administrator, dates against the agreement) lives in the services,
whose field-named errors the views put back on these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.formfields import DateInput
from loim.core.tenancy import Role
from loim.places.models import Municipality

from .models import FOCUS_REGIONS, CandidateDecision

MEMBER_ROLE_CHOICES = [(r.value, r.label) for r in (Role.ADMIN, Role.COORDINATOR, Role.VIEWER)]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=MEMBER_ROLE_CHOICES)
    register_access = forms.BooleanField(
        label=_("Newcomer register access"),
        required=False,
        help_text=_("Only administrators and coordinators can be given register access."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MEMBER_ROLE_CHOICES)
    register_access = forms.BooleanField(label=_("Newcomer register access"), required=False)


class EndForm(forms.Form):
    """Only the button: ending takes effect today (see `membership_end`)."""

    ends_on = forms.CharField(required=False, widget=forms.HiddenInput)


def put_errors(form: forms.Form, error) -> None:
    """A service's ValidationError onto the form: field-named where the form has the field."""
    for field, messages in getattr(error, "message_dict", {None: error.messages}).items():
        form.add_error(field if field in form.fields else None, messages)


class OnboardForm(forms.Form):
    """The party, its agreement and its first user; the positions are a formset beside it."""

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.current())
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("E.g. Narva Linnavalitsus."))
    short_name = forms.CharField(label=_("Short name"), max_length=60, help_text=_("E.g. Narva LV."))
    slug = forms.SlugField(label=_("Code"), help_text=_("Used in addresses, e.g. narva."))
    email = forms.EmailField(label=_("Contact e-mail"), required=False)
    reference = forms.CharField(label=_("Agreement number"), max_length=60, required=False)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    term_start = forms.DateField(label=_("Term starts"), widget=DateInput())
    term_end = forms.DateField(label=_("Term ends"), widget=DateInput())
    user_email = forms.EmailField(label=_("First user's e-mail"))
    user_full_name = forms.CharField(label=_("First user's name"), max_length=150, required=False)
    user_role = forms.ChoiceField(label=_("First user's role"), choices=MEMBER_ROLE_CHOICES)
    user_register_access = forms.BooleanField(label=_("Newcomer register access"), required=False)


class PositionForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("job title", "Title"), max_length=150)
    holder_name = forms.CharField(label=_("Holder"), max_length=150, required=False)
    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput())
    starts_on = forms.DateField(label=_("Actual start"), widget=DateInput())


PositionFormSet = forms.formset_factory(PositionForm, extra=1, min_num=1, validate_min=True, max_num=5)


class CandidateForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.current()
        .filter(county__region__in=FOCUS_REGIONS)
        .select_related("county")
        .order_by("name"),
        help_text=_("Municipalities of the focus regions Ida-Virumaa and South Estonia."),
    )
    mapping_notes = forms.CharField(label=_("Mapping notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    decision = forms.ChoiceField(
        label=_("Joint decision with the implementing agency"), choices=CandidateDecision.choices
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput())
    decision_note = forms.CharField(label=_("Decision note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


def put_onboarding_errors(form: forms.Form, positions, error) -> None:
    """`partner_onboard`'s errors onto the onboarding form and the positions formset."""
    for field, messages in error.message_dict.items():
        if field.startswith("positions."):
            _prefix, n, name = field.split(".", 2)
            target = positions.forms[int(n)]
            target.add_error(name if name in target.fields else None, messages)
        else:
            form.add_error(field if field in form.fields else None, messages)
