"""Counselling inquiries (nõustamine, pöördumine) and their topic taxonomy."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Topic(models.Model):
    """A topic of inquiries: a two-level taxonomy shared by all parties, names in four languages.
    Administrators extend it; the register uses the same topics for people's interests."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent topic"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_et = models.CharField(_("name in Estonian"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)
    name_ru = models.CharField(_("name in Russian"), max_length=150, blank=True)
    name_uk = models.CharField(_("name in Ukrainian"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "et")[:2]
        return getattr(self, f"name_{language}", "") or self.name_et

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Topics have two levels: a sub-topic cannot have sub-topics.")})
