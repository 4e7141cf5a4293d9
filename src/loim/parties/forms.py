"""Forms of the member pages and the onboarding of a partner municipality. Validation that needs the
database (duplicates, the last administrator, dates against the agreement) lives in the services,
whose field-named errors the views put back on these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loim.core.tenancy import Role

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
