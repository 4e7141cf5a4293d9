"""`make bench`: build national-scale synthetic data in a throwaway database and measure each figure.

Each module in bench/figures/ exposes `run(ctx) -> list[Figure]`; they run in name order and share
`ctx` (scale, cached data builders). Results are printed and written to var/bench.json.

`--only` takes module names (`c_inquiries`) or figure names (`inquiry_import`): a module lists its
figures in `FIGURES` and skips those not asked for when it asks `ctx["wants"](name)`; figures of a
module that does not ask are measured but only the asked-for ones reported.
"""

import argparse
import importlib
import json
import os
import pkgutil
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description="Lõim benchmarks")
    parser.add_argument("--scale", choices=["small", "large"], default="large")
    parser.add_argument(
        "--only",
        nargs="*",
        metavar="NAME",
        help="run only these figure modules (c_inquiries) or figures (inquiry_import)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the data built by an earlier run at this scale (var/bench-SCALE.sqlite3) instead of "
        "building it again; for profiling between changes, not for the figures of record",
    )
    options = parser.parse_args()
    warnings.filterwarnings("ignore", message="No directory at")

    os.environ.setdefault("SECRET_KEY", "bench-only-" + "b" * 40)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    # the embedded default's file cache, in a directory of the bench's own (not `make run`'s var/cache)
    os.environ.setdefault("CACHE_URL", "filecache://" + str(ROOT / "var" / "bench-cache"))
    # production's access line per request (core.logs) would print thousands of lines between figures
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DEBUG"] = "0"
    database = ROOT / "var" / f"bench-{options.scale}.sqlite3"
    if "BENCH_DATABASE_URL" in os.environ:
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        database.parent.mkdir(exist_ok=True)
        if not options.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "loim.config.settings"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.DEBUG = False
    settings.ROOT_URLCONF = "bench.urls"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    # ...but without its template instrumentation: the test runner copies every rendered template's
    # context for a test's assertions (each card, each include), which production never does and no
    # baseline pays; the pages are measured as they are served
    from django.template.base import Template
    from django.test.utils import _TestState

    Template._render = _TestState.saved_data.template_render
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_places", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("load_parties", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115

    import bench.figures
    from bench.harness import SCALES

    modules = {
        info.name: importlib.import_module(f"bench.figures.{info.name}")
        for info in sorted(pkgutil.iter_modules(bench.figures.__path__), key=lambda m: m.name)
    }
    module_of = {figure: name for name, module in modules.items() for figure in getattr(module, "FIGURES", ())}
    wanted = set(options.only or ())
    unknown = wanted - modules.keys() - module_of.keys()
    if unknown:
        parser.error(
            f"unknown module or figure: {', '.join(sorted(unknown))} (known: {', '.join(sorted(modules))}, "
            f"{', '.join(sorted(module_of))})"
        )

    def wants(figure: str, module: str | None = None) -> bool:
        return not wanted or figure in wanted or (module or module_of.get(figure)) in wanted

    ctx = {"scale": SCALES[options.scale], "root": ROOT, "wants": wants, "reuse": options.reuse}
    if options.reuse:  # users made by the earlier run keep their e-mail addresses: continue the sequence
        from django.contrib.auth import get_user_model

        from tests.factories import UserFactory

        UserFactory.reset_sequence(get_user_model().objects.count() + 1000)
    figures = []
    started = time.perf_counter()
    for name, module in modules.items():
        if wanted and name not in wanted and not any(module_of.get(f) == name for f in wanted):
            continue
        print(f"-- {name}", flush=True)
        for figure in module.run(ctx):
            if not wants(figure.name, name):
                continue
            print(figure.line(), flush=True)
            figures.append(figure)
    out = ROOT / "var" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps([f.as_json() for f in figures], indent=2) + "\n")
    print(f"{len(figures)} figures in {time.perf_counter() - started:.0f} s → {out.relative_to(ROOT)}")
    over = [f.name for f in figures if f.over_goal()]
    if over:
        print("Over goal: " + ", ".join(over))
    return 0


if __name__ == "__main__":
    sys.exit(main())
