"""Fill an app's catalogue from a YAML mapping of English msgid → translation, or list what is missing.

  python scripts/po_fill.py core et --missing          # print untranslated msgids as YAML keys
  python scripts/po_fill.py core et translations.yaml  # set msgstr for each msgid found in the file
Plural entries take a list [singular, plural] (Estonian and English have two forms).
"""

import argparse
import sys
from pathlib import Path

import polib
import yaml

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("app")
    parser.add_argument("language")
    parser.add_argument("file", nargs="?")
    parser.add_argument("--missing", action="store_true")
    options = parser.parse_args()
    po_path = ROOT / "src" / "loim" / options.app / "locale" / options.language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path), wrapwidth=0)
    if options.missing:
        for entry in catalogue:
            if not entry.translated() or "fuzzy" in entry.flags:
                print(yaml.safe_dump({entry.msgid: ""}, allow_unicode=True, width=10_000).rstrip())
        return 0
    translations = yaml.safe_load(Path(options.file).read_text(encoding="utf-8")) or {}
    used = 0
    for entry in catalogue:
        if translations.get(entry.msgid):
            value = translations[entry.msgid]
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value, value]
                entry.msgstr_plural = {0: forms[0], 1: forms[1]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            used += 1
    catalogue.save()
    catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"{po_path.relative_to(ROOT)}: {used} set, {len(catalogue.untranslated_entries())} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
