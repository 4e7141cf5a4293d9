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
