"""Words the public pages show in all four languages (et, en, ru, uk). Staff pages translate the
same vocabulary into Estonian only, so the portal keeps its own catalogue entries for them."""

from django.utils.translation import pgettext_lazy

FORMATS = {
    "on_site": pgettext_lazy("portal", "on site"),
    "online": pgettext_lazy("portal", "online"),
    "hybrid": pgettext_lazy("portal", "on site and online"),
}
LANGUAGES = {
    "et": pgettext_lazy("portal", "Estonian"),
    "en": pgettext_lazy("portal", "English"),
    "ru": pgettext_lazy("portal", "Russian"),
    "uk": pgettext_lazy("portal", "Ukrainian"),
    "other": pgettext_lazy("portal", "other language"),
}


def format_label(code: str) -> str:
    return str(FORMATS.get(code, code))


def language_labels(codes) -> list[str]:
    return [str(LANGUAGES.get(code, code)) for code in codes]
