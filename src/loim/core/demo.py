"""Demo data for `make run`: every app may have a `demo.py` with `seed(*, out)`, called in
INSTALLED_APPS order by `loim seed_demo`. Seeds must be idempotent (running twice changes nothing)
and only ever run in demo mode (settings.DEMO_MODE), never in production."""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEMO_PASSWORD = "demo-Loim-2024"  # noqa: S105  (demo mode only; printed in the terminal)


def require_demo_mode() -> None:
    if not settings.DEMO_MODE:
        raise ImproperlyConfigured("Demo data is only created in demo mode (LOIM_DEMO=1 with DEBUG=1).")


def seed_all(out) -> None:
    require_demo_mode()
    for config in apps.get_app_configs():
        if not config.name.startswith("loim."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if module is importlib.import_module(__name__):
            continue
        module.seed(out=out)
