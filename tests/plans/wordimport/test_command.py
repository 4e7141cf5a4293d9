"""`loim import-plan FILE` for a Word document or its text export: preview printed, written only
without errors and without --dry-run, the same as importing the equivalent YAML."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from loim.plans.models import Activity, Indicator, Obligation, Plan
from loim.plans.planfile.export import dump_yaml, plan_document
from loim.plans.services import event_kinds_ensure, plan_file_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kinds(programme):
    event_kinds_ensure()


@pytest.fixture
def seed_file(tmp_path, seed_bytes):
    path = tmp_path / "tegevuskava-2024.txt"
    path.write_bytes(seed_bytes)
    return path


def run(*args) -> str:
    import io

    out = io.StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_preview_and_writes_nothing(seed_file, tmp_path):
    out = run(str(seed_file), "--dry-run", "--yaml-out", str(tmp_path / "out.yaml"))
    assert "3.5.2.1/2.1 Sotsiaalse suhtluse klubitegevuse korraldamine." in out
    assert "Tegevus toimub kord nädalas I, II ja IV kvartalis, olles III kvartalis pausil" in out
    assert "tartu-conversation-club-week" in out
    assert "nothing written" in out
    assert Plan.objects.count() == 0
    assert (tmp_path / "out.yaml").read_text(encoding="utf-8").startswith("format: 1\nyear: 2024\n")


def test_import_equals_importing_the_equivalent_yaml(seed_file, tmp_path):
    yaml_path = tmp_path / "equivalent.yaml"
    out = run(str(seed_file), "--yaml-out", str(yaml_path))
    assert "Plan 2024 imported" in out
    plan = Plan.objects.get(year=2024)
    counts = (Activity.objects.count(), Indicator.objects.count(), Obligation.objects.count())
    # 9 activities + their printed rows (tables 1, 3, 5, 7, 9–13: 2+4+5+3+9+12+13+15+14 = 77 nodes)
    assert counts == (77, 7, 15)
    from_document = plan_document(plan)
    # importing the YAML written from the document changes nothing: the two are the same plan
    result = plan_file_import(yaml_path)
    assert not result.changed
    assert plan_document(Plan.objects.get(year=2024)) == from_document
    # and the document imported again changes nothing either
    assert "unchanged" in run(str(seed_file))
    assert dump_yaml(from_document) == yaml_path.read_text(encoding="utf-8")


def test_errors_write_nothing(tmp_path, seed_bytes):
    bad = seed_bytes.decode("utf-8").replace("01.08.2024-31.12.2024", "01.08.2024-31.13.2024")
    path = tmp_path / "bad.txt"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CommandError, match="1 error"):
        run(str(path))
    assert Plan.objects.count() == 0


def test_year_must_match_the_document(seed_file):
    with pytest.raises(CommandError):
        run(str(seed_file), "--year", "2025", "--dry-run")
