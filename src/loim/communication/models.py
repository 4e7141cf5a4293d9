"""Communication and translation work as records (issue 15): what a party published (a news article,
a Facebook post, a newspaper story, a leaflet, …) on which of its channels, in which languages, with
what evidence and reach, for which plan row; and what it had translated, from and into which
language, by whom. Both are non-personal records of the programme's work, owned by a party
(Scope.OWNED, like events): ELVL and the ministry read every party's.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loim.core.audit import audit
from loim.core.models import OwnedModel
from loim.core.versioning import Versioned
from loim.core.vocabulary import Language

MAX_REACH = 10_000_000
http_only = URLValidator(schemes=["http", "https"], message=_("Give an address starting with http:// or https://."))


def validate_not_in_future(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("The date is in the future."), code="future_date")


def validate_languages(value) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Give the languages as a list of codes."), code="languages")
    unknown = [code for code in value if code not in Language.values]
    if unknown:
        raise ValidationError(
            _("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}, code="unknown_language"
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A language is listed twice."), code="duplicate_language")


class OutputKind(models.TextChoices):
    NEWS = "news", _("news article")
    PRESS_RELEASE = "press_release", _("press release")
    NEWSPAPER = "newspaper_story", _("newspaper story")
    SOCIAL = "social_post", _("social media post")
    WEB = "web_page", _("web page created or updated")
    PRINTED = "printed", _("printed material")
    NEWSLETTER = "newsletter", _("newsletter")
    BROADCAST = "broadcast", _("radio or TV appearance")
    PRESENTATION = "presentation", _("presentation")


class ReachUnit(models.TextChoices):
    PRINT_RUN = "print_run", _("print run")
    GROUP_MEMBERS = "group_members", _("group members")
    PAGE_VIEWS = "page_views", _("page views")


class ChannelKind(models.TextChoices):
    WEBSITE = "website", _("website")
    SOCIAL = "social", _("social media group or page")
    NEWSPAPER = "newspaper", _("newspaper or magazine")
    BROADCAST = "broadcast", _("radio or TV")
    PRINT = "print", _("printed matter")
    NEWSLETTER = "newsletter", _("newsletter")
    OTHER = "other", _("other channel")


class Channel(OwnedModel):
    """One of a party's channels: its website, a named Facebook group, the local newspaper. Each
    party keeps its own list (a vocabulary of the party), so outputs name a channel, not free text."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind of channel"), max_length=12, choices=ChannelKind.choices)
    url = models.CharField(_("address"), max_length=200, blank=True, validators=[http_only])
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["party", "name"], name="communication_channel_name_unique")]

    def __str__(self) -> str:
        return self.name

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        if self.party_id and self.name:
            same = Channel.objects.filter(party_id=self.party_id, name__iexact=self.name.strip()).exclude(pk=self.pk)
            if same.exists():
                raise ValidationError({"name": _("Your party already has a channel of this name.")})


def evidence_path(instance, filename: str) -> str:
    """A random name under the party's folder: the stored name reveals nothing, the original is kept."""
    return f"communication/{instance.party_id}/{secrets.token_hex(16)}"


class Output(Versioned, OwnedModel):
    """One communication output: a news article, a post, a newspaper story, a leaflet, …"""

    kind = models.CharField(_("kind of output"), max_length=20, choices=OutputKind.choices)
    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="outputs")
    languages = models.JSONField(_("languages"), default=list, blank=True, validators=[validate_languages])
    date = models.DateField(_("date"), validators=[validate_not_in_future])
    title = models.CharField(_("title"), max_length=300)
    link = models.CharField(_("link"), max_length=500, blank=True, validators=[http_only])
    evidence = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True, max_length=300)
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    evidence_type = models.CharField(_("content type"), max_length=100, blank=True, editable=False)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True, validators=[MaxValueValidator(MAX_REACH)])
    reach_unit = models.CharField(_("reach counted as"), max_length=16, choices=ReachUnit.choices, blank=True)
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("plan row"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communication_outputs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("communication output")
        verbose_name_plural = _("communication outputs")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["party", "date"], name="comm_output_party_date")]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors: dict[str, list] = {}
        if self.channel_id and self.party_id and self.channel.party_id != self.party_id:
            errors.setdefault("channel", []).append(_("Choose one of your party's channels."))
        if isinstance(self.languages, list) and not self.languages:
            errors.setdefault("languages", []).append(_("Choose at least one language."))
        if self.reach is not None and not self.reach_unit:
            errors.setdefault("reach_unit", []).append(_("Say what the reach counts: print run, members or views."))
        if self.reach is None and self.reach_unit:
            errors.setdefault("reach", []).append(_("Give the number, or leave what it counts empty."))
        errors.update(activity_errors(self))
        if errors:
            raise ValidationError(errors)

    @property
    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages or []]


