"""Demo data of the services app: each part keeps its own data file and seed."""

from __future__ import annotations

from loim.core.demo import require_demo_mode

from . import rollout_demo


def seed(*, out) -> None:
    require_demo_mode()
    rollout_demo.seed(out=out)  # the journey-model rollout (issue 13)
