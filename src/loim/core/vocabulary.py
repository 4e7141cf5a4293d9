"""Closed vocabularies shared by several apps (the programme's own definitions, DESIGN.md glossary)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    """The programme's target group ("sihtrühm"), aged 18 and over."""

    NEWCOMER = "newcomer", _("newcomers")
    OTHER_BACKGROUND = "other_background", _("people of another language or cultural background")
    RETURNEE = "returnee", _("returnees")


class ParticipantGroup(models.TextChoices):
    """Groups in which event participants are counted: the target group, officials, stakeholders."""

    NEWCOMER = "newcomer", _("newcomers")
    OTHER_BACKGROUND = "other_background", _("people of another language or cultural background")
    RETURNEE = "returnee", _("returnees")
    OFFICIAL = "official", _("municipal officials and staff")
    STAKEHOLDER = "stakeholder", _("other stakeholders")


class Language(models.TextChoices):
    ESTONIAN = "et", _("Estonian")
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    OTHER = "other", _("other language")


def localized(obj, field: str = "name") -> str:
    """The value of `<field>_<language>` for the active language, falling back to Estonian: the
    admin-extensible vocabularies (event kinds, topics) keep one column per language."""
    language = (get_language() or "et")[:2]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_et")
