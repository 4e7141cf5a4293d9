"""The action plan (tegevuskava): plans by year, the activity tree with its schedule rows,
indicators with targets, recurring commitments (obligations), and the event kinds they speak of.

Plan records are SHARED: every member reads the plan; the owning party (the implementer) edits it.
`party` is always the plan's owner; who answers for a row is `Activity.responsible_parties`, and who
must keep a commitment is `Obligation.responsible`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.audit import audit
from loim.core.models import OwnedModel
from loim.core.tenancy import OwnedQuerySet, Scope
from loim.core.vocabulary import localized, period_names, unit_name


class EventKind(models.Model):
    """A kind of event (glossary: infopäev, koolitus, …). Administrators may add kinds."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_et = models.CharField(_("name in Estonian"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    name_ru = models.CharField(_("name in Russian"), max_length=100, blank=True)
    name_uk = models.CharField(_("name in Ukrainian"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("event kind")
        verbose_name_plural = _("event kinds")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")


class Plan(OwnedModel):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(pgettext_lazy("plan", "title"), max_length=300)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    frame_end = models.DateField(
        _("programme frame ends"), help_text=_("End of the overall time frame, e.g. 31.10.2029.")
    )
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.APPROVED)
    source = models.CharField(_("source document"), max_length=300, blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.SET_NULL
    )

    tenancy_scope = Scope.SHARED
    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})


class Section(models.TextChoices):
    IMPLEMENTER = "implementer", _("implementer's activities")
    PARTNER = "partner", _("partners' activities")


