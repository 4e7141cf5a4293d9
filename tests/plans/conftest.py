"""Fixtures of the plan tests: the shipped 2024 plan imported, and plan files written on the fly."""

from pathlib import Path

import pytest

from loim.plans.apps import shipped_plans_dir
from loim.plans.models import Plan
from loim.plans.services import event_kinds_ensure, plan_file_import

PLAN_2024 = shipped_plans_dir() / "2024.yaml"
DATA = Path(__file__).parent / "data"


@pytest.fixture
def plan_2024(programme) -> Plan:
    """The 2024 plan as `loim setup` loads it (with the event kinds a transactional test may have flushed)."""
    event_kinds_ensure()
    return plan_file_import(PLAN_2024).plan


@pytest.fixture
def write_plan(tmp_path):
    """write_plan(text, name="plan.yaml") -> path of a plan file with that text."""

    def write(text: str, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
