"""Quick entry of inquiries (keyboard first, "save and new"), correction and deletion."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from loim.core.permissions import permits, policy
from loim.core.tenancy import get_editable_or_404
from loim.core.versioning import StaleVersion

from ..forms import KEPT_FIELDS, InquiryForm, kept_initial
from ..models import Inquiry
from ..selectors import recent_inquiries
from ..services import inquiry_create, inquiry_delete, inquiry_update


def _entry_context(request, form, saved=None):
    return {"form": form, "recent": recent_inquiries(request.user), "saved": saved}


def _save_errors(form, exc: ValidationError) -> None:
    """Put a service's validation errors on the form fields they name (or on the form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@policy("signed_in")
@require_http_methods(["GET", "POST"])
def quick_entry(request):
    """Log an inquiry in a few seconds. With htmx the form and the list of the user's latest entries
    are swapped in place; without JavaScript the page posts and redirects as usual."""
    if not permits(request.user, "record_work"):
        return redirect("inquiries:statistics")
    saved = None
    full_page = not request.htmx
    if request.method == "POST":
        form = InquiryForm(request.POST, user=request.user, autofocus=full_page)
        if form.is_valid():
            try:
                saved = inquiry_create(
                    party=form.cleaned_data["party"], created_by=request.user, **form.service_kwargs()
                )
            except ValidationError as exc:
                _save_errors(form, exc)
        if saved is not None:
            kept = {name: request.POST.get(name, "") for name in KEPT_FIELDS}
            if not request.htmx:
                messages.success(request, _("The inquiry was saved."))
                return redirect(f"{reverse('inquiries:index')}?{urlencode(kept)}")
            form = InquiryForm(initial=kept_initial(kept) | {"party": saved.party_id}, user=request.user)
    else:
        form = InquiryForm(initial=kept_initial(request.GET), user=request.user, autofocus=full_page)
    context = _entry_context(request, form, saved)
    if request.htmx:
        return render(request, "inquiries/_entry.html", context)
    return render(request, "inquiries/entry.html", context)


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return default


@policy("record_work")
@require_http_methods(["GET", "POST"])
def inquiry_edit(request, pk):
    inquiry = get_editable_or_404(Inquiry.objects.select_related("party"), request.user, pk=pk)
    next_url = _next_url(request, reverse("inquiries:index"))
    if request.method == "POST":
        form = InquiryForm(request.POST, user=request.user, with_party=False, versioned=inquiry)
        if form.is_valid():
            try:
                inquiry_update(inquiry=inquiry, version=form.expected_version, **form.service_kwargs())
            except StaleVersion as exc:  # corrected by someone else since the form was opened
                form.refuse_stale(exc, InquiryForm.initial_from(exc.current) if exc.current else None)
            except ValidationError as exc:
                _save_errors(form, exc)
            else:
                messages.success(request, _("The inquiry was corrected."))
                return redirect(next_url)
    else:
        form = InquiryForm(
            initial=InquiryForm.initial_from(inquiry), user=request.user, with_party=False, versioned=inquiry
        )
    return render(request, "inquiries/inquiry_edit.html", {"form": form, "inquiry": inquiry, "next": next_url})


@policy("record_work")
@require_http_methods(["GET", "POST"])
def inquiry_delete_view(request, pk):
    inquiry = get_editable_or_404(
        Inquiry.objects.select_related("party").prefetch_related("topics"), request.user, pk=pk
    )
    next_url = _next_url(request, reverse("inquiries:index"))
    if request.method == "POST":
        inquiry_delete(inquiry=inquiry)
        messages.success(request, _("The inquiry was deleted."))
        return redirect(next_url)
    return render(request, "inquiries/inquiry_delete.html", {"inquiry": inquiry, "next": next_url})
