"""Counselling inquiries (nõustamine, pöördumine): the anonymous log, its topic taxonomy, the
organisations people are referred to, imports of coordinators' spreadsheets, and service-gap notes.

An inquiry has no name field on purpose: the log counts what people ask about, not who asked.
Linking an inquiry to a person is the newcomer register's job (it owns that link, under GDPR rules).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loim.core.audit import audit
from loim.core.models import ImportRecord, OwnedModel
from loim.core.tenancy import OwnedQuerySet, Scope
from loim.core.versioning import Versioned
from loim.core.vocabulary import Language, TargetGroup, localized

from .privacy import validate_no_personal_data

NOTE_MAX_LENGTH = 300
INQUIRY_DATE_FLOOR = dt.date(2000, 1, 1)  # no inquiry of the log is older
MAX_MINUTES = 8 * 60


class TranslatedName(models.Model):
    """Names in the four languages of the programme; `name` follows the active language."""

    name_et = models.CharField(_("name in Estonian"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)
    name_ru = models.CharField(_("name in Russian"), max_length=150, blank=True)
    name_uk = models.CharField(_("name in Ukrainian"), max_length=150, blank=True)
    aliases = models.CharField(
        _("other names"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated names used in spreadsheets, recognised when importing (e.g. 'PPA')."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self)

    def import_names(self) -> list[str]:
        """Every name by which an imported spreadsheet may refer to this entry."""
        names = [self.code, self.name_et, self.name_en, self.name_ru, self.name_uk]
        names += [alias.strip() for alias in self.aliases.split(",")]
        return [name for name in names if name]


class Topic(TranslatedName):
    """A topic of inquiries: a two-level taxonomy shared by all parties, names in four languages.
    Administrators extend it; the register uses the same topics for people's interests."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent topic"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "code"]

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Topics have two levels: a sub-topic cannot have sub-topics.")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A topic cannot be its own parent.")})
        if self.parent_id and self.pk and self.children.exists():
            raise ValidationError({"parent": _("This topic has sub-topics, so it cannot become a sub-topic.")})


class ReferralTarget(TranslatedName):
    """An organisation or department an inquirer is referred to (Töötukassa, PPA, …). A shared list;
    ELVL's administrators add to it, each entry optionally pointing at the network directory's entry."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("directory entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral_targets",
    )

    class Meta:
        verbose_name = _("referral target")
        verbose_name_plural = _("referral targets")
        ordering = ["order", "code"]


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    WEB = "web", _("web or chat")
    OUTREACH = "outreach", _("outreach")


class Category(models.TextChoices):
    """The programme's target group, plus "not known": a coordinator often cannot tell."""

    NEWCOMER = TargetGroup.NEWCOMER.value, TargetGroup.NEWCOMER.label
    OTHER_BACKGROUND = TargetGroup.OTHER_BACKGROUND.value, TargetGroup.OTHER_BACKGROUND.label
    RETURNEE = TargetGroup.RETURNEE.value, TargetGroup.RETURNEE.label
    UNKNOWN = "unknown", _("not known")


def validate_not_in_future(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("The date is in the future."), code="future_date")


def validate_not_before_floor(value) -> None:
    """Before the programme (and the log) existed: a typing slip such as 0001-01-01, refused the same
    way on the form, in the API and in the import, since all three go through full_clean."""
    if value and value < INQUIRY_DATE_FLOOR:
        day = f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
        raise ValidationError(_("The date %(date)s is before the year 2000.") % {"date": day}, code="date_before_floor")


class InquiryImport(ImportRecord):
    """One imported spreadsheet: who brought in which file and how many inquiries it wrote, so the
    import is on the audit record as a whole and can be undone as a whole."""

    row_count = models.PositiveIntegerField(_("inquiries"), default=0)

    tenancy_scope = Scope.PARTY_ONLY  # a file name and its exact row count: the party's own records

    class Meta:
        verbose_name = _("inquiry import")
        verbose_name_plural = _("inquiry imports")
        ordering = ["-created_at"]


#: the fields the statistics' rollup counts by (inquiries.rollups); the m2m topics and referrals too
ROLLUP_FIELDS = frozenset(
    {"party", "party_id", "date", "channel", "language", "category", "municipality", "municipality_id"}
)


class InquiryQuerySet(OwnedQuerySet):
    """Deleting or updating inquiries in bulk keeps the statistics' rollup exact in the same
    transaction (inquiries.rollups), whoever calls it."""

    def delete(self):
        from . import rollups

        with transaction.atomic(using=self.db):
            rollups.remove(self.model._default_manager.filter(pk__in=self.values("pk")))
            return super().delete()

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]

    def update(self, **kwargs):
        if not ROLLUP_FIELDS.intersection(kwargs):
            return super().update(**kwargs)
        from . import rollups

        with transaction.atomic(using=self.db):
            ids = list(self.values_list("pk", flat=True))
            with rollups.tracked(self.model._default_manager.filter(pk__in=ids)):
                return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]


