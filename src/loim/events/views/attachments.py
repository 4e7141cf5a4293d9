"""Attachments: uploaded on the event page, opened only through tenancy (never a public media URL)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loim.core.permissions import policy
from loim.core.tenancy import get_editable_or_404, get_visible_or_404

from ..attachments import attachment_add, attachment_delete, may_open
from ..forms import AttachmentForm
from ..models import Event, EventAttachment


@policy("record_work")
@require_POST
def attachment_upload(request, pk):
    event = get_editable_or_404(Event, request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = attachment_add(
                event=event,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                personal_data=form.cleaned_data["personal_data"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("The file “%s” is added.") % attachment.original_name)
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/attachment_form.html", {"form": form, "event": event}, status=400)


@policy("signed_in")
def attachment_download(request, pk):
    attachment = get_visible_or_404(EventAttachment.objects.select_related("event"), request.user, pk=pk)
    if not may_open(request.user, attachment):
        raise Http404(_("No such record."))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from storage.")) from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@policy("record_work")
def attachment_delete_view(request, pk):
    attachment = get_editable_or_404(EventAttachment.objects.select_related("event"), request.user, pk=pk)
    if not may_open(request.user, attachment):
        raise Http404(_("No such record."))
    event = attachment.event
    if request.method == "POST":
        name = attachment.original_name
        attachment_delete(attachment=attachment)
        messages.success(request, _("The file “%s” is removed.") % name)
        return redirect("events:detail", pk=event.pk)
    return render(request, "events/attachment_confirm_delete.html", {"attachment": attachment, "event": event})
