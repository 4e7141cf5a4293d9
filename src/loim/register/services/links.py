"""Links between people and other apps' records: inquiries and named event attendance."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Attendance, InquiryLink, Person


@transaction.atomic
def inquiry_link_add(*, person: Person, inquiry, actor) -> InquiryLink:
    if InquiryLink.objects.filter(person=person, inquiry=inquiry).exists():
        raise ValidationError({"inquiry": _("This inquiry is already linked to the person.")})
    link = InquiryLink(person=person, inquiry=inquiry, linked_by=actor)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def inquiry_link_remove(*, link: InquiryLink) -> None:
    link.delete()


@transaction.atomic
def attendance_add(*, person: Person, event, actor) -> Attendance:
    """Record that the person attended. Only people who may be processed (a consent in force, not
    restricted) can be added."""
    if not Person.objects.filter(pk=person.pk).processable().exists():
        raise ValidationError(
            _("The person has no consent in force or is restricted, so attendance cannot be recorded.")
        )
    if Attendance.objects.filter(person=person, event=event).exists():
        raise ValidationError(_("The person is already on the attendance list."))
    attendance = Attendance(person=person, event=event, recorded_by=actor)
    attendance.full_clean()
    attendance.save()
    return attendance


@transaction.atomic
def attendance_remove(*, attendance: Attendance) -> None:
    attendance.delete()
