"""The term list (docs/terms.md) against the catalogues and templates: forbidden variants, informal
Estonian ("Sinu", "Vali …" in a sentence), unless the page's table of exceptions names the message."""

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from django.utils import translation

from loim.core.allauth_wording import ALLAUTH_MESSAGES

ROOT = Path(__file__).resolve().parents[2]
TERMS = ROOT / "docs" / "terms.md"
APPS = ROOT / "src" / "loim"


@dataclass(frozen=True)
class Variant:
    language: str
    text: str
    preferred: str

    @property
    def pattern(self) -> re.Pattern:
        stem = self.text.rstrip("*")
        tail = r"\w*" if self.text.endswith("*") else r"(?!\w)"
        return re.compile(r"(?<!\w)" + re.escape(stem) + tail, re.IGNORECASE)


def _section(name: str) -> str:
    text = TERMS.read_text(encoding="utf-8")
    start = text.index(f"\n## {name}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def _rows(section: str) -> list[list[str]]:
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("| ---"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:]  # the header


def _cells(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(",") if part.strip()]


def variants() -> list[Variant]:
    found = []
    for english, estonian, not_english, not_estonian, _why in _rows(_section("Terms")):
        found += [Variant("en", text, english) for text in _cells(not_english)]
        found += [Variant("et", text, estonian) for text in _cells(not_estonian)]
    return found


def exceptions() -> set[tuple[str, str, str]]:
    return {(language, message, variant) for language, message, variant, _why in _rows(_section("Exceptions"))}


def _list_after(section: str, marker: str) -> list[str]:
    item = next(line for line in section.split("\n- ") if line.startswith(marker))
    words = item.split(":", 1)[1]
    return [word.strip(" .\n") for word in words.replace("\n", " ").split(",") if word.strip(" .\n")]


REGISTER = _section("Formal register (Estonian)")
INFORMAL = _list_after(REGISTER, "**informal pronouns**")
SINGULAR_IMPERATIVES = _list_after(REGISTER, "**a singular imperative")
LOWER_CASE_POLITE = _list_after(REGISTER, "**the polite pronoun in lower case**")
INFORMAL_PATTERN = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, INFORMAL + LOWER_CASE_POLITE)) + r")(?!\w)")
IMPERATIVE_AT_START = re.compile(r"(?:^|[.!?]\s+|—\s*)(" + "|".join(SINGULAR_IMPERATIVES) + r")(?!\w)")

STRIP = re.compile(
    r"%\([^)]*\)[sdfr]|%[sdfr]|\{\{.*?\}\}|\{%.*?%\}|\{[^{}\s]*\}|<[^>]+>|`[^`]*`|https?://\S+|mailto:\S+|www\.\S+",
    re.DOTALL,
)


def clean(text: str) -> str:
    return STRIP.sub(" ", text)


def is_sentence(text: str) -> bool:
    """A full sentence (or several), not a button's label. Ordinals ("2025. aasta") are not full stops."""
    text = re.sub(r"(\d|\s)\.(?=\s+\w)", r"\1", clean(text)).strip()
    return bool(re.search(r"[.!?]$", text) or re.search(r"[.!?]\s+\S", text))


@dataclass(frozen=True)
class Text:
    where: str
    language: str
    message: str  # the message id (or the template's path)
    text: str


def catalogue_texts() -> list[Text]:
    texts = []
    for path in sorted(APPS.glob("*/locale/*/LC_MESSAGES/django.po")):
        app, language = path.parts[-5], path.parts[-3]
        if language not in ("et", "en"):
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            values = [entry.msgstr, *entry.msgstr_plural.values()]
            if language == "en" and entry.msgid in ALLAUTH_MESSAGES:
                continue  # allauth's own English, overridden only for its Estonian
            if language == "en":
                values += [entry.msgid, entry.msgid_plural or ""]
            for value in values:
                if value:
                    texts.append(Text(f"{app} [{language}]", language, entry.msgid, value))
    return texts


def template_texts() -> list[Text]:
    """A template's own words: English message ids in translate tags and the text outside tags."""
    texts = []
    for path in sorted(APPS.glob("*/templates/**/*.*")):
        if path.suffix not in (".html", ".txt"):
            continue
        source = path.read_text(encoding="utf-8")
        source = re.sub(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", " ", source, flags=re.DOTALL)
        source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.DOTALL)
        relative = str(path.relative_to(APPS))
        for language in ("en", "et"):
            texts.append(Text(relative, language, relative, source))
    return texts


def excepted(text: Text, variant: str, allowed) -> bool:
    return any(
        language == text.language and variant == allowed_variant and text.message.startswith(message)
        for language, message, allowed_variant in allowed
    )


