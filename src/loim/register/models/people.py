"""People in the register, their consents, and the contacts made with them: the personal data.

Every model here has `tenancy_scope = Scope.PERSONAL`: only the owning party's admins and
coordinators with register access read or change them; ELVL and the ministry never do.

Two rules keep personal values out of places they must not reach:
- `__str__` is the record number ("R-000012"), never a name, because `str()` ends up in the audit
  log, admin messages and error reports.
- the audit log keeps only an allow-list of non-identifying fields (`audit_personal`); every other
  field, including any added later, is excluded, so no change of a name, number or address is stored.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from loim.core.audit import audit
from loim.core.models import ImportRecord, OwnedModel
from loim.core.tenancy import OwnedQuerySet, Scope
from loim.core.versioning import Versioned
from loim.core.vocabulary import Language, TargetGroup

from .config import ConsentText, Purpose


def audit_personal(model, *, keep: list[str]):
    """Register a personal model with the audit log, keeping only the fields named in `keep`."""
    concrete = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    audit(model, exclude=[name for name in concrete if name not in keep])
    return model


def active_consent_q(on: dt.date, prefix: str = "") -> Q:
    """Consents in force on a day: given by then, not ended, not withdrawn by then."""
    return Q(
        **{
            f"{prefix}given_on__lte": on,
            f"{prefix}ends_on__gte": on,
        }
    ) & (Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": on}))


def _rollups():
    from .. import rollups

    return rollups


class PersonQuerySet(OwnedQuerySet):
    """Writes of many people keep the register rollup exact (`register.rollups`)."""

    def update(self, **kwargs):
        if not _rollups().COUNTED & kwargs.keys():
            return super().update(**kwargs)
        with transaction.atomic():
            pks = list(self.order_by().values_list("pk", flat=True))
            with _rollups().tracked(Person._base_manager.filter(pk__in=pks)):
                return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self):
        with transaction.atomic():
            _rollups().remove(self)
            return super().delete()

    delete.alters_data = True  # type: ignore[attr-defined]

    def _with_consent(self, on: dt.date, purpose=None):
        consents = Consent.objects.filter(active_consent_q(on), person=OuterRef("pk"))
        if purpose is not None:
            consents = consents.filter(purpose=purpose)
        return Exists(consents)

    def processable(self, on: dt.date | None = None):
        """People who may be processed today: a consent in force, no restriction, and the retention
        date not passed.

        Everything except the subject-rights actions (searches, invitations, contact lists, counts,
        attendance) starts from here, so withdrawing a consent stops processing at once, not only
        when the purge runs.
        """
        on = on or dt.date.today()
        return self.filter(self._with_consent(on), restricted=False, retention_until__gte=on)

    def consenting_to(self, purpose, on: dt.date | None = None):
        on = on or dt.date.today()
        return self.filter(self._with_consent(on, purpose), restricted=False, retention_until__gte=on)

    def due_for_erasure(self, on: dt.date):
        """People whose every consent has ended or been withdrawn, or whose retention date has passed."""
        return self.filter(Q(retention_until__lt=on) | ~self._with_consent(on))

    def speaking(self, language: str):
        return self.filter(languages__contains=f",{language},")


class PersonImport(ImportRecord):
    """One imported file: who brought it in and which people it created, so a wrong file can be undone
    as a whole (its people erased like any erasure, with tombstones). Holds no personal values."""

    row_count = models.PositiveIntegerField(_("people"), default=0)

    tenancy_scope = Scope.PERSONAL

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-created_at", "-pk"]


class Person(Versioned, OwnedModel):
    """A person who agreed to be contacted by the party.

    Optional fields are kept to what the purposes need (GDPR art. 5(1)(c)); each says why it is asked.
    """

    name = models.CharField(
        _("name"), max_length=200, help_text=_("As the person wants to be addressed in letters and messages.")
    )
    languages = models.CharField(
        _("preferred languages"),
        max_length=40,
        help_text=_("So that invitations and information reach the person in a language they understand."),
    )
    phone = models.CharField(
        _("phone"),
        max_length=20,
        blank=True,
        help_text=_("For calls and text messages. Give a phone number, an e-mail address or both."),
    )
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("For invitations by e-mail. Give a phone number, an e-mail address or both."),
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Optional. Used for invitations to events nearby and, only as de-identified counts, to show "
            "the county's municipalities where newcomers live."
        ),
    )
    settlement = models.CharField(
        _("settlement"),
        max_length=100,
        blank=True,
        help_text=_("Optional: village, small town or city district, to invite the person to events close to home."),
    )
    arrival_year = models.PositiveSmallIntegerField(
        _("year of arrival in Estonia"),
        null=True,
        blank=True,
        help_text=_(
            "Optional. Adaptation services are meant for people who arrived in recent years; the year is "
            "enough for that."
        ),
    )
    arrival_date = models.DateField(
        _("date of arrival"),
        null=True,
        blank=True,
        help_text=_("Optional, only if the person wants to give it; otherwise the year is enough."),
    )
    target_group = models.CharField(
        _("target group"),
        max_length=20,
        choices=TargetGroup.choices,
        help_text=_("The programme's target group the person belongs to; used for counts and suitable services."),
    )
    topics = models.ManyToManyField(
        "inquiries.Topic",
        verbose_name=_("topics of interest"),
        blank=True,
        related_name="+",
        help_text=_("Optional: send the person only information on the topics they asked for."),
    )
    restricted = models.BooleanField(
        _("processing restricted"),
        default=False,
        help_text=_(
            "The person asked to restrict processing (GDPR art. 18): the data is kept, but not used for "
            "searches, invitations or counts."
        ),
    )
    restricted_on = models.DateField(_("restricted on"), null=True, blank=True)
    retention_until = models.DateField(
        _("kept until"),
        help_text=_("The data is erased after this day, even if a consent lasts longer."),
    )
    search_text = models.TextField(editable=False, default="")
    import_batch = models.ForeignKey(
        PersonImport,
        verbose_name=_("created by the import"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="people",
    )

    tenancy_scope = Scope.PERSONAL
    objects = PersonQuerySet.as_manager()

    # What the register holds about a person: exported for them, listed in the record of processing.
    DATA_FIELDS = (
        "name",
        "languages",
        "phone",
        "email",
        "municipality",
        "settlement",
        "arrival_year",
        "arrival_date",
        "target_group",
        "topics",
        "restricted",
        "restricted_on",
        "retention_until",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["party", "retention_until"], name="register_person_retention")]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        """Saved with the register rollup's change (a new person has no consent yet: nothing to count)."""
        fields = kwargs.get("update_fields")
        if self._state.adding or self.pk is None or (fields is not None and not _rollups().COUNTED & set(fields)):
            return super().save(*args, **kwargs)
        with _rollups().tracked(Person._base_manager.filter(pk=self.pk)):
            return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            _rollups().remove(Person._base_manager.filter(pk=self.pk))
            return super().delete(*args, **kwargs)

    @property
    def reference(self) -> str:
        """The record number shown wherever a name must not appear (URLs, logs, titles, audit)."""
        return f"R-{self.pk:06d}" if self.pk else "R-new"

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    def get_languages_display(self) -> str:
        labels = dict(Language.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.language_codes)

    @staticmethod
    def pack_languages(codes) -> str:
        """Stored as ",et,ru," so `speaking("ru")` is one LIKE on every database."""
        ordered = [code for code in Language.values if code in set(codes)]
        return "," + ",".join(ordered) + "," if ordered else ""

    @property
    def arrival_display(self) -> str:
        if self.arrival_date:
            return self.arrival_date.strftime("%d.%m.%Y")
        return str(self.arrival_year or "")

    def clean(self):
        errors = {}
        if not self.phone and not self.email:
            errors["phone"] = _("Give a phone number, an e-mail address or both: the register is for contacting.")
        if not self.language_codes:
            errors["languages"] = _("Choose at least one language.")
        today = dt.date.today()
        if self.arrival_date:
            if self.arrival_date > today:
                errors["arrival_date"] = _("The date of arrival cannot be in the future.")
            elif self.arrival_year and self.arrival_year != self.arrival_date.year:
                errors["arrival_year"] = _("The year does not match the date of arrival.")
        if self.arrival_year and not 1900 <= self.arrival_year <= today.year:
            errors["arrival_year"] = _("Enter a year between 1900 and this year.")
        if errors:
            raise ValidationError(errors)


