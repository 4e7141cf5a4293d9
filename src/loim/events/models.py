"""Events (infopäev, koolitus, suhtlusklubi, …): what the plan is carried out as, and what most
indicators and commitments are counted from.

An event is owned by its organising party and may carry out one plan row (`activity`). Around it hang
child rows that are reachable only through the event and scoped through it (`event__party`): the
participant counts by group, the participating municipalities (each row is one participation,
"osaluskord"), the participating organisations and the attachments. A series (recurrence) creates
ordinary, individually editable events. Named attendance is personal data and lives in `register`.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.audit import audit
from loim.core.models import ImportRecord, OwnedModel
from loim.core.tenancy import OwnedQuerySet, Scope
from loim.core.translations import TranslatableSource, Translation
from loim.core.versioning import Versioned
from loim.core.vocabulary import Language, ParticipantGroup

# The Estonian texts of an event that its translations carry (core.translations): the address itself
# is not among them (a street address and a venue's name are the same in every language, and the map
# link searches for it), its directions (`address_notes`) are.
TEXT_FIELDS = ("title", "description", "registration", "cost", "accessibility", "address_notes")


def validate_web_address(value: str) -> None:
    """Only http(s) addresses: a registration link is opened by the public from the portal."""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            _("%(link)s is not a web address (it starts with https:// or http://).") % {"link": value},
            code="invalid_link",
        ) from None


def validate_phone_number(value: str) -> None:
    from loim.network.models import validate_phone  # the directory's rule (network builds on events)

    validate_phone(value)


# More people than any event of the programme could hold, far below the database's integer range:
# a larger count is a typing slip (or an attack), refused with a field-named error everywhere.
MAX_PARTICIPANTS = 100_000


class EventFormat(models.TextChoices):
    ON_SITE = "on_site", _("on site")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class Reach(models.TextChoices):
    """How wide an audience the event is meant for. Monitoring counts "üle-eestilised koolitused"
    (nationwide trainings) as trainings with reach NATIONAL."""

    LOCAL = "local", _("local")
    COUNTY = "county", pgettext_lazy("reach", "county")
    NATIONAL = "national", _("nationwide")


class ParticipantsAdults(models.TextChoices):
    """Whether the participants were adults: the plan's target group is "vähemalt 18-aastased
    uussisserändajad, erineva keele- ja kultuuritaustaga inimesed, tagasipöördujad" (at least 18 years
    old). Not recorded (empty) is its own answer, as a missing count is not 0."""

    YES = "yes", _("yes, all at least 18 years old")
    NO = "no", _("no, some were under 18")
    NOT_RECORDED = "", _("not recorded")


class EventQuerySet(OwnedQuerySet):
    def public(self):
        return self.filter(is_public=True)

    def in_language(self, code: str):
        # `languages` is a JSON list of codes; the quoted code matches one whole element on both
        # SQLite and PostgreSQL (JSONField's `contains` lookup is not available on SQLite).
        return self.filter(languages__icontains=f'"{code}"')


class EventSeries(OwnedModel):
    """A recurrence that created a set of events at once ("every Wednesday 17:00 in Q1, Q2 and Q4").

    The rule is kept so the series can be shown and explained; the events it created are ordinary
    events, edited one by one. Changing the rule does not move events already created.
    """

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")

    title = models.CharField(pgettext_lazy("event", "title"), max_length=200)
    kind = models.ForeignKey("plans.EventKind", verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+")
    frequency = models.CharField(_("repeats"), max_length=10, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("1 = every week or month, 2 = every other…"),
    )
    weekdays = models.JSONField(_("weekdays"), default=list, help_text=_("0 = Monday … 6 = Sunday."))
    week_of_month = models.SmallIntegerField(
        _("week of the month"), null=True, blank=True, help_text=_("For monthly series: 1–4, or -1 for the last.")
    )
    starts_on = models.DateField(_("first date"))
    ends_on = models.DateField(_("last date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    excluded_periods = models.JSONField(
        _("excluded periods"),
        default=list,
        blank=True,
        help_text=_('Quarters, months or days without events, e.g. ["Q3"], ["07", "08"], ["2024-02-24"].'),
    )

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title


class EventImport(ImportRecord):
    """One imported file: who brought it in, what it did, and which events it created, so the import
    can be undone as a whole (the events it only updated keep the update)."""

    created_count = models.PositiveIntegerField(_("new events"), default=0)
    updated_count = models.PositiveIntegerField(_("updated events"), default=0)

    class Meta:
        verbose_name = _("event import")
        verbose_name_plural = _("event imports")
        ordering = ["-created_at", "-pk"]


def _answers_for(activity, party_id) -> bool:
    """Whether the party answers for the plan row: from the row's prefetched responsible parties when a
    caller read them already (the import reads every plan row once), else one query."""
    prefetched = getattr(activity, "_prefetched_objects_cache", {}).get("responsible_parties")
    if prefetched is not None:
        return any(party.pk == party_id for party in prefetched)
    return activity.responsible_parties.filter(pk=party_id).exists()


class Event(TranslatableSource, Versioned, OwnedModel):
    """One event, owned by the party that organised it (`party`). Its Estonian texts (TEXT_FIELDS) are
    the source of its translations (`EventTranslation`, issue 14); only public events are translated."""

    kind = models.ForeignKey("plans.EventKind", verbose_name=_("kind"), on_delete=models.PROTECT, related_name="events")
    title = models.CharField(pgettext_lazy("event", "title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("plan row"),
        null=True,
        blank=True,
        # Indicators are counted through this link: a plan row with events cannot vanish silently.
        on_delete=models.PROTECT,
        related_name="events",
    )
    format = models.CharField(_("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.ON_SITE)
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events_held",
    )
    address = models.CharField(_("address or venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    reach = models.CharField(_("reach"), max_length=10, choices=Reach.choices, default=Reach.LOCAL)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the public portal and in its calendar feed.")
    )
    # What a person needs to go (issue 14): shown on the portal, in Estonian here and translated.
    registration = models.TextField(
        _("how to register"), blank=True, help_text=_("E.g. no registration needed, or register by 10 March.")
    )
    registration_url = models.URLField(
        _("registration link"), max_length=500, blank=True, validators=[validate_web_address]
    )
    cost = models.CharField(_("cost"), max_length=200, blank=True, help_text=_("E.g. free of charge, or 5 euros."))
    accessibility = models.TextField(
        _("accessibility"), blank=True, help_text=_("E.g. step-free entrance, a lift, an induction loop.")
    )
    address_notes = models.CharField(
        _("how to find the place"), max_length=300, blank=True, help_text=_("E.g. entrance from the yard, 2nd floor.")
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True, validators=[validate_phone_number])
    participants_adults = models.CharField(
        _("participants at least 18 years old"),
        max_length=3,
        choices=ParticipantsAdults.choices,
        default=ParticipantsAdults.NOT_RECORDED,
        blank=True,
        help_text=_("The plan's target group is people at least 18 years old."),
    )
    series = models.ForeignKey(
        EventSeries, verbose_name=_("series"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    import_id = models.CharField(
        _("import id"),
        max_length=100,
        blank=True,
        help_text=_("Identifier in the source file; importing the same file again updates instead of duplicating."),
    )
    import_batch = models.ForeignKey(
        EventImport,
        verbose_name=_("created by the import"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    municipalities = models.ManyToManyField(
        "places.Municipality",
        verbose_name=_("participating municipalities"),
        through="Participation",
        related_name="events_attended",
        blank=True,
    )

    objects = EventQuerySet.as_manager()

    translatable_fields = TEXT_FIELDS

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = pgettext_lazy("event", "events")
        ordering = ["-start", "pk"]
        indexes = [
            # the start first, for every range of dates; the municipality beside it, so a year's events
            # filtered by place (the list's county) are read from the index alone (issue 18 §8)
            models.Index(fields=["start", "municipality"], name="event_start_place"),
            models.Index(fields=["party", "start"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "import_id"], condition=~Q(import_id=""), name="event_import_id_unique_in_party"
            ),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors: dict[str, list] = {}
        if self.start and self.end and self.end < self.start:
            errors.setdefault("end", []).append(_("The event ends before it starts."))
        if self.format in (EventFormat.ON_SITE, EventFormat.HYBRID) and not (self.municipality_id or self.address):
            # abroad (a study trip to Helsinki) there is no municipality, only an address
            errors.setdefault("municipality", []).append(
                _("An event on site needs the municipality where it is held (abroad: the address).")
            )
        if self.format == EventFormat.ONLINE and self.municipality_id:
            errors.setdefault("municipality", []).append(_("An online event has no municipality; choose hybrid."))
        unknown = [code for code in self.languages or [] if code not in Language.values]
        if unknown or not isinstance(self.languages, list):
            errors.setdefault("languages", []).append(_("Unknown language: %s.") % ", ".join(map(str, unknown)))
        if self.activity_id and self.party_id and not _answers_for(self.activity, self.party_id):
            errors.setdefault("activity", []).append(_("The organising party does not answer for this plan row."))
        if errors:
            raise ValidationError(errors)

    @property
    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]

    @property
    def place(self) -> str:
        parts = [self.address, str(self.municipality) if self.municipality_id else ""]
        if self.format != EventFormat.ON_SITE:
            parts.append(str(EventFormat.ONLINE.label))
        return ", ".join(p for p in parts if p)


class EventPart(models.Model):
    """A row that belongs to one event and is scoped through it: visible and editable exactly when the
    event is. These rows have no pages of their own; they are written with their event."""

    tenancy_scope = Scope.OWNED
    tenancy_party_path = "event__party"

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        return {"party_id": self.event.party_id, "event_id": self.event_id}


class ParticipantCount(EventPart):
    """How many people of one group took part. A missing row means "not recorded", not zero."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="counts")
    group = models.CharField(_("group"), max_length=20, choices=ParticipantGroup.choices)
    count = models.PositiveIntegerField(_("participants"), validators=[MaxValueValidator(MAX_PARTICIPANTS)])

    class Meta:
        verbose_name = _("participant count")
        verbose_name_plural = _("participant counts")
        ordering = ["event", "group"]
        constraints = [models.UniqueConstraint(fields=["event", "group"], name="one_count_per_event_group")]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.count}"


