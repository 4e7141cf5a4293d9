"""Write the development `.env` that `make install` and `make run` create when there is none.

    python scripts/dev_env.py [DIRECTORY]

Two lines: `DEBUG=1` and a generated `SECRET_KEY` starting with `django-insecure-`. The settings read
the file (django-environ's `read_env`; a variable set in the environment wins), so the README's
commands (`.venv/bin/loim report --year 2024 …`) work as written after `make run`; outside DEBUG that
key is refused at start (loim.config.settings), so the file cannot carry a production process. An
existing `.env` is left alone. Standard library only: it runs before anything is installed.
"""

import secrets
import sys
from pathlib import Path

DEV_KEY_PREFIX = "django-insecure-"  # the prefix Django's own startproject gives a development key


def main() -> int:
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    path = directory / ".env"
    if path.exists():
        print(f"{path}: kept as it is")
        return 0
    path.write_text(
        "# Development settings written by `make install` / `make run` (git-ignored). Not for production:\n"
        "# outside DEBUG this key is refused at start. The environment's own variables win over this file.\n"
        "DEBUG=1\n"
        f"SECRET_KEY={DEV_KEY_PREFIX}{secrets.token_urlsafe(50)}\n",
        encoding="utf-8",
    )
    path.chmod(0o600)
    print(f"{path}: written (DEBUG=1 and a generated development key)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
