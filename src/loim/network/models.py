"""The network's own records: the directory of organisations and their work contacts, and the
networks and councils those organisations and people belong to (issue 12).

Directory entries are shared knowledge: every signed-in member of a party reads them (Scope.SHARED),
the party that entered an entry keeps it (edits, confirms, merges). Contacts are work contacts only:
a name, a role, a work e-mail and phone, languages; nothing about a person's private life.

A network (a partner's local cooperation network, a county network, ELVL's national coordinators'
network) or a participation council (Tallinn's Lõimumiskoda) is owned by the party that runs it.
Its members are organisations or contact people with the day they joined and, later, left; the
indicators "Kohaliku tasandi koostöövõrgustike arv" and "KOV-ide osaluskogude arv" count the active
networks and councils of their kind at period end.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from stdnum.ee import registrikood
from stdnum.exceptions import ValidationError as NumberError

from loim.core.audit import audit
from loim.core.models import ImportRecord, OwnedModel
from loim.core.search_sql import SimpleVector
from loim.core.tenancy import OwnedQuerySet, Scope
from loim.core.versioning import Versioned
from loim.core.vocabulary import Language

# An entry nobody has confirmed for this long is due a check (the directory's reminder).
CONFIRMATION_VALID_FOR = dt.timedelta(days=365)

LANGUAGE_CODES = tuple(Language.values)  # et, en, ru, uk, other

# A phone number as people write it: an optional leading "+", then digits separated by single spaces,
# 4 to 15 digits in all (E.164 allows 15; Estonian short numbers such as 1247 have 4).
PHONE = re.compile(r"\+?[0-9]+( [0-9]+)*")


def validate_registry_code(value: str) -> None:
    """An Estonian registry code (registrikood: 8 digits with its check digit), via python-stdnum."""
    try:
        registrikood.validate(value)
    except NumberError:
        raise ValidationError(
            _("%(code)s is not a valid Estonian registry code (8 digits with a check digit).") % {"code": value},
            code="invalid_registry_code",
        ) from None


def validate_phone(value: str) -> None:
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE.fullmatch(value) or not 4 <= digits <= 15:
        raise ValidationError(
            _(
                "%(phone)s is not a phone number: write digits and spaces, optionally starting with +, "
                "4 to 15 digits (e.g. +372 612 3456)."
            )
            % {"phone": value},
            code="invalid_phone",
        )


def validate_languages(value) -> None:
    if not isinstance(value, list) or any(code not in LANGUAGE_CODES for code in value):
        raise ValidationError(_("Choose languages from: %s.") % ", ".join(LANGUAGE_CODES), code="invalid_languages")


class OrganisationKind(models.TextChoices):
    STATE_AGENCY = "state_agency", _("state agency")
    MUNICIPAL = "municipal", _("municipal department or institution")
    NGO = "ngo", _("non-governmental organisation")
    MINORITY = "minority", _("national-minority organisation")
    COMPANY = "company", _("company")
    LIBRARY = "library", _("library")
    SCHOOL = "school", _("school or training provider")
    INTERNATIONAL = "international", _("international organisation")
    OTHER = "other", pgettext_lazy("organisation kind", "other")


class Confirmed(models.Model):
    """Who last confirmed that an entry is still right, and when: entries older than a year are due."""

    confirmed_on = models.DateField(_("last confirmed on"), default=timezone.localdate)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def confirmation_due(self, today: dt.date | None = None) -> bool:
        return self.confirmed_on < (today or timezone.localdate()) - CONFIRMATION_VALID_FOR

    @property
    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in getattr(self, "languages", None) or []]


class DirectoryQuerySet(OwnedQuerySet):
    def due_for_check(self, today: dt.date | None = None):
        """Entries nobody has confirmed within CONFIRMATION_VALID_FOR (the reminder's list)."""
        return self.filter(confirmed_on__lt=(today or timezone.localdate()) - CONFIRMATION_VALID_FOR)


class OrganisationQuerySet(DirectoryQuerySet):
    def listed(self):
        """Entries of the directory proper: a duplicate merged into another entry is history only."""
        return self.filter(merged_into__isnull=True)


class Organisation(Confirmed, Versioned, OwnedModel):
    """An organisation of the directory: a state agency, a municipal department, an NGO, a company…"""

    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=200)
    registry_code = models.CharField(
        _("registry code"),
        max_length=8,
        blank=True,
        validators=[validate_registry_code],
        help_text=_("The Estonian business or non-profit registry code, e.g. 70009770."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    municipalities = models.ManyToManyField(
        "places.Municipality", verbose_name=_("municipalities served"), blank=True, related_name="+"
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_languages], help_text=_("Service languages.")
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("general e-mail"), blank=True)
    phone = models.CharField(_("general phone"), max_length=40, blank=True, validators=[validate_phone])
    note = models.TextField(_("note"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_entries",
        help_text=_("A duplicate merged into another entry stays as history and is not listed."),
    )

    tenancy_scope = Scope.SHARED
    objects = OrganisationQuerySet.as_manager()  # type: ignore[misc]  # a subclass of OwnedModel's manager

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry_code"],
                condition=~models.Q(registry_code="") & models.Q(merged_into__isnull=True),
                name="one_organisation_per_registry_code",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def validate_constraints(self, exclude=None):
        """One entry per registry code, said on the field (the database constraint stays the last word)."""
        exclude = set(exclude or ())
        if "registry_code" not in exclude and self.registry_code and self.merged_into_id is None:
            other = (
                Organisation._base_manager.filter(registry_code=self.registry_code, merged_into__isnull=True)
                .exclude(pk=self.pk)
                .first()
            )
            if other is not None:
                raise ValidationError(
                    {
                        "registry_code": ValidationError(
                            _("The directory already has an organisation with the registry code %(code)s: %(name)s.")
                            % {"code": self.registry_code, "name": other.name},
                            code="duplicate_registry_code",
                        )
                    }
                )
        super().validate_constraints(exclude=exclude | {"registry_code"})


class Contact(Confirmed, Versioned, OwnedModel):
    """A work contact at an organisation: name, role, work e-mail and phone, languages."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=150)
    role = models.CharField(pgettext_lazy("job", "role"), max_length=150, blank=True)
    email = models.EmailField(_("work e-mail"), blank=True)
    phone = models.CharField(_("work phone"), max_length=40, blank=True, validators=[validate_phone])
    languages = models.JSONField(_("languages"), default=list, blank=True, validators=[validate_languages])

    tenancy_scope = Scope.SHARED
    objects = DirectoryQuerySet.as_manager()  # type: ignore[misc]  # a subclass of OwnedModel's manager

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class DirectoryImport(ImportRecord):
    """One imported list of organisations and contacts: who brought it in and what it added."""

    organisations_created = models.PositiveIntegerField(_("new organisations"), default=0)
    contacts_created = models.PositiveIntegerField(_("new contact persons"), default=0)
    # What the file created, so "undo" removes exactly that (and refuses once any of it is used).
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations created"), blank=True, related_name="+"
    )
    contacts = models.ManyToManyField(Contact, verbose_name=_("contact persons created"), blank=True, related_name="+")

    class Meta(ImportRecord.Meta):
        verbose_name = _("directory import")
        verbose_name_plural = _("directory imports")


class NetworkKind(models.TextChoices):
    LOCAL = "local", _("local cooperation network")
    COUNTY = "county", _("county network")
    NATIONAL = "national", _("national coordinators' network")
    COUNCIL = "council", _("participation council")


class CadencePeriod(models.TextChoices):
    """The periods a network's meetings may be agreed per (the commitments' periods, without "once")."""

    WEEK = "week", _("week")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    HALF_YEAR = "half_year", _("half-year")
    YEAR = "year", _("year")


#: the most meetings a period can hold if they meet at most once a day (a cadence above it contradicts itself)
DAYS_IN_PERIOD = {"week": 7, "month": 28, "quarter": 90, "half_year": 181, "year": 365}


def network_shared_with(lookup: str):
    """A network and its meetings are read besides by the network's active members who have an
    account (`Access.networks`, docs/decisions.md "Issue 12 — platform, second part")."""

    def shared_with(access) -> models.Q | None:
        if not access.networks:
            return None
        return models.Q(**{lookup: access.networks})

    return shared_with


class Network(Versioned, OwnedModel):
    """A cooperation network or a participation council, run by the owning party.

    Its meeting cadence may be left open ("agreed after the first meetings", the Lõimumiskoda case):
    once agreed (period, at least, at most, on which day, by whom, in which meeting's minutes) it is
    a commitment of the plan (`commitment`) that the obligation checker follows."""

    name = models.CharField(pgettext_lazy("network", "name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=NetworkKind.choices)
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    county = models.ForeignKey(
        "places.County", verbose_name=_("county"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField(_("purpose"), blank=True)
    communities = models.TextField(
        _("communities represented"),
        blank=True,
        help_text=_("For a participation council: the communities its members represent."),
    )
    founded_on = models.DateField(_("founded on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    cadence_agreed = models.BooleanField(_("meeting cadence agreed"), default=False)
    cadence_period = models.CharField(_("meetings per"), max_length=10, choices=CadencePeriod.choices, blank=True)
    cadence_min = models.PositiveIntegerField(_("at least (meetings)"), null=True, blank=True)
    cadence_max = models.PositiveIntegerField(_("at most (meetings)"), null=True, blank=True)
    cadence_agreed_on = models.DateField(_("cadence agreed on"), null=True, blank=True)
    cadence_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cadence recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cadence_minutes = models.ForeignKey(
        "events.EventAttachment",
        verbose_name=_("minutes of the decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The minutes of the meeting that agreed the cadence."),
    )
    commitment = models.ForeignKey(
        "plans.Obligation",
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="networks",
        help_text=_("The plan's commitment the agreed cadence settles; the obligation checker follows it."),
    )

    tenancy_shared_with = staticmethod(network_shared_with("pk__in"))

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors: dict[str, Any] = {}
        if self.ended_on and self.founded_on and self.ended_on < self.founded_on:
            errors["ended_on"] = _("The network cannot end before it was founded.")
        errors.update(self.cadence_problems())
        if errors:
            raise ValidationError(errors)

    def cadence_problems(self) -> dict[str, Any]:
        """Where the cadence contradicts itself, by field: agreed without a period or a minimum, a
        period or minimum without an agreement, at most below at least, more meetings than the period
        has days, agreed before the network was founded."""
        errors: dict[str, Any] = {}
        given = bool(self.cadence_period or self.cadence_min is not None or self.cadence_max is not None)
        if not self.cadence_agreed:
            if given:
                errors["cadence_agreed"] = _(
                    "A period or a number of meetings is given, but the cadence is not marked as agreed."
                )
            return errors
        if not self.cadence_period:
            errors["cadence_period"] = _("An agreed cadence needs the period the meetings are counted in.")
        if self.cadence_min is None or self.cadence_min < 1:
            errors["cadence_min"] = _("An agreed cadence needs at least one meeting per period.")
        elif self.cadence_max is not None and self.cadence_max < self.cadence_min:
            errors["cadence_max"] = _("At most %(max)s is below at least %(min)s.") % {
                "max": self.cadence_max,
                "min": self.cadence_min,
            }
        elif self.cadence_period and self.cadence_min > DAYS_IN_PERIOD[self.cadence_period]:
            errors["cadence_min"] = _("%(count)s meetings do not fit in one %(period)s.") % {
                "count": self.cadence_min,
                "period": self.get_cadence_period_display(),
            }
        if not self.cadence_agreed_on:
            errors["cadence_agreed_on"] = _("Give the day the cadence was agreed.")
        elif self.founded_on and self.cadence_agreed_on < self.founded_on:
            errors["cadence_agreed_on"] = _("The cadence cannot be agreed before the network was founded.")
        return errors

    def active_on(self, day: dt.date) -> bool:
        return self.founded_on <= day and (self.ended_on is None or self.ended_on >= day)

    @property
    def meeting_kind_code(self) -> str:
        """The event kind of its meetings: a council meets in council meetings, a network in network meetings."""
        return "council_meeting" if self.kind == NetworkKind.COUNCIL else "network_meeting"


class NetworkMember(OwnedModel):
    """An organisation or a contact person in a network, from the day they joined until they left.
    Owned by the network's party (kept equal to it on save)."""

    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    represents = models.CharField(
        _("represents"), max_length=200, blank=True, help_text=_("In a council: the community this member represents.")
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_memberships",
        help_text=_("The account the member's contact person was invited to: it reads the network's documents."),
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["network", "joined_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(contact__isnull=False),
                name="network_member_is_an_organisation_or_a_contact",
            )
        ]

    def __str__(self) -> str:
        return str(self.contact or self.organisation)

    def clean(self):
        errors = {}
        if not self.organisation_id and not self.contact_id:
            errors["organisation"] = _("Choose an organisation or a contact person.")
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            errors["left_on"] = _("A member cannot leave before joining.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.party_id = self.network.party_id
        super().save(*args, **kwargs)


class NetworkMeeting(OwnedModel):
    """A meeting of a network: an event (kind network meeting or council meeting) of the network's
    party, with its minutes as the event's attachments. Owned by the network's party (kept equal)."""

    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="meetings")
    event = models.OneToOneField(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="network_meeting"
    )

    tenancy_shared_with = staticmethod(network_shared_with("network__in"))

    class Meta:
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
        ordering = ["network", "event__start"]

    def __str__(self) -> str:
        return str(self.event)

    def save(self, *args, **kwargs):
        self.party_id = self.network.party_id
        super().save(*args, **kwargs)


audit(Organisation, m2m=["municipalities"])
audit(Contact)
audit(DirectoryImport)
audit(Network)
audit(NetworkMember)
audit(NetworkMeeting)


# --- The platform (issue 12): documents with versions and translations


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", _("minutes")
    GUIDANCE = "guidance", _("guidance material")
    PROCESS = "process", _("process description")
    OVERVIEW = "overview", _("overview")
    PRESENTATION = "presentation", _("presentation")


# A document is written in one of the four portal languages: the vocabulary's, without "other".
DOCUMENT_LANGUAGES = [(code, label) for code, label in Language.choices if code != Language.OTHER]


class Visibility(models.TextChoices):
    NETWORK = "network", _("one network")
    ALL_NETWORKS = "all_networks", _("all networks")
    PUBLIC = "public", _("public")


MAX_TAGS = 10
MAX_TAG_LENGTH = 40


def validate_tags(value) -> None:
    if (
        not isinstance(value, list)
        or len(value) > MAX_TAGS
        or any(not isinstance(tag, str) or not tag.strip() or len(tag) > MAX_TAG_LENGTH for tag in value)
    ):
        raise ValidationError(
            _("Give at most %(count)d tags of up to %(length)d characters each.")
            % {"count": MAX_TAGS, "length": MAX_TAG_LENGTH},
            code="invalid_tags",
        )


def document_shared_with(prefix: str):
    """Who reads a document beyond its own party, ELVL and the ministry (docs/decisions.md "Issue 12 —
    platform documents" and "… second part"): the party running its network reads a document of that
    network; every signed-in member of any party reads one for all networks or a public one; an active
    member of a network who has an account (`access.networks`) reads the documents of that network,
    not the ones for all networks (those are for the parties' staff). Used by
    `core.tenancy.OwnedQuerySet.visible_to` through the models' `tenancy_shared_with`."""

    def shared_with(access) -> models.Q | None:
        condition = None
        if access.member_of:
            condition = models.Q(
                **{f"{prefix}visibility": Visibility.NETWORK, f"{prefix}network__party__in": access.member_of}
            ) | models.Q(**{f"{prefix}visibility__in": [Visibility.ALL_NETWORKS, Visibility.PUBLIC]})
        if access.networks:
            through_membership = models.Q(
                **{f"{prefix}visibility": Visibility.NETWORK, f"{prefix}network__in": access.networks}
            )
            condition = through_membership if condition is None else condition | through_membership
        return condition

    return staticmethod(shared_with)


def document_kept_for(prefix: str):
    """A withdrawn document (and its versions) is read only by its own party's admins and coordinators
    (docs/decisions.md "Issue 12 — platform, second part"): gone from lists, pages, files and search
    for everybody else, ELVL and the ministry included; nothing is deleted."""

    def kept_for(access) -> models.Q:
        return models.Q(**{f"{prefix}withdrawn_at__isnull": True}) | models.Q(**{f"{prefix}party__in": access.edit})

    return staticmethod(kept_for)


class Document(Versioned, OwnedModel):
    """A document of the platform: minutes, a guidance material, a process description, an overview or
    a presentation, with its file versions (`versions`, numbered 1, 2, …). A translation points at its
    source and at the source's version it was translated from: it is outdated once the source has a
    newer version (derived, never stored)."""

    kind = models.CharField(pgettext_lazy("document", "kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(pgettext_lazy("document", "title"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=DOCUMENT_LANGUAGES)
    tags = models.JSONField(_("tags"), default=list, blank=True, validators=[validate_tags])
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("plan row"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    visibility = models.CharField(_("visibility"), max_length=12, choices=Visibility.choices)
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    source = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="translations",
    )
    translated_from_number = models.PositiveIntegerField(_("translated from version"), null=True, blank=True)
    current_number = models.PositiveIntegerField(_("latest version"), default=0, editable=False)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    tenancy_shared_with = document_shared_with("")
    tenancy_kept_for = document_kept_for("")

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors: dict[str, Any] = {}
        if self.visibility == Visibility.NETWORK and not self.network_id:
            errors["network"] = _("Choose the network that reads the document.")
        if self.visibility != Visibility.NETWORK and self.network_id:
            errors["network"] = _("A network is chosen only when the document is for one network.")
        if self.source_id and self.source_id == self.pk:
            errors["source"] = _("A document cannot be its own translation.")
        if errors:
            raise ValidationError(errors)

    @property
    def outdated(self) -> bool:
        """A translation whose source has a newer version than the one it was translated from."""
        source = self.source if self.source_id is not None else None
        if source is None or self.translated_from_number is None:
            return False
        return source.current_number > self.translated_from_number


class TextState(models.TextChoices):
    """Where the text extraction of a file version stands (`network.extraction`, run by the worker)."""

    PENDING = "pending", _("waiting for text extraction")
    DONE = "done", _("text extracted")
    FAILED = "failed", _("text extraction failed")
    NOT_APPLICABLE = "not_applicable", _("no text to extract")


class TextProblem(models.TextChoices):
    """Why the text of a file could not be read, as its document's editors are told."""

    ENCRYPTED = "encrypted", _("The file is protected with a password, so its text cannot be read for search.")
    MALFORMED = "malformed", _("The file is damaged or not what its type says, so its text cannot be read.")
    TOO_LARGE = "too_large", _("The file unpacks to too much content to read its text.")


def document_file_path(instance, filename: str) -> str:
    """A random name under the party's folder: the stored name reveals nothing, the original is kept."""
    return f"documents/{instance.document.party_id}/{instance.document_id}/{secrets.token_hex(16)}"


class DocumentVersion(OwnedModel):
    """One file version of a document (number 1, 2, …). Owned by the document's party (kept equal);
    read by whoever reads the document; served only through a view that checks tenancy."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version number"))
    file = models.FileField(_("file"), upload_to=document_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    text_state = models.CharField(
        _("text extraction"), max_length=16, choices=TextState.choices, default=TextState.PENDING, editable=False
    )
    text_problem = models.CharField(
        _("text extraction problem"), max_length=16, choices=TextProblem.choices, blank=True, editable=False
    )
    text_truncated = models.BooleanField(_("text cut at the limit"), default=False, editable=False)
    # PostgreSQL: the text's `simple` search vector, stored and GIN-indexed (NULL elsewhere; core.search_sql)
    text_vector = models.GeneratedField(
        expression=SimpleVector("text"), output_field=SearchVectorField(null=True), db_persist=True
    )

    tenancy_shared_with = document_shared_with("document__")
    tenancy_kept_for = document_kept_for("document__")

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_document_version_number")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def save(self, *args, **kwargs):
        self.party_id = self.document.party_id
        super().save(*args, **kwargs)


audit(Document)
audit(DocumentVersion, exclude=["text", "text_vector"])  # derived from the file, which is audited


# --- Announcements to a network (issue 12), mailed to its members by the background worker


class Announcement(OwnedModel):
    """A notice from a network's party to one network: listed on the network's page and on its members'
    home, and mailed to every active member with an e-mail (`AnnouncementDelivery`, one per address).
    Owned by the network's party (kept equal); read besides by the network's members with an account."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="announcements"
    )
    title = models.CharField(pgettext_lazy("announcement", "title"), max_length=200)
    text = models.TextField(pgettext_lazy("announcement", "text"), max_length=5000)
    document = models.ForeignKey(
        Document,
        verbose_name=_("linked document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="announcements",
        help_text=_("A document of this network its members may open."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    tenancy_shared_with = staticmethod(network_shared_with("network__in"))

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.document_id is not None and self.network_id is not None:
            document = self.document
            if document is None or document.visibility != Visibility.NETWORK or document.network_id != self.network_id:
                raise ValidationError({"document": _("Link a document of this network: its members read only those.")})

    def save(self, *args, **kwargs):
        self.party_id = self.network.party_id
        super().save(*args, **kwargs)


class AnnouncementDelivery(OwnedModel):
    """The announcement's e-mail to one address: when it was sent, or why it failed. A retry sends
    only the rows not sent yet, so nobody gets it twice. Owned by the announcement's party (kept equal)."""

    announcement = models.ForeignKey(
        Announcement, verbose_name=_("announcement"), on_delete=models.CASCADE, related_name="deliveries"
    )
    email = models.EmailField(_("e-mail"))
    member = models.ForeignKey(
        NetworkMember,
        verbose_name=_("network member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("announcement e-mail")
        verbose_name_plural = _("announcement e-mails")
        ordering = ["announcement", "email"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "email"], name="one_announcement_mail_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.announcement} → {self.email}"

    def save(self, *args, **kwargs):
        self.party_id = self.announcement.party_id
        super().save(*args, **kwargs)


audit(Announcement)
audit(AnnouncementDelivery)