class Participation(EventPart):
    """One municipality taking part in one event: one participation ("osaluskord"), as counted by the
    indicator "KOV-ide arv … osaluskord"."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations")
    municipality = models.ForeignKey(
        "places.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="participations"
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["event", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "municipality"], name="one_participation_per_municipality")
        ]
        # the events a place (or a county's places) took part in, from the index alone: the event list's
        # municipality and county filters (issue 18 §8)
        indexes = [models.Index(fields=["municipality", "event"], name="participation_place_event")]

    def __str__(self) -> str:
        return f"{self.municipality} @ {self.event}"


class EventOrganisation(EventPart):
    """An organisation that took part, by name as recorded, linked to its entry in the network's
    directory when the name is a directory entry's (chosen in the event form or matched by name)."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("organisation"), max_length=200)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("directory entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_links",
    )

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["event", "name"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="one_row_per_event_organisation")]

    def __str__(self) -> str:
        return self.name


class EventTranslation(Translation, Versioned, EventPart):
    """One language (en, ru, uk) of a public event's texts, made from one text version of the event
    (`core.translations`). Scoped through its event, like the event's other rows."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(pgettext_lazy("event", "title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    registration = models.TextField(_("how to register"), blank=True)
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    address_notes = models.CharField(_("how to find the place"), max_length=300, blank=True)

    source_field = "event"

    class Meta:
        verbose_name = _("event translation")
        verbose_name_plural = _("event translations")
        ordering = ["event", "language"]
        constraints = [models.UniqueConstraint(fields=["event", "language"], name="one_event_translation_per_language")]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class AttachmentKind(models.TextChoices):
    AGENDA = "agenda", _("agenda")
    MINUTES = "minutes", _("minutes")
    ATTENDANCE_SHEET = "attendance_sheet", _("attendance sheet")
    PHOTO = "photo", _("photo")
    MATERIAL = "material", _("presentation or material")
    OTHER = "other", _("other")


def attachment_path(instance, filename: str) -> str:
    """A random name under the party's folder: the stored name reveals nothing, the original is kept."""
    return f"events/{instance.event.party_id}/{instance.event_id}/{secrets.token_hex(16)}"


class EventAttachment(EventPart):
    """A file kept with an event (agenda, minutes, attendance sheet, photos). Stored through Django's
    storage API and served only through a view that checks tenancy — never from a public media URL.
    Attendance sheets and files marked as containing personal data are served only to the owning
    party's members with personal-data access."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.OTHER)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    personal_data = models.BooleanField(
        _("contains personal data"),
        default=False,
        help_text=_("Names, signatures or recognisable faces: only coordinators with register access see it."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["event", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class CalendarFeed(OwnedModel):
    """A party's secret calendar address (iCal). Calendar programs cannot sign in, so the address itself
    is the key: whoever has it sees the party's events (never personal data). Renewing it cuts off
    every old copy."""

    token = models.CharField(_("secret"), max_length=64, unique=True, default=secrets.token_urlsafe)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [models.UniqueConstraint(fields=["party"], name="one_calendar_feed_per_party")]

    def __str__(self) -> str:
        return str(self.party)


audit(EventSeries)
audit(Event, exclude=["import_id", "import_batch"])
audit(EventImport)
audit(ParticipantCount)
audit(Participation)
audit(EventOrganisation)
audit(EventTranslation)
audit(EventAttachment)
audit(CalendarFeed, mask=["token"])
