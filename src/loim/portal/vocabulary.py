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


# Counties by EHAK code. Estonian keeps the official name from the data ("Harju maakond"); the other
# languages use their usual names (English "Harju County", Russian "Харьюмаа", Ukrainian "Гар'юмаа").
COUNTIES = {
    "0037": pgettext_lazy("county", "Harju County"),
    "0039": pgettext_lazy("county", "Hiiu County"),
    "0045": pgettext_lazy("county", "Ida-Viru County"),
    "0050": pgettext_lazy("county", "Jõgeva County"),
    "0052": pgettext_lazy("county", "Järva County"),
    "0056": pgettext_lazy("county", "Lääne County"),
    "0060": pgettext_lazy("county", "Lääne-Viru County"),
    "0064": pgettext_lazy("county", "Põlva County"),
    "0068": pgettext_lazy("county", "Pärnu County"),
    "0071": pgettext_lazy("county", "Rapla County"),
    "0074": pgettext_lazy("county", "Saare County"),
    "0079": pgettext_lazy("county", "Tartu County"),
    "0081": pgettext_lazy("county", "Valga County"),
    "0084": pgettext_lazy("county", "Viljandi County"),
    "0087": pgettext_lazy("county", "Võru County"),
}


def county_label(county) -> str:
    """A county's name in the active language: the data's own name in Estonian (and for a county the
    vocabulary does not know)."""
    from django.utils.translation import get_language

    if county is None:
        return ""
    if (get_language() or "et")[:2] == "et" or county.ehak_code not in COUNTIES:
        return county.name
    return str(COUNTIES[county.ehak_code])


def language_label(code: str) -> str:
    return str(LANGUAGES.get(code, code))