class Activity(OwnedModel):
    """One node of the plan: an activity (3.5.2.1) or a schedule row under it (1, 1.1, …).

    A plain adjacency list (parent) with an explicit `position`: the tree is shallow (three levels)
    and read whole, so no tree library is needed.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="activities")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        help_text=_("Unique within the plan: the measure code, or measure code and row, e.g. 3.5.2.1/2.1."),
    )
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    measure_code = models.CharField(_("measure code"), max_length=20)
    row_number = models.CharField(_("row number as printed"), max_length=20, blank=True)
    row_key = models.CharField(_("row number"), max_length=20, blank=True, help_text=_("Normalised, e.g. 2.1"))
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.TextField(pgettext_lazy("plan", "title"))
    heading_title = models.TextField(_("title in the heading"), blank=True)
    schedule_table = models.PositiveSmallIntegerField(_("schedule table"), null=True, blank=True)
    frame_start = models.DateField(_("overall time frame starts"), null=True, blank=True)
    frame_end = models.DateField(_("overall time frame ends"), null=True, blank=True)
    start = models.DateField(_("starts in the plan period"), null=True, blank=True)
    end = models.DateField(_("ends in the plan period"), null=True, blank=True)
    responsible_text = models.CharField(_("responsible party as printed"), max_length=200, blank=True)
    responsible_parties = models.ManyToManyField(
        "parties.Party", verbose_name=_("responsible parties"), blank=True, related_name="plan_activities"
    )
    narrative = models.TextField(_("narrative"), blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    planned = models.JSONField(
        _("planned quantities"),
        default=list,
        blank=True,
        help_text=_(
            "What the plan says the row will produce, each with its quote: a count of events of given kinds"
            " (and reach), or a count in a unit of its own words; see docs/plan-format.md."
        ),
    )

    tenancy_scope = Scope.SHARED
    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="activity_code_unique_in_plan")]

    def __str__(self) -> str:
        prefix = self.measure_code if self.level == 0 else f"{self.measure_code} {self.row_number}"
        return f"{prefix} {self.title}"[:200]

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end is before the start.")
        if self.frame_start and self.frame_end and self.frame_end < self.frame_start:
            errors["frame_end"] = _("The time frame ends before it starts.")
        if (
            self.plan_id
            and self.start
            and self.end
            and (self.start < self.plan.period_start or self.end > self.plan.period_end)
        ):
            errors["start"] = _("The row lies outside the plan period.")
        if errors:
            raise ValidationError(errors)


class IndicatorKind(models.TextChoices):
    STOCK = "stock", _("stock at period end")
    CUMULATIVE = "cumulative", _("cumulative count")
    MILESTONE = "milestone", _("milestone")


class Reach(models.TextChoices):
    """How wide an audience an event is meant for; the same values as the events app's `Event.reach`
    ("üle-eestiline" = national, "maakondlik" = county)."""

    NATIONAL = "national", _("nationwide")
    COUNTY = "county", pgettext_lazy("reach", "county")
    LOCAL = "local", _("local")


class Measurement(models.TextChoices):
    RULE = "rule", _("counted by a rule")
    MANUAL = "manual", _("entered by hand with evidence")


class Indicator(OwnedModel):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators")
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
        help_text=_("Empty for an indicator of a whole section (e.g. the partners' table)."),
    )
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    key = models.SlugField(_("key"), max_length=60, help_text=_("Stable across plan years; links the years."))
    name = models.CharField(pgettext_lazy("indicator", "name"), max_length=300)
    unit = models.CharField(_("unit as printed"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=IndicatorKind.choices)
    explanation = models.TextField(_("explanation"), blank=True)
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    measurement = models.CharField(
        _("measurement"), max_length=8, choices=Measurement.choices, default=Measurement.RULE
    )
    rule = models.JSONField(_("counting rule"), null=True, blank=True)
    measurement_note = models.TextField(
        _("how it is measured"),
        blank=True,
        help_text=_("Why the indicator is entered by hand, or how its rule reads the plan's wording."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    tenancy_scope = Scope.SHARED
    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="indicator_key_unique_in_plan")]

    def __str__(self) -> str:
        return self.name

    @property
    def unit_display(self) -> str:
        """The printed unit in the UI language ("Arv" on the Estonian pages, "number" on the English)."""
        return unit_name(self.unit)

    def clean(self):
        if self.measurement == Measurement.RULE and not self.rule:
            raise ValidationError({"rule": _("An indicator counted by a rule needs its rule.")})


class Target(OwnedModel):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    is_frame_target = models.BooleanField(
        _("frame target"), default=False, help_text=_("The target for the end of the frame (2029).")
    )

    tenancy_scope = Scope.SHARED
    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="one_target_per_indicator_year")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value.normalize():f}"


class Period(models.TextChoices):
    WEEK = "week", _("week")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    HALF_YEAR = "half_year", _("half-year")
    YEAR = "year", _("year")
    ONCE = "once", _("once, by a due date")


class ObligationSubject(models.TextChoices):
    EVENTS = "events", _("events")
    COORDINATOR_POSITIONS = "coordinator_positions", _("coordinator positions")
    MANUAL = "manual", _("confirmed by hand")


class Obligation(OwnedModel):
    """A recurring or one-off commitment the plan text makes: "at least N events of kind K by party P
    per period, except periods X"."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="obligations")
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="obligations"
    )
    key = models.SlugField(_("key"), max_length=80)
    title = models.CharField(pgettext_lazy("plan", "title"), max_length=300)
    responsible = models.ForeignKey(
        "parties.Party", verbose_name=_("responsible party"), on_delete=models.PROTECT, related_name="obligations"
    )
    subject = models.CharField(
        _("what is counted"), max_length=24, choices=ObligationSubject.choices, default=ObligationSubject.EVENTS
    )
    event_kinds = models.ManyToManyField(EventKind, verbose_name=_("event kinds"), blank=True)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    min_count = models.PositiveIntegerField(_("at least"), null=True, blank=True)
    max_count = models.PositiveIntegerField(_("at most"), null=True, blank=True)
    excluded_periods = models.JSONField(
        _("excluded periods"),
        default=list,
        blank=True,
        help_text=_('Periods without the commitment, e.g. ["Q3"] or ["07", "08"] for July and August.'),
    )
    is_open = models.BooleanField(_("cadence to be agreed"), default=False)
    reach = models.CharField(
        _("reach"),
        max_length=10,
        choices=Reach.choices,
        blank=True,
        help_text=_("Only events of this reach count (e.g. nationwide trainings); empty means any."),
    )
    quote = models.TextField(_("quote from the plan"))
    note = models.TextField(
        _("interpretation note"),
        blank=True,
        help_text=_("How the quote was read where the plan leaves something open."),
    )
    rule = models.JSONField(
        _("checking rule"),
        default=dict,
        blank=True,
        help_text=_(
            "How the plan's words are checked beyond the counts: declared pauses of a yearly commitment"
            ' (pauses) and events in distinct regions (distinct: "region"); see docs/plan-format.md.'
        ),
    )

    tenancy_scope = Scope.SHARED
    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["plan", "activity__position", "key"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="obligation_key_unique_in_plan")]

    def __str__(self) -> str:
        return self.title

    @property
    def excluded_periods_display(self) -> str:
        """ "III kvartal, juuli" rather than the codes "Q3, 07" the plan file and the API keep."""
        return period_names(self.excluded_periods)

    def clean(self):
        errors = {}
        if self.min_count is not None and self.max_count is not None and self.max_count < self.min_count:
            errors["max_count"] = _("The maximum is below the minimum.")
        if self.period == Period.ONCE and not self.due_date:
            errors["due_date"] = _("A one-off commitment needs a due date.")
        if not self.is_open and self.min_count is None and self.subject != ObligationSubject.MANUAL:
            errors["min_count"] = _("Give a minimum count, or mark the cadence as still to be agreed.")
        from .validation import stored_rule_problems  # validation imports the models' choices

        plan_period = (self.plan.period_start, self.plan.period_end) if self.plan_id else None
        rule_problems = stored_rule_problems(self.rule, period=self.period, plan_period=plan_period)
        if rule_problems:
            errors["rule"] = [f"{field}: {message}" for field, message in rule_problems]
        if errors:
            raise ValidationError(errors)


