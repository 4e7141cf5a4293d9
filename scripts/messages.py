"""Refresh or check the translation catalogues of every Lõim app.

Each app keeps its own catalogue in `src/loim/<app>/locale/<lang>/LC_MESSAGES/django.po`, so apps
can be worked on independently. Message ids are English; Estonian (the default UI) must be complete.

  python scripts/messages.py            # extract new strings into every app's .po, compile .mo
  python scripts/messages.py events     # the same for one app only
  python scripts/messages.py --compile  # only compile .po → .mo
  python scripts/messages.py --check    # fail if a string lacks an Estonian translation, or a .mo is stale
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APPS_DIR = ROOT / "src" / "loim"
LANGUAGES = ["et", "en", "ru", "uk"]
REQUIRED_COMPLETE = ["et"]


def app_dirs() -> list[Path]:
    return sorted(p for p in APPS_DIR.iterdir() if (p / "apps.py").exists())


def makemessages(app_dir: Path) -> None:
    (app_dir / "locale").mkdir(exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "loim.config.settings", "DEBUG": "1"}
    # -P: do not put the app directory on sys.path, or an app's selectors.py would shadow the
    # standard library's `selectors` module (imported by subprocess) and makemessages would crash.
    args = [
        sys.executable,
        "-P",
        "-m",
        "django",
        "makemessages",
        "--no-obsolete",
        "--no-location",
        "--ignore",
        "migrations/*",
    ]
    for language in LANGUAGES:
        args += ["-l", language]
    subprocess.run(args, cwd=app_dir, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def compile_catalogue(po_path: Path) -> bytes:
    catalogue = polib.pofile(str(po_path))
    with tempfile.NamedTemporaryFile(suffix=".mo") as handle:
        catalogue.save_as_mofile(handle.name)
        return Path(handle.name).read_bytes()


def compile_all(app_dirs_: list[Path]) -> None:
    for app_dir in app_dirs_:
        for po_path in app_dir.glob("locale/*/LC_MESSAGES/django.po"):
            po_path.with_suffix(".mo").write_bytes(compile_catalogue(po_path))


def problems() -> list[str]:
    """Untranslated or fuzzy Estonian strings, strings missing from a catalogue, stale .mo files."""
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "loim"
        shutil.copytree(APPS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
        for app_dir in sorted(p for p in copy.iterdir() if (p / "apps.py").exists()):
            if not any(app_dir.rglob("*.py")) and not any(app_dir.rglob("*.html")):
                continue
            makemessages(app_dir)
            for language in REQUIRED_COMPLETE:
                fresh_path = app_dir / "locale" / language / "LC_MESSAGES" / "django.po"
                if not fresh_path.exists():
                    continue
                fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(fresh_path))}
                committed_path = APPS_DIR / app_dir.name / "locale" / language / "LC_MESSAGES" / "django.po"
                committed = polib.pofile(str(committed_path)) if committed_path.exists() else []
                translated = {(e.msgctxt, e.msgid) for e in committed if e.translated() and "fuzzy" not in e.flags}
                for _context, msgid in sorted(fresh - translated, key=lambda k: k[1]):
                    found.append(f"{app_dir.name} [{language}]: no translation for {msgid!r}")
    for po_path in APPS_DIR.glob("*/locale/*/LC_MESSAGES/django.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.read_bytes() != compile_catalogue(po_path):
            found.append(f"{mo_path.relative_to(ROOT)} is stale: run `python scripts/messages.py --compile`")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--compile", action="store_true")
    parser.add_argument("apps", nargs="*", help="limit to these apps")
    options = parser.parse_args()
    if options.check:
        issues = problems()
        print("\n".join(issues) or "Translations complete.")
        return 1 if issues else 0
    chosen = [d for d in app_dirs() if not options.apps or d.name in options.apps]
    if not options.compile:
        for app_dir in chosen:
            makemessages(app_dir)
    compile_all(chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
