from django import forms
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024


class PlanDocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Action plan document"),
        help_text=_(
            "The action plan as a Word document (.docx), or its text export (.txt), in the layout of the 2024 plan."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".docx", ".txt")):
            raise forms.ValidationError(_("Upload a Word document (.docx) or a text export (.txt)."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