class PersonalRecord(models.Model):
    """Base of the records that belong to a person: PERSONAL, scoped through the person's party."""

    tenancy_scope = Scope.PERSONAL
    tenancy_party_path = "person__party"
    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        return {"party_id": self.person.party_id}


class ConsentMethod(models.TextChoices):
    PAPER = "paper", _("signed on paper")
    DIGITAL_SIGNATURE = "digital_signature", _("signed digitally")
    WEB_FORM = "web_form", _("web or electronic form")
    EMAIL = "email", _("by e-mail")
    ORAL = "oral", _("orally, recorded by the coordinator")


class ConsentQuerySet(OwnedQuerySet):
    """Writes of many consents keep the register rollup exact (`register.rollups`)."""

    def _people(self, person_ids) -> models.QuerySet:
        return Person._base_manager.filter(pk__in=sorted(set(person_ids)))

    def update(self, **kwargs):
        with transaction.atomic():
            people = self._people(self.order_by().values_list("person_id", flat=True))
            with _rollups().tracked(people):
                return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self):
        with transaction.atomic():
            people = self._people(self.order_by().values_list("person_id", flat=True))
            with _rollups().tracked(people):
                return super().delete()

    delete.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(), _rollups().tracked(self._people(c.person_id for c in objs)):
            return super().bulk_create(objs, *args, **kwargs)


