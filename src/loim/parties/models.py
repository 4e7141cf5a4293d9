"""Parties of the programme, people's memberships with roles, coordinator positions and partnership
agreements (indicators count the last two)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loim.core.audit import audit
from loim.core.models import OwnedModel
from loim.core.tenancy import OwnedQuerySet, Role, Scope
from loim.places.models import Region


class PartyKind(models.TextChoices):
    IMPLEMENTER = "implementer", _("implementer")
    PARTNER = "partner", _("partner municipality")
    AGENCY = "agency", _("implementing agency")
    OTHER = "other", _("other organisation")


class Party(models.Model):
    """An organisation that owns records: ELVL, a partner municipality government, the agency."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    slug = models.SlugField(_("code"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices)
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parties",
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    data_protection_email = models.EmailField(_("data protection contact e-mail"), blank=True)
    # The party's name on the public portal in the other languages (the Estonian one is the name of the
    # municipality it governs, or its own name): "City of Tartu", "город Тарту", "місто Тарту".
    name_en = models.CharField(_("public name in English"), max_length=200, blank=True)
    name_ru = models.CharField(_("public name in Russian"), max_length=200, blank=True)
    name_uk = models.CharField(_("public name in Ukrainian"), max_length=200, blank=True)
    responsible_aliases = models.CharField(
        _("names used in plans"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated names by which plan documents name this party, e.g. 'Tartu LV'."),
    )

    tenancy_scope = Scope.SHARED
    tenancy_party_path = "pk"
    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_additional_data(self) -> dict:
        return {"party_id": self.pk}

    @property
    def estonian_public_name(self) -> str:
        """The name the public knows in Estonian: the municipality's ("Tartu linn") for a
        municipality's government, else the party's own ("Eesti Linnade ja Valdade Liit")."""
        return self.municipality.name if self.municipality_id and self.municipality else self.name

    def public_name(self, language: str) -> tuple[str, str]:
        """The party's public name in `language` and the language it is really in: the translated
        name when there is one, else the Estonian public name (the caller marks it `lang="et"`)."""
        code = (language or "et")[:2]
        if code != "et":
            own = getattr(self, f"name_{code}", "") or ""
            if own:
                return own, code
        return self.estonian_public_name, "et"


class MembershipQuerySet(OwnedQuerySet):
    def active(self):
        today = dt.date.today()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), starts_on__lte=today)


class Membership(OwnedModel):
    """A user's role in a party. The register permission is separate from the role on purpose:
    personal data is seen only by the coordinators who need it (GDPR data minimisation)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    register_access = models.BooleanField(
        _("newcomer register access"),
        default=False,
        help_text=_("Admins and coordinators with this permission see personal data in the register."),
    )
    data_protection_contact = models.BooleanField(
        _("data protection contact"), default=False, help_text=_("May browse the register's access log.")
    )
    starts_on = models.DateField(_("starts on"), default=dt.date.today)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()  # type: ignore[misc]  # a subclass of OwnedModel's manager

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "party"], name="one_membership_per_party")]

    def __str__(self) -> str:
        return f"{self.user} — {self.party} ({self.get_role_display()})"

    def clean(self):
        if self.role == Role.MINISTRY_READER and self.party_id and self.party.kind != PartyKind.AGENCY:
            raise ValidationError({"role": _("Only members of the implementing agency can be ministry readers.")})
        if self.register_access and self.role not in (Role.ADMIN, Role.COORDINATOR):
            raise ValidationError(
                {"register_access": _("Only administrators and coordinators can be given register access.")}
            )
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


class PartnershipAgreement(OwnedModel):
    """ELVL's partnership agreement with a municipality (partnerlusleping)."""

    municipality = models.ForeignKey("places.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT)
    reference = models.CharField(_("agreement number"), max_length=60, blank=True)
    signed_on = models.DateField(_("signed on"))
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))

    class Meta:
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        ordering = ["signed_on"]

    def __str__(self) -> str:
        return f"{self.municipality} ({self.term_start:%d.%m.%Y}–{self.term_end:%d.%m.%Y})"

    def clean(self):
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term ends before it starts.")})


