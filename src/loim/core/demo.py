"""Demo data for `make run`: every app may have a `demo.py` with `seed(*, out)`, called in
INSTALLED_APPS order by `loim seed_demo`. Seeds must be idempotent (running twice changes nothing)
and only ever run in demo mode (settings.DEMO_MODE), never in production.

The records themselves are data, not code: each app keeps them in `<app>/data/demo.yaml`, read by
`demo_data()`; its `demo.py` holds only what cannot be data (idempotency, links to records that exist
only at run time, dates relative to today, seeded randomness)."""

import datetime as dt
import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
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


def demo_data(app_label: str, name: str = "demo") -> Any:
    """The app's demo records, `<app>/data/<name>.yaml` (shipped as package data; `demo.yaml` unless
    the app keeps parts apart, e.g. the network app's `demo_networks.yaml`), freshly parsed: callers
    may change what they get. Safe YAML only, so a date is a `datetime.date`; times are quoted strings
    (see `clock`)."""
    path = Path(apps.get_app_config(app_label).path) / "data" / f"{name}.yaml"
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def clock(value: str | int) -> dt.time:
    """A time of day written 'HH:MM'. Unquoted, YAML 1.1 reads 10:30 as the sexagesimal number 630, so
    a number is taken as minutes after midnight rather than failing far from the file."""
    if isinstance(value, int):
        return dt.time(*divmod(value, 60))
    return dt.time.fromisoformat(value)


def expand(items: Iterable[Any], groups: dict[str, list[str]]) -> list[str]:
    """A list of names in which an item `{group: key}` stands for the names listed under that key."""
    names: list[str] = []
    for item in items:
        names.extend(groups[item["group"]] if isinstance(item, dict) else [item])
    return names
