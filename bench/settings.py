"""The settings gunicorn serves the load figures with (`bench.load.Server`): the real settings as in
production (DEBUG off, the middleware, WhiteNoise, the cache of CACHE_URL or each process's memory),
served plain HTTP on loopback, with the bench's empty view beside the project's URLs. The
environment (SECRET_KEY, DATABASE_URL, SECURE_SSL_REDIRECT=0) comes from `make bench`.

One difference: static files are Django's hashed manifest without WhiteNoise's gzip and Brotli copies
(`collectstatic` with compression takes 80 s here, without it a few; the pages name the same hashed
files, and the load asks for pages, not for static files). BENCH_STATIC=plain (the scenario's test,
tests/bench/test_scenario.py) names the static files unhashed instead, with nothing collected.

The session and CSRF cookies are not `Secure` here: the bench speaks plain HTTP on loopback (TLS is
the reverse proxy's, deploy/), and a client keeps a `Secure` cookie from an HTTP answer but never
sends it back over HTTP — every form POST of issue 18's coordinators was a 403 "CSRF cookie not set"."""

import os

from loim.config.settings import *  # noqa: F403
from loim.config.settings import ACCOUNT_RATE_LIMITS, VAR_DIR

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# issue 18's 50 coordinators sign in within seconds, all from 127.0.0.1: past allauth's default of 30
# logins a minute per address (20 of 50 were 429 on the first run); production keeps the default
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "1000/m/ip"}
STATIC_ROOT = VAR_DIR / "bench-static"  # `collectstatic` for the manifest, apart from `make run`'s
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage."
        + ("StaticFilesStorage" if os.environ.get("BENCH_STATIC") == "plain" else "ManifestStaticFilesStorage")
    },
}