class CoordinatorPositionQuerySet(OwnedQuerySet):
    """When a position counts is decided in one place: `loim.parties.coordinators.counts_on`."""


class CoordinatorPosition(OwnedModel):
    """A coordinator's post in a party, from hire to leaving ("KOV koordinaatorite arv")."""

    title = models.CharField(_("title"), max_length=150)
    holder_name = models.CharField(
        _("holder"), max_length=150, blank=True, help_text=_("Name of the official in the post.")
    )
    agreement = models.ForeignKey(
        PartnershipAgreement,
        verbose_name=_("partnership agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )
    planned_start = models.DateField(
        _("planned start"), null=True, blank=True, help_text=_("When the agreement foresaw filling the post.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = CoordinatorPositionQuerySet.as_manager()  # type: ignore[misc]  # a subclass of OwnedModel's

    class Meta:
        verbose_name = _("coordinator position")
        verbose_name_plural = _("coordinator positions")
        ordering = ["party", "starts_on"]

    def __str__(self) -> str:
        return f"{self.title} — {self.party}"

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})
        if self.agreement_id and self.party_id and self.agreement and self.agreement.party_id != self.party_id:
            raise ValidationError({"agreement": _("The agreement belongs to another party.")})
        agreement = self.agreement if self.agreement_id else None
        if agreement and self.planned_start and not agreement.term_start <= self.planned_start <= agreement.term_end:
            raise ValidationError(
                {
                    "planned_start": _("The planned start is outside the agreement's term (%(start)s–%(end)s).")
                    % {"start": f"{agreement.term_start:%d.%m.%Y}", "end": f"{agreement.term_end:%d.%m.%Y}"}
                }
            )


FOCUS_REGIONS = (Region.IDA_VIRUMAA, Region.SOUTH)


class CandidateDecision(models.TextChoices):
    PENDING = "pending", _("not decided yet")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    POSTPONED = "postponed", _("postponed")


class Candidate(OwnedModel):
    """A candidate partner municipality (partnerkandidaat) in the plan's focus regions, with ELVL's
    mapping notes and the decision taken jointly with the implementing agency. An accepted candidate
    is onboarded (`partner_onboard`), which links the new party here. Owned by the recording party
    (ELVL): partners do not read the programme's deliberations about other municipalities."""

    municipality = models.ForeignKey(
        "places.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="candidacies"
    )
    mapping_notes = models.TextField(_("mapping notes"), blank=True)
    decision = models.CharField(
        _("joint decision with the implementing agency"),
        max_length=20,
        choices=CandidateDecision.choices,
        default=CandidateDecision.PENDING,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    onboarded_party = models.ForeignKey(
        Party,
        verbose_name=_("onboarded as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidacies",
    )

    class Meta:
        verbose_name = _("candidate partner municipality")
        verbose_name_plural = _("candidate partner municipalities")
        ordering = ["municipality__name"]
        constraints = [models.UniqueConstraint(fields=["municipality"], name="one_candidacy_per_municipality")]

    def __str__(self) -> str:
        return str(self.municipality)

    def clean(self):
        if self.municipality_id and self.municipality.county.region not in FOCUS_REGIONS:
            raise ValidationError(
                {"municipality": _("Candidates are chosen in the focus regions Ida-Virumaa and South Estonia.")}
            )
        if self.decision != CandidateDecision.PENDING and not self.decided_on:
            raise ValidationError({"decided_on": _("Enter the date of the decision.")})
        if self.decision == CandidateDecision.PENDING and self.decided_on:
            raise ValidationError({"decision": _("Choose the decision taken on that date.")})


audit(Party)
audit(Membership)
audit(PartnershipAgreement)
audit(CoordinatorPosition)
audit(Candidate)
