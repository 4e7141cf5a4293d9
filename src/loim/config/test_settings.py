"""Settings for the test suite: the real settings, with a fixed key and faster password hashing.

DATABASE_URL is honoured, so `DATABASE_URL=postgres://... make test` runs the same suite on PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "t" * 40)
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from .settings import *  # noqa: F403
from .settings import DATABASES, VAR_DIR

# Each test process its own memory cache (emptied around every test, tests/conftest.py), not the
# embedded default's file cache that the processes of one machine share.
if "CACHE_URL" not in os.environ:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"  # as settings.py chooses for such a cache

# One connection per request, as Django's test machinery expects (a live server's threads would keep
# theirs open past the test database's teardown); production's persistent ones are settings.py's.
DATABASES["default"]["CONN_MAX_AGE"] = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production is Argon2
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MEDIA_ROOT = VAR_DIR / "test-media"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# The API's rate limits count in the process's cache across tests; tests/api/test_rate_limits.py sets
# its own small ones.
API_RATE_PER_USER = API_RATE_PER_ADDRESS = "100000/minute"
# The portal reads its data generation from the database on every request, so a test's bulk write
# shows at once; tests/portal/test_cache_no_query.py sets the production value.
PORTAL_GENERATION_SECONDS = 0
