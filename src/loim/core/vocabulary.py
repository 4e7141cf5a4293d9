"""Closed vocabularies shared by several apps (the programme's own definitions, DESIGN.md glossary)."""

from django.db import models
from django.utils.functional import lazy
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


def _interpolate(message, values) -> str:
    return str(message) % values


_interpolate_lazy = lazy(_interpolate, str)


def interpolated(message, values):
    """`gettext_lazy("quarter %d") % 1` at import time is translated once, in the language active then
    (the English UI showed "1. kvartal"): this keeps it lazy, translated when it is shown."""
    return _interpolate_lazy(message, values)


QUARTER_NAMES = {1: _("1st quarter"), 2: _("2nd quarter"), 3: _("3rd quarter"), 4: _("4th quarter")}
HALF_YEAR_NAMES = {1: _("1st half-year"), 2: _("2nd half-year")}


def period_name(code: str) -> str:
    """A plan's period code as people say it: "Q3" → "III kvartal" / "3rd quarter", "H1" → "I poolaasta",
    "07" → "juuli"; anything else as written. The codes stay in files and the API."""
    from django.utils.dates import MONTHS

    code = str(code).strip().upper()
    if len(code) == 2 and code[0] == "Q" and code[1] in "1234":
        return str(QUARTER_NAMES[int(code[1])])
    if code in ("H1", "H2"):
        return str(HALF_YEAR_NAMES[int(code[1])])
    if code.isdigit() and 1 <= int(code) <= 12:
        return str(MONTHS[int(code)])
    return code


def period_names(codes) -> str:
    return ", ".join(period_name(code) for code in codes or [])


# Units as the plan prints them (Estonian), said in the UI language: the English pages showed "Arv".
PRINTED_UNITS = {"arv": _("number"), "osaluskord": _("participations"), "osaluskorrad": _("participations")}


def unit_name(printed: str) -> str:
    """The plan's printed unit in the active language; an unknown unit as printed."""
    if (get_language() or "et")[:2] == "et":
        return printed
    return str(PRINTED_UNITS.get(printed.strip().lower(), printed))