class Deliverable(OwnedModel):
    """A one-off result the plan promises by a date (glossary: väljund, tähtajaline tulemus): a
    procurement, a service contract, a database, a council founded. Defined by the plan file, with
    the words it comes from; its state (status, evidence) is the owner party's record in monitoring
    (`monitoring.DeliverableRecord`). A one-off commitment linked to it is judged by that record."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="deliverables")
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="deliverables"
    )
    key = models.SlugField(_("key"), max_length=80)
    title = models.CharField(pgettext_lazy("plan", "title"), max_length=300)
    owner = models.ForeignKey(
        "parties.Party", verbose_name=_("owner party"), on_delete=models.PROTECT, related_name="deliverables"
    )
    due_date = models.DateField(_("due date"))
    obligation = models.OneToOneField(
        Obligation,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliverable",
        help_text=_("The one-off commitment that is judged by this deliverable."),
    )
    quote = models.TextField(_("quote from the plan"))
    note = models.TextField(
        _("interpretation note"),
        blank=True,
        help_text=_("E.g. where the due date comes from when the plan gives none."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    tenancy_scope = Scope.SHARED
    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="deliverable_key_unique_in_plan")]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.plan_id and self.due_date and not self.plan.period_start <= self.due_date <= self.plan.period_end:
            errors["due_date"] = _("The due date %(due)s lies outside the plan period %(start)s–%(end)s.") % {
                "due": self.due_date,
                "start": self.plan.period_start,
                "end": self.plan.period_end,
            }
        if self.obligation_id and self.obligation.period != Period.ONCE:
            errors["obligation"] = _("Only a one-off commitment can be judged by a deliverable.")
        if errors:
            raise ValidationError(errors)


audit(Plan)
audit(Activity, m2m=["responsible_parties"])
audit(Indicator)
audit(Target)
audit(Obligation, m2m=["event_kinds"])
audit(Deliverable)
