"""Estonian is the default UI: every string must have an Estonian translation, and the compiled
catalogues must match their sources."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext (installed by make test as root)")
def test_every_string_has_an_estonian_translation_and_mo_files_are_fresh():
    result = subprocess.run(
        [sys.executable, "scripts/messages.py", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_message_reads_the_same_in_every_app_that_translates_it():
    """Django merges the apps' catalogues into one: for a message id (and context) translated by two
    apps, the app listed first in INSTALLED_APPS wins everywhere, so the other app's pages silently
    show the first app's word ("Change" read "Muutus", a noun, on the inquiries' "Muuda" links). A
    word that means different things gets its own context (pgettext); the same meaning reads the same."""
    import polib

    seen: dict[tuple, dict[str, str]] = {}
    for path in sorted((ROOT / "src" / "loim").glob("*/locale/*/LC_MESSAGES/django.po")):
        app, language = path.parts[-5], path.parts[-3]
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr or "fuzzy" in entry.flags:
                continue
            seen.setdefault((language, entry.msgctxt, entry.msgid), {})[app] = entry.msgstr
    clashes = {key: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert not clashes, "\n".join(f"{key}: {apps}" for key, apps in sorted(clashes.items(), key=str))


def test_the_public_and_staff_words_that_differ_are_shown_as_written(client, settings):
    """Words the shared namespace used to swap: events are "üritused" on staff pages and the portal
    alike (the plan's own word; "Sündmused" in the menu over pages that said "üritus" read as two
    things), and a report file's format is a "vorming", not an event's "vorm"."""
    from django.utils import translation
    from django.utils.translation import pgettext

    with translation.override("et"):
        assert pgettext("portal", "Events") == "Üritused"
        assert translation.gettext("Events") == "Üritused"
        assert pgettext("report file", "Format") == "Vorming"
        assert translation.gettext("Format") == "Vorm"
        assert translation.gettext("Change") == "Muuda"


def test_estonian_quotes_open_low_and_close_high():
    """Estonian quotes a name as „Tartu“ (low-9 opening, high-6 closing). The catalogues mixed in
    English closing quotes (”), so the same sentence read „Tartu” on one page and „Tartu“ on the next."""
    import polib

    wrong = []
    for path in sorted((ROOT / "src" / "loim").glob("*/locale/et/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(path)):
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                if "”" in text or text.count("„") != text.count("“"):
                    wrong.append(f"{path.parts[-5]}: {text}")
    assert not wrong, "\n".join(wrong)
