"""The `loim` console command: Django's management commands under the project's own name.

`loim serve` is an alias of `runserver`, and hyphens are accepted for underscores
(`loim import-plan` runs the `import_plan` command) so the commands read as the issues name them.
"""

import os
import sys

ALIASES = {"serve": "runserver"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loim.config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "loim"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = ALIASES.get(argv[1], argv[1]).replace("-", "_")
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"loim: configuration error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