class Inquiry(Versioned, OwnedModel):
    """One counselling inquiry: when, how, in which language, about what, and where the person was
    referred. Anonymous: the note is checked for identifiers, and there is no name field."""

    date = models.DateField(
        _("date"), default=timezone.localdate, validators=[validate_not_before_floor, validate_not_in_future]
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    category = models.CharField(_("target group"), max_length=20, choices=Category.choices, default=Category.UNKNOWN)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="inquiries")
    referrals = models.ManyToManyField(
        ReferralTarget, verbose_name=_("referred to"), blank=True, related_name="inquiries"
    )
    minutes = models.PositiveSmallIntegerField(
        _("time spent (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)],
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("plan activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True, validators=[validate_no_personal_data])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    batch = models.ForeignKey(
        InquiryImport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inquiries",
    )

    objects = InquiryQuerySet.as_manager()

    # Row-level data stays with the owning party; ELVL and the ministry get statistics only
    # (counted through `aggregatable_by`, published through `core.disclosure`).
    tenancy_scope = Scope.PARTY_ONLY

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-date", "-pk"]
        indexes = [
            # Covers the statistics' single-column GROUP BYs over a date range (index-only scans).
            models.Index(fields=["date", "channel", "language", "category", "municipality"], name="inquiry_date_dims"),
            models.Index(fields=["party", "date"], name="inquiry_party_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_channel_display()}"

    def delete(self, *args, **kwargs):
        """Uncounted from the statistics' rollup in the same transaction (inquiries.rollups)."""
        from . import rollups

        with transaction.atomic():
            rollups.remove(Inquiry.objects.filter(pk=self.pk))
            return super().delete(*args, **kwargs)

    def clean(self):
        if self.activity_id and self.date and self.activity.plan.year != self.date.year:
            raise ValidationError(
                {
                    "activity": _("The activity belongs to the %(plan)s plan, but the inquiry is dated %(year)s.")
                    % {"plan": self.activity.plan.year, "year": self.date.year}
                }
            )
        if (
            self.activity_id
            and self.party_id
            and not self.activity.responsible_parties.filter(pk=self.party_id).exists()
        ):
            raise ValidationError({"activity": _("Choose an activity your party is responsible for.")})


class ServiceGapNote(OwnedModel):
    """A coordinator's accepted proposal: a topic that recurred often enough in a period to suggest
    a service is missing or not known."""

    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    inquiry_count = models.PositiveIntegerField(_("inquiries in the period"))
    text = models.TextField(_("note"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    tenancy_scope = Scope.PARTY_ONLY  # holds an exact count of one party's inquiries for any period

    class Meta:
        verbose_name = _("service gap note")
        verbose_name_plural = _("service gap notes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.topic}: {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})


class Grain(models.TextChoices):
    DAY = "d", _("day")
    MONTH = "m", _("month")


class InquiryRollup(models.Model):
    """The number of a party's inquiries on one day (grain DAY) or in one calendar month (grain MONTH,
    `day` its first day) with one value of one dimension (`inquiries.rollups.DIMENSIONS`; "total" has
    the value ""). Derived data, maintained by `inquiries.rollups.apply` in the same transaction as
    every write of inquiries, read by the statistics instead of scanning the inquiries. Never shown as
    rows; it counts exactly what the inquiries hold (a test compares it with the raw GROUP BY)."""

    party = models.ForeignKey("parties.Party", on_delete=models.CASCADE, related_name="+")
    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()
    dimension = models.CharField(max_length=12)
    value = models.CharField(max_length=60, blank=True)
    n = models.IntegerField()

    # Not a record of anyone's: derived counts, never listed, read only by the statistics selector
    # (which applies the inquiries' own aggregatable rule and core.disclosure), written by raw SQL in
    # the inquiries' transactions; auditing it would log every write of inquiries again.
    tenancy_exempt = "derived counts of inquiries, read only through inquiries.selectors"

    class Meta:
        verbose_name = _("inquiry rollup")
        verbose_name_plural = _("inquiry rollups")
        constraints = [
            models.UniqueConstraint(fields=["grain", "day", "party", "dimension", "value"], name="inquiry_rollup_key"),
            # a count below zero means something removed inquiries the rollup never counted: the write fails
            models.CheckConstraint(condition=models.Q(n__gte=0), name="inquiry_rollup_n_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.party_id} {self.grain} {self.day} {self.dimension}={self.value}: {self.n}"


audit(Topic)
audit(ReferralTarget)
audit(InquiryImport)
audit(Inquiry, m2m=["topics", "referrals"], exclude=["created_by"])
audit(ServiceGapNote)
