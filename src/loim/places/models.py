"""Counties and municipalities. Keyed on Lõim's own ids; the EHAK code is an attribute with validity,
because Statistics Estonia recodes units when boundaries change (e.g. Valga vald 0855 → 0857)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """Regions the plan names when choosing new partners."""

    NORTH = "north", _("North Estonia")
    IDA_VIRUMAA = "ida_virumaa", _("Ida-Virumaa")
    SOUTH = "south", _("South Estonia")
    WEST = "west", _("West Estonia and the islands")
    CENTRAL = "central", _("Central Estonia")


class County(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    ehak_code = models.CharField(_("EHAK code"), max_length=4, unique=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityKind(models.TextChoices):
    CITY = "linn", _("city")
    RURAL = "vald", _("rural municipality")


class MunicipalityQuerySet(models.QuerySet):
    def current(self):
        return self.filter(valid_to__isnull=True)


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=4, choices=MunicipalityKind.choices)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="municipalities"
    )
    ehak_code = models.CharField(_("EHAK code"), max_length=4, unique=True)
    ehak_valid_from = models.DateField(_("EHAK code valid from"), null=True, blank=True)
    ehak_status = models.CharField(_("code status"), max_length=200, blank=True)
    previous_codes = models.CharField(
        _("previous EHAK codes"), max_length=50, blank=True, help_text=_("Comma-separated codes used before.")
    )
    valid_to = models.DateField(_("ceased on"), null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def code_confirmed(self) -> bool:
        return self.ehak_status.startswith("confirmed")
