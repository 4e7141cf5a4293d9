"""Links to other apps: a person's inquiries, and named attendance at an event of the party.

The event's attendance page (`register:event_attendance`) is where the events app sends coordinators
to name who came. It shows names, so it is opened with a reason and every person shown is logged.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loim.core.permissions import permits
from loim.core.tenancy import get_editable_or_404
from loim.events.models import Event
from loim.inquiries.models import Inquiry

from .. import reads
from ..access import attendance_window, open_attendance, record_window
from ..forms import ReasonForm
from ..models import Attendance, InquiryLink
from ..services.links import attendance_add, attendance_remove, inquiry_link_add, inquiry_link_remove
from .base import open_person_view, person_form_page, person_row_delete, register_view

RECENT_INQUIRIES = 200
ATTENDANCE_SEARCH_LIMIT = 20


class InquiryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        topics = ", ".join(t.name for t in obj.topics.all())
        label = f"#{obj.pk} · {obj.date:%d.%m.%Y} · {obj.get_channel_display()}"
        return f"{label} · {topics}" if topics else label


class InquiryLinkForm(forms.Form):
    inquiry = InquiryChoiceField(
        label=gettext_lazy("Inquiry"),
        queryset=Inquiry.objects.none(),
        help_text=gettext_lazy("Your party's inquiries of the last year, newest first."),
    )

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        since = dt.date.today() - dt.timedelta(days=366)
        recent = (
            Inquiry.objects.editable_by(user)
            .filter(party=person.party_id, date__gte=since)
            .exclude(pk__in=InquiryLink.objects.filter(person=person).values("inquiry"))
            .order_by("-date", "-pk")
            .values_list("pk", flat=True)[:RECENT_INQUIRIES]
        )
        self.fields["inquiry"].queryset = (
            Inquiry.objects.editable_by(user)
            .filter(pk__in=list(recent))
            .prefetch_related("topics")
            .order_by("-date", "-pk")
        )


@open_person_view
def inquiry_link_create(request, person, why):
    return person_form_page(
        request,
        person,
        InquiryLinkForm(request.POST or None, user=request.user, person=person),
        save=lambda data: inquiry_link_add(person=person, inquiry=data["inquiry"], actor=request.user),
        success=_("The inquiry was linked."),
        template="register/inquiry_link_form.html",
    )


@register_view("read_personal_data")
def inquiry_link_delete(request, pk):
    return person_row_delete(
        request,
        InquiryLink,
        pk,
        remove=lambda link: inquiry_link_remove(link=link),
        success=_("The link was removed; the inquiry itself stays."),
    )


@register_view("read_personal_data")
def attendance_delete(request, pk):
    attendance = get_editable_or_404(Attendance.objects.select_related("person__party"), request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back_to_event = request.POST.get("back") == "event"
    event_open = attendance_window(request, attendance.event)
    if (event_open if back_to_event else record_window(request, attendance.person)) is not None:
        attendance_remove(attendance=attendance)
        messages.success(request, _("The person was removed from the attendance list."))
    if back_to_event:
        return redirect("register:event_attendance", event_pk=attendance.event_id)
    return redirect("register:person_detail", pk=attendance.person_id)


class AttendanceSearchForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Name, e-mail or phone"), max_length=100)


@register_view("read_personal_data")
def event_attendance(request, event_pk):
    """Named attendance of one of the party's events, from the register's people."""
    event = get_editable_or_404(Event.objects.select_related("party", "kind"), request.user, pk=event_pk)
    if not permits(request.user, "read_personal_data", event):
        raise Http404(_("No such page."))
    action = request.POST.get("action") if request.method == "POST" else None
    why = attendance_window(request, event)
    if action == "open" or why is None:
        form = ReasonForm(request.POST if action == "open" else None, party=event.party)
        if action == "open" and form.is_valid():
            open_attendance(request, event, form.cleaned_data["why"])
            return redirect("register:event_attendance", event_pk=event.pk)
        return render(request, "register/event_attendance_open.html", {"event": event, "form": form})
    if action == "add":
        person_pk = request.POST.get("person", "")
        person = reads.open_person(actor=request.user, pk=person_pk)
        if person.party_id != event.party_id:
            raise Http404(_("No such record."))
        try:
            attendance_add(person=person, event=event, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("%(reference)s was added to the attendance list.") % {"reference": person.reference}
            )
        return redirect("register:event_attendance", event_pk=event.pk)
    search_form = AttendanceSearchForm(request.POST if action == "search" else None)
    found = None
    attending = reads.attendance_list(actor=request.user, event=event, why=why)
    if action == "search" and search_form.is_valid():
        found = reads.search(
            actor=request.user,
            party=event.party,
            why=why,
            limit=ATTENDANCE_SEARCH_LIMIT,
            exclude={a.person_id for a in attending},
            text=search_form.cleaned_data["text"],
        ).people
    return render(
        request,
        "register/event_attendance.html",
        {"event": event, "attending": attending, "search_form": search_form, "found": found},
    )