def test_the_term_list_is_read():
    found = variants()
    assert Variant("et", "sihtgrup*", "sihtrühm") in found
    assert Variant("et", "sündmus*", "üritus") in found
    assert "Sinu" in INFORMAL and "Vali" in SINGULAR_IMPERATIVES and "Sisesta" in SINGULAR_IMPERATIVES


def test_the_checks_catch_what_they_are_for():
    """Hand-made cases: what must fail does, what must pass does."""
    target = next(v for v in variants() if v.text == "sihtgrup*")
    assert target.pattern.search("Valige sihtgrupp")
    assert target.pattern.search("sihtgrupile suunatud")
    assert not target.pattern.search("sihtrühm")
    assert INFORMAL_PATTERN.search("Sinu osapooled")
    assert not INFORMAL_PATTERN.search("SA Innove")
    assert INFORMAL_PATTERN.search("valige, miks te otsite") and not INFORMAL_PATTERN.search("miks Te otsite")
    assert is_sentence("Vali vähemalt üks teema.") and IMPERATIVE_AT_START.search("Vali vähemalt üks teema.")
    assert not is_sentence("Sisesta osalejate arvud")  # a button
    assert not is_sentence("Kopeeri %(year)s. aasta kavandiks")  # an ordinal, not a full stop
    assert IMPERATIVE_AT_START.search("Midagi ei salvestatud. Paranda märgitud väljad.")
    assert not IMPERATIVE_AT_START.search("Valige periood.")
    assert clean("Kutse saadeti aadressile %(email)s.") == "Kutse saadeti aadressile  ."


@pytest.mark.parametrize("source", ["catalogues", "templates"])
def test_no_forbidden_variant(source):
    allowed = exceptions()
    texts = catalogue_texts() if source == "catalogues" else template_texts()
    hits = []
    for text in texts:
        body = clean(text.text)
        for variant in variants():
            if variant.language != text.language:
                continue
            match = variant.pattern.search(body)
            if match and not excepted(text, variant.text, allowed):
                hits.append(f"{text.where}: “{match.group(0)}” (say “{variant.preferred}”) in: {text.text[:120]!r}")
    assert not hits, "\n".join(sorted(set(hits)))


def test_estonian_addresses_the_user_formally():
    allowed = exceptions()
    hits = []
    for text in catalogue_texts():
        if text.language != "et":
            continue
        body = clean(text.text)
        match = INFORMAL_PATTERN.search(body)
        if match and not excepted(text, match.group(1), allowed):
            hits.append(f"{text.where}: informal “{match.group(1)}” in {text.text[:120]!r}")
        if is_sentence(text.text):
            match = IMPERATIVE_AT_START.search(body.strip())
            if match and not excepted(text, match.group(1), allowed):
                hits.append(f"{text.where}: singular “{match.group(1)}” in a sentence: {text.text[:120]!r}")
    assert not hits, "\n".join(hits)


def register_problems(text: str) -> list[str]:
    body = clean(text)
    problems = [f"informal “{m.group(1)}”" for m in [INFORMAL_PATTERN.search(body)] if m]
    if is_sentence(text):
        problems += [f"singular “{m.group(1)}”" for m in [IMPERATIVE_AT_START.search(body.strip())] if m]
    return problems


def test_allauth_pages_address_the_user_formally_too():
    """The sign-in, sign-out and two-factor pages are allauth's, whose Estonian is informal
    ("Unustasid salasõna?", "Sa logisid välja."): loim.core's catalogue, ahead of allauth's,
    says each of those messages formally (loim/core/allauth_wording.py)."""
    import allauth

    catalogue = Path(allauth.__file__).parent / "locale" / "et" / "LC_MESSAGES" / "django.po"
    informal = [
        entry.msgid
        for entry in polib.pofile(str(catalogue))
        if not entry.obsolete and entry.msgstr and register_problems(entry.msgstr)
    ]
    assert "You have signed out." in informal
    missing = [msgid for msgid in informal if msgid not in ALLAUTH_MESSAGES]
    assert not missing, "add to loim/core/allauth_wording.py: " + "\n".join(missing)
    with translation.override("et"):
        shown = {msgid: translation.gettext(msgid) for msgid in ALLAUTH_MESSAGES}
    assert shown["Forgot your password?"] == "Unustasite salasõna?"
    assert shown["You have signed out."] == "Te logisite välja."
    wrong = {msgid: (text, register_problems(text)) for msgid, text in shown.items() if register_problems(text)}
    assert not wrong, wrong
