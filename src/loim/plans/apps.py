from pathlib import Path

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from loim.core.navigation import NavItem


def shipped_plans_dir() -> Path:
    """The repository's `plans/` directory (plans/2024.yaml …), beside `src/`."""
    import loim

    return Path(loim.__file__).resolve().parents[2] / "plans"


class PlansConfig(AppConfig):
    name = "loim.plans"
    label = "plans"
    verbose_name = _("Action plans")
    nav_items = [NavItem("plans:list", _("Action plan"), order=10)]

    def ready(self) -> None:
        from .search import register_sources

        register_sources()  # plan rows in the one search (core.search)

    def setup_hook(self, out) -> None:
        """`loim setup`: import the plans shipped in the repository. Idempotent: an unchanged file
        changes nothing, and a plan file with errors stops setup with the errors listed."""
        from django.core.management.base import CommandError

        from .planfile.reader import PlanFileInvalid
        from .services import event_kinds_ensure, plan_file_import

        event_kinds_ensure()
        for path in sorted(shipped_plans_dir().glob("*.yaml")):
            try:
                result = plan_file_import(path)
            except PlanFileInvalid as exc:
                raise CommandError(f"{path}:\n{exc}") from exc
            state = result.summary() if result.changed else _("unchanged")
            out.write(
                _("Plan %(year)s (%(file)s): %(state)s.")
                % {"year": result.plan.year, "file": path.name, "state": state}
            )