def activity_errors(record) -> dict[str, list]:
    """A plan row of the record's year that the record's party answers for (as inquiries check)."""
    if not (record.activity_id and record.party_id):
        return {}
    if record.date and record.activity.plan.year != record.date.year:
        return {
            "activity": [
                _("The plan row belongs to the %(plan)s plan, but the record is dated %(year)s.")
                % {"plan": record.activity.plan.year, "year": record.date.year}
            ]
        }
    if not record.activity.responsible_parties.filter(pk=record.party_id).exists():
        return {"activity": [_("Choose a plan row your party answers for.")]}
    return {}


class SubjectKind(models.TextChoices):
    DOCUMENT = "document", _("a document of the network platform")
    SERVICE = "service", _("a service text")
    JOURNEY = "journey", _("a journey text")
    WEB_PAGE = "web_page", _("a web page")
    LEAFLET = "leaflet", _("a leaflet or printed material")
    OTHER = "other", _("other material")


class TranslatedBy(models.TextChoices):
    IN_HOUSE = "in_house", _("in-house")
    AGENCY = "agency", _("a translation agency")
    MACHINE_REVIEWED = "machine_reviewed", _("machine translation reviewed by a person")


class JobStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class TranslationJob(Versioned, OwnedModel):
    """One piece of translation work: what, from and into which language, by whom, when, the result.

    A job naming a Lõim service moves that service's translation into the target language to "in
    translation" while it is in progress, and closes it when done (services.services)."""

    subject_kind = models.CharField(_("what was translated"), max_length=12, choices=SubjectKind.choices)
    title = models.CharField(_("title"), max_length=300)
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translation_jobs",
    )
    document = models.ForeignKey(
        "network.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translation_jobs",
    )
    source_language = models.CharField(_("from language"), max_length=8, choices=Language.choices)
    target_language = models.CharField(_("into language"), max_length=8, choices=Language.choices)
    translated_by = models.CharField(_("translated by"), max_length=20, choices=TranslatedBy.choices)
    agency = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translation_jobs",
    )
    date = models.DateField(_("date"), validators=[validate_not_in_future])
    status = models.CharField(_("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.DONE)
    result_link = models.CharField(_("result"), max_length=500, blank=True, validators=[http_only])
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("plan row"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translation_jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("translation job")
        verbose_name_plural = _("translation jobs")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["party", "date"], name="comm_job_party_date")]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors: dict[str, list] = {}
        if self.source_language and self.source_language == self.target_language:
            errors.setdefault("target_language", []).append(_("The target language must differ from the source."))
        if self.translated_by == TranslatedBy.AGENCY and not self.agency_id:
            errors.setdefault("agency", []).append(_("Choose the agency from the directory."))
        if self.translated_by != TranslatedBy.AGENCY and self.agency_id:
            errors.setdefault("agency", []).append(_("An agency is named only when an agency translated it."))
        if self.subject_kind == SubjectKind.SERVICE and not self.service_id:
            errors.setdefault("service", []).append(_("Choose the service that was translated."))
        if self.service_id and self.subject_kind != SubjectKind.SERVICE:
            errors.setdefault("service", []).append(_("A service is named only for a service text."))
        if self.document_id and self.subject_kind != SubjectKind.DOCUMENT:
            errors.setdefault("document", []).append(_("A document is named only for a platform document."))
        if self.service_id:
            from loim.core.translations import SOURCE_LANGUAGE, TARGET_LANGUAGES

            if self.source_language != SOURCE_LANGUAGE:
                errors.setdefault("source_language", []).append(_("A service is translated from Estonian."))
            if self.target_language not in TARGET_LANGUAGES:
                errors.setdefault("target_language", []).append(
                    _("A service is translated into English, Russian or Ukrainian.")
                )
        errors.update(activity_errors(self))
        if errors:
            raise ValidationError(errors)


audit(Channel)
audit(Output)
audit(TranslationJob)
