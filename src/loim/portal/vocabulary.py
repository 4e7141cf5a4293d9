"""Words the public pages show in all four languages (et, en, ru, uk). Staff pages translate the
same vocabulary into Estonian only, so the portal keeps its own catalogue entries for them."""

from django.utils.translation import gettext_lazy as _

FORMATS = {"on_site": _("on site"), "online": _("online"), "hybrid": _("on site and online")}
LANGUAGES = {
    "et": _("Estonian"),
    "en": _("English"),
    "ru": _("Russian"),
    "uk": _("Ukrainian"),
    "other": _("other language"),
}


def format_label(code: str) -> str:
    return str(FORMATS.get(code, code))


def language_labels(codes) -> list[str]:
    return [str(LANGUAGES.get(code, code)) for code in codes]
