"""The shared topic taxonomy and list of referral targets, extended by ELVL's administrators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from loim.core.permissions import policy

from ..forms import ReferralTargetForm, TopicForm
from ..models import ReferralTarget, Topic
from ..selectors import ordered_topics
from ..services import vocabulary_entry_save

KINDS = {
    "topic": (
        Topic,
        TopicForm,
        ["code", "parent", "name_et", "name_en", "name_ru", "name_uk", "aliases", "order", "active"],
    ),
    "referral": (
        ReferralTarget,
        ReferralTargetForm,
        ["code", "name_et", "name_en", "name_ru", "name_uk", "aliases", "organisation", "order", "active"],
    ),
}


@policy("manage_vocabulary")
def vocabulary(request):
    return render(
        request,
        "inquiries/vocabulary.html",
        {"topics": ordered_topics(), "referrals": ReferralTarget.objects.all()},
    )


@policy("manage_vocabulary")
@require_http_methods(["GET", "POST"])
def vocabulary_edit(request, kind, pk=None):
    if kind not in KINDS:
        raise Http404
    model, form_class, names = KINDS[kind]
    entry = get_object_or_404(model, pk=pk) if pk else model()
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                vocabulary_entry_save(entry=entry, **{name: form.cleaned_data[name] for name in names})
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("Saved: %(name)s.") % {"name": entry.name})
                return redirect("inquiries:vocabulary")
    else:
        initial = {name: getattr(entry, name) for name in names} if pk else {}
        form = form_class(initial=initial)
    title = {
        ("topic", True): _("Change a topic"),
        ("topic", False): _("Add a topic"),
        ("referral", True): _("Change a referral target"),
        ("referral", False): _("Add a referral target"),
    }[(kind, bool(pk))]
    return render(request, "inquiries/vocabulary_edit.html", {"form": form, "title": title, "entry": entry})
