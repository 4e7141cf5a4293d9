"""Event kinds (the glossary's infopäev, koolitus, …): the implementer's administrators add and
rename them in four languages. A kind in use keeps its code; it can be taken out of use instead."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from loim.core.permissions import policy
from loim.plans.models import EventKind

from ..forms import EventKindForm
from ..services import event_kind_save


@policy("manage_vocabulary")
def kind_list(request):
    kinds = EventKind.objects.annotate(event_count=Count("events")).order_by("order", "code")
    return render(request, "events/kind_list.html", {"kinds": kinds})


@policy("manage_vocabulary")
def kind_edit(request, pk=None):
    kind = get_object_or_404(EventKind, pk=pk) if pk else None
    form = EventKindForm(request.POST or None, instance=kind)
    if request.method == "POST" and form.is_valid():
        try:
            saved = event_kind_save(kind=kind, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The event kind “%s” is saved.") % saved.name)
            return redirect("events:kinds")
    return render(request, "events/kind_form.html", {"form": form, "kind": kind})
