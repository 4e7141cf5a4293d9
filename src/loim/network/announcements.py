"""Announcements to a network (issue 12): the network's party writes one, it is listed on the network's
page and on its members' home, and the background worker mails it to every active member with an
e-mail address — contact persons' work e-mails and the members' accounts — one `AnnouncementDelivery`
per address, so a retry sends only what was not sent (docs/decisions.md "Issue 12 — platform, second
part"). Writes are atomic, checked before anything is written, and audited with the models."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from loim.core.tenancy import can_edit_party

from .models import Announcement, AnnouncementDelivery, Document, Network, NetworkMember

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnnouncementInput:
    network: Network
    title: str
    text: str
    document: Document | None = None


def recipients(network: Network, day: dt.date) -> list[tuple[str, NetworkMember]]:
    """The addresses an announcement goes to: each member active on the day, by the account it was
    invited to (its e-mail), else its contact person's work e-mail; an organisation without a person
    has no address here. One row per address (lower case), the first member naming it."""
    members = (
        NetworkMember.objects.filter(network=network, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .select_related("user", "contact")
        .order_by("joined_on", "pk")
    )
    found: dict[str, NetworkMember] = {}
    for member in members:
        email = ""
        if member.user is not None and member.user.is_active:
            email = member.user.email
        elif member.contact is not None:
            email = member.contact.email
        if email:
            found.setdefault(email.strip().lower(), member)
    return list(found.items())


@transaction.atomic
def announcement_create(*, data: AnnouncementInput, by, base_url: str = "") -> Announcement:
    """Write an announcement to a network the user runs and queue its e-mails (sent after the commit
    by `tasks.send_announcement`). Refused by field: a network the user does not run (`network`), an
    empty title or text, a document that is not this network's (`document`)."""
    network = data.network
    if not can_edit_party(by, network.party_id):
        raise ValidationError(
            {"network": _("You do not run this network: only its party's administrators and coordinators write to it.")}
        )
    announcement = Announcement(
        network=network,
        party_id=network.party_id,
        title=data.title.strip(),
        text=data.text.strip(),
        document=data.document,
        author=by,
    )
    announcement.full_clean()
    announcement.save()
    for email, member in recipients(network, timezone.localdate()):
        AnnouncementDelivery.objects.create(announcement=announcement, email=email, member=member)
    from .tasks import send_announcement

    transaction.on_commit(lambda: send_announcement.enqueue(announcement.pk, base_url))
    return announcement


def _message(announcement: Announcement, base_url: str) -> tuple[str, str]:
    """Subject and body, in the site's default language (Estonian): the recipients include people
    without an account whose language is unknown."""
    context = {
        "announcement": announcement,
        "network": announcement.network,
        "party": announcement.network.party,
        "home_url": base_url.rstrip("/") + "/" if base_url else "",
        "document_url": (
            base_url.rstrip("/") + reverse("network:document_detail", kwargs={"pk": announcement.document_id})
            if base_url and announcement.document_id
            else ""
        ),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("network/announcements/email_subject.txt", context).strip()
        body = render_to_string("network/announcements/email_body.txt", context)
    return " ".join(subject.split()), body


def announcement_deliver(*, announcement_id: int, base_url: str = "") -> int:
    """Send the announcement to each address not sent yet; returns how many were sent now. Each row is
    locked while it is sent and marked sent in the same transaction, so two workers, or a retry after
    a crash between rows, never mail an address twice; a failure is recorded (time, error, attempts)
    and the row is tried again on the next run."""
    announcement = Announcement.objects.select_related("network__party", "document").get(pk=announcement_id)
    subject, body = _message(announcement, base_url)
    sent = 0
    pending = AnnouncementDelivery.objects.filter(announcement=announcement, sent_at=None).order_by("pk")
    for delivery_id in list(pending.values_list("pk", flat=True)):
        with transaction.atomic():
            delivery = AnnouncementDelivery.objects.select_for_update().filter(pk=delivery_id, sent_at=None).first()
            if delivery is None:
                continue  # another worker sent it meanwhile
            delivery.attempts += 1
            try:
                EmailMessage(subject, body, None, [delivery.email]).send()
            except Exception as exc:
                log.warning("announcement %s to %s failed: %s", announcement_id, delivery.email, exc)
                delivery.failed_at = timezone.now()
                delivery.error = str(exc)[:300]
            else:
                delivery.sent_at = timezone.now()
                delivery.error = ""
                sent += 1
            delivery.save()
    return sent
