"""Closed vocabularies shared by several apps (the programme's own definitions, DESIGN.md glossary)."""

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, pgettext
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


# --- The names of periods: the one place (monitoring.periods, the plan pages and the forms use it) ---


def _period_names() -> dict[str, str]:
    return {
        "Q1": pgettext("period", "Q1"),
        "Q2": pgettext("period", "Q2"),
        "Q3": pgettext("period", "Q3"),
        "Q4": pgettext("period", "Q4"),
        "H1": pgettext("period", "H1"),
        "H2": pgettext("period", "H2"),
    }


def _period_names_of_year() -> dict[str, str]:
    return {
        "Q1": gettext("first quarter of %(year)d"),
        "Q2": gettext("second quarter of %(year)d"),
        "Q3": gettext("third quarter of %(year)d"),
        "Q4": gettext("fourth quarter of %(year)d"),
        "H1": gettext("first half of %(year)d"),
        "H2": gettext("second half of %(year)d"),
    }


def period_label(key: str, *, with_year: bool = False) -> str:
    """The one name of a period for people, from its key ("2024-Q1", "2024-H1", "2024-W14",
    "2024-03", "2024", "h1", "year") or a bare token ("Q3", "H1"), in the active language:
    Estonian "I kvartal", "I poolaasta", "nädal 14", "märts"; English "Q1", "H1", "week 14",
    "March". `with_year` names the year too ("2024. aasta I kvartal", "Q1 2024"). Every report,
    file and page that names a period calls this, so no code such as "Q3" reaches a reader."""
    if "-by-" in key:
        return key  # a one-off stretch is named by its due date where it is laid out
    year, _sep, token = key.rpartition("-")
    if token.lower() in ("h1", "h2", "q1", "q2", "q3", "q4"):
        token = token.upper()
    names = _period_names()
    if token in names and with_year and year.isdigit():
        return _period_names_of_year()[token] % {"year": int(year)}
    if token in names:
        name = names[token]
    elif token.startswith("W") and token[1:].isdigit():
        name = gettext("week %(number)d") % {"number": int(token[1:])}
    elif token.isdigit() and len(token) == 2 and 1 <= int(token) <= 12:
        name = month_name(int(token))
    elif token.isdigit() and len(token) == 4:
        return gettext("the year %(year)d") % {"year": int(token)} if with_year else token
    else:
        return key
    if with_year and year.isdigit():
        return gettext("%(period)s of %(year)d") % {"period": name, "year": int(year)}
    return name


def month_name(month: int) -> str:
    """A month's name (1–12) in the active language, as the month periods are labelled."""
    return _month_names()[month - 1]


def _month_names() -> list[str]:
    return [
        pgettext("month", "January"),
        pgettext("month", "February"),
        pgettext("month", "March"),
        pgettext("month", "April"),
        pgettext("month", "May"),
        pgettext("month", "June"),
        pgettext("month", "July"),
        pgettext("month", "August"),
        pgettext("month", "September"),
        pgettext("month", "October"),
        pgettext("month", "November"),
        pgettext("month", "December"),
    ]


def period_name(code) -> str:
    """A plan's period code as people say it ("Q3" → "III kvartal" / "Q3", "H1" → "I poolaasta" /
    "H1", "07" → "juuli" / "July"): `period_label`'s name of the bare token. The codes stay in files and
    the API."""
    code = str(code).strip()
    return period_label(f"0{code}" if code.isdigit() and len(code) == 1 else code)


def period_names(codes) -> str:
    return ", ".join(period_name(code) for code in codes or [])


# Units as the plan prints them (Estonian), said in the UI language: the English pages showed "Arv".
PRINTED_UNITS = {"arv": _("number"), "osaluskord": _("participations"), "osaluskorrad": _("participations")}


def unit_name(printed: str) -> str:
    """The plan's printed unit in the active language; an unknown unit as printed."""
    if (get_language() or "et")[:2] == "et":
        return printed
    return str(PRINTED_UNITS.get(printed.strip().lower(), printed))


def language_name(tag: str) -> str:
    """A language tag as people say it, in the active language: the programme's own four names
    (`Language`: "vene keel" / "Russian", as the pages' language choices read), else Django's name
    of the language ("saksa" / "German"), else "an unknown language (“xx”)" with the tag as written
    (a file's language, for example). The primary subtag decides: "ru-RU" and "RU" are Russian."""
    from django.utils.translation import get_language_info

    primary = (tag or "").strip().replace("_", "-").split("-")[0].lower()
    if primary in Language.values and primary != Language.OTHER:
        return str(Language(primary).label)
    try:
        return str(get_language_info(primary)["name_translated"])
    except KeyError:
        return gettext("an unknown language (“%s”)") % tag.strip()