class Consent(PersonalRecord):
    """A person's consent to one purpose, with the text version agreed to and when it ends. Saved and
    deleted with the register rollup's change (`register.rollups`)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents")
    purpose = models.ForeignKey(Purpose, verbose_name=_("purpose"), on_delete=models.PROTECT, related_name="+")
    text_version = models.ForeignKey(
        ConsentText, verbose_name=_("text agreed to"), on_delete=models.PROTECT, related_name="+"
    )
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how it was given"), max_length=20, choices=ConsentMethod.choices)
    ends_on = models.DateField(_("ends on"), help_text=_("The last day the consent is valid."))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"C-{self.pk or 0:06d}"

    def save(self, *args, **kwargs):
        with _rollups().tracked(Person._base_manager.filter(pk=self.person_id)):
            return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with _rollups().tracked(Person._base_manager.filter(pk=self.person_id)):
            return super().delete(*args, **kwargs)

    def in_force(self, on: dt.date | None = None) -> bool:
        on = on or dt.date.today()
        withdrawn = self.withdrawn_on is not None and self.withdrawn_on <= on
        return self.given_on <= on <= self.ends_on and not withdrawn

    def status(self, on: dt.date | None = None) -> str:
        on = on or dt.date.today()
        if self.withdrawn_on and self.withdrawn_on <= on:
            return _("withdrawn")
        if self.ends_on < on:
            return _("ended")
        if self.given_on > on:
            return _("not yet in force")
        return _("in force")

    def clean(self):
        errors = {}
        today = dt.date.today()
        if self.given_on and self.given_on > today:
            errors["given_on"] = _("A consent cannot be given in the future.")
        if self.given_on and self.ends_on and self.ends_on < self.given_on:
            errors["ends_on"] = _("The consent ends before it was given.")
        if self.withdrawn_on:
            if self.withdrawn_on > today:
                errors["withdrawn_on"] = _("A withdrawal cannot be recorded for a future day.")
            elif self.given_on and self.withdrawn_on < self.given_on:
                errors["withdrawn_on"] = _("The consent cannot be withdrawn before it was given.")
        if self.person_id and self.purpose_id and self.purpose.party_id != self.person.party_id:
            errors["purpose"] = _("The purpose belongs to another party.")
        if self.purpose_id and self.text_version_id:
            if self.text_version.purpose_id != self.purpose_id:
                errors["text_version"] = _("This text is for another purpose.")
            elif self.given_on and self.text_version.published_on > self.given_on:
                errors["text_version"] = _("This text version was not yet in use on the day the consent was given.")
        if errors:
            raise ValidationError(errors)


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("phone call")
    SMS = "sms", _("text message")
    EMAIL = "email", _("e-mail")
    IN_PERSON = "in_person", _("in person")
    LETTER = "letter", _("letter")


class ContactRecord(PersonalRecord):
    """A contact made with the person under a purpose they consented to."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    purpose = models.ForeignKey(Purpose, verbose_name=_("purpose"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Optional, only what is needed to follow up. Never write about health, religion, ethnic origin "
            "or other special categories of data."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact made")
        verbose_name_plural = _("contacts made")
        ordering = ["-contacted_on", "-pk"]

    def __str__(self) -> str:
        return f"K-{self.pk or 0:06d}"

    def clean(self):
        if self.contacted_on and self.contacted_on > dt.date.today():
            raise ValidationError({"contacted_on": _("A contact cannot be recorded for a future day.")})


audit(PersonImport)  # a file name and a count: nothing personal

# The rows that belong to a person do not even keep the person's id in the audit log: an entry left
# behind when such a row is deleted on its own (a contact removed, an event cancelled) then points at
# nobody. Entries about rows still present at erasure are deleted with them.
# `version` is kept so the log says who saved each version (core.versioning.last_change); it is a number
audit_personal(Person, keep=["party", "restricted", "restricted_on", "retention_until", "version"])
audit_personal(Consent, keep=["purpose", "text_version", "withdrawn_on"])
audit_personal(ContactRecord, keep=["purpose", "channel"])
