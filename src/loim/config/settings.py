"""Settings, read from the environment (twelve-factor, through django-environ).

Everything that differs between a laptop demo, CI and production is an environment variable:
DATABASE_URL (DATABASE_REPLICA_URL), SECRET_KEY, ALLOWED_HOSTS, DEBUG, EMAIL_URL, DEFAULT_FROM_EMAIL, LOIM_DEMO,
TARA_* (state authentication service). Outside DEBUG the process refuses to start without a secret
key, or with a short, repetitive or development one, so a forgotten variable is a loud failure, not
a guessable key.

A development `.env` in LOIM_HOME (the working directory by default), which `make install` and
`make run` write (scripts/dev_env.py: DEBUG=1 and a generated `django-insecure-` key), is read first;
a variable set in the environment wins over the file. Its key is refused outside DEBUG.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(environ.Env().str("LOIM_HOME", default=str(Path.cwd())))
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
DOTENV = BASE_DIR / ".env"
if DOTENV.is_file():
    environ.Env.read_env(DOTENV)  # never overwrites a variable the environment already has


def _env(reader, name, **kwargs):
    """Read one variable, turning a malformed value into a message that names it."""
    try:
        return reader(name, **kwargs)
    except (ValueError, TypeError, KeyError, environ.ImproperlyConfigured) as exc:
        raise ImproperlyConfigured(f"Environment variable {name} is malformed: {exc}") from exc


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def _flag(name: str, default: bool = False) -> bool:
    """A yes/no variable; anything but 1/0, true/false, yes/no, on/off is refused by name."""
    raw = env.str(name, default="1" if default else "0").strip().lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"Environment variable {name} must be 1 or 0 (true/false, yes/no, on/off), not {raw!r}.")


DEBUG = _flag("DEBUG")
DEMO_MODE = _flag("LOIM_DEMO")

# Django's own deploy check (security.W009) only warns about these; here they stop the process.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5
DEV_KEY_PREFIX = "django-insecure"  # Django's startproject keys and the `.env` of `make run`


def secret_key_problem(key: str) -> str | None:
    """Why `key` may not sign anything in production, or None when it may."""
    if key.startswith(DEV_KEY_PREFIX):
        return (
            f"SECRET_KEY is a development key (it starts with {DEV_KEY_PREFIX!r}, as the one `make run` "
            f"writes to {DOTENV} does) and DEBUG is off"
        )
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"SECRET_KEY is too short ({len(key)} characters; at least {SECRET_KEY_MIN_LENGTH} are needed)"
    if len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        return (
            f"SECRET_KEY is too repetitive ({len(set(key))} distinct characters; "
            f"at least {SECRET_KEY_MIN_DISTINCT} are needed)"
        )
    return None


SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(at least 50 random characters); only DEBUG=1 runs without one."
        )
    SECRET_KEY = DEV_KEY_PREFIX + "-development-key-only-for-debug-" + "x" * 20
elif not DEBUG and (problem := secret_key_problem(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"{problem}. Set SECRET_KEY to a production key, e.g. the output of "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(64))'`; only DEBUG=1 runs with this one."
    )
if DEMO_MODE and not DEBUG:
    raise ImproperlyConfigured("LOIM_DEMO=1 creates demo accounts; it is only allowed together with DEBUG=1.")

ALLOWED_HOSTS = _env(env.list, "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = _env(env.list, "CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "loim.core",
    "loim.places",
    "loim.parties",
    "loim.plans",
    "loim.events",
    "loim.inquiries",
    "loim.register",
    "loim.network",
    "loim.services",
    "loim.communication",
    "loim.monitoring",
    "loim.portal",
    "loim.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "csp",
    "auditlog",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "loim.core.logs.RequestIdMiddleware",  # X-Request-ID in, out, and on every log record (core.logs)
    # /health/ is answered here, before host validation, the HTTPS redirect and sessions (core.health)
    "loim.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "loim.core.middleware.LocaleMiddleware",  # Django's, without redirecting unprefixed 404s
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "loim.core.routers.PinToPrimaryMiddleware",  # a write pins the browser's reads to the primary
    "loim.core.middleware.GenerationsMiddleware",  # one query for the write counters of a page (core.generations)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "loim.core.middleware.RequireAdminSecondFactorMiddleware",
    "loim.core.middleware.AuditlogMiddleware",  # django-auditlog's, not on public pages
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "loim.config.urls"
WSGI_APPLICATION = "loim.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "loim.core.context_processors.navigation",
                "loim.core.context_processors.policy",
            ],
        },
    }
]
# Django's form renderer, with <select> written without a template include per option (core.formrender)
FORM_RENDERER = "loim.core.formrender.Renderer"

# --- Cache: CACHE_URL (redis://… in production, shared by the web servers); the embedded default is
# a file cache under var/cache, shared by the processes of one machine (the portal's pages, the rate
# limits). Every cached page part is keyed by a generation read from the database (core.generations),
# never trusted by age alone; the file cache is emptied after `migrate`, because a new database
# starts its generations again.
CACHES = {"default": _env(env.cache_url, "CACHE_URL", default="filecache://" + str(VAR_DIR / "cache"))}
# Sessions: in the database, read through the cache when the cache is shared (Redis or memcached from
# CACHE_URL, or the embedded file cache of one machine); with each process's own memory a session
# changed (or ended) in one process would stay cached, stale, in the others, so then the database alone.
SHARED_CACHE = CACHES["default"]["BACKEND"] not in (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if SHARED_CACHE else "db")
# Seconds the public portal keeps its data generation in the cache, so a cached page needs no database
# query; an ORM write forgets it at once, other writes show within this bound (loim.portal.cache).
PORTAL_GENERATION_SECONDS = _env(env.int, "PORTAL_GENERATION_SECONDS", default=2)

# --- Database: SQLite under var/ is the embedded default; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": _env(env.db_url, "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'loim.sqlite3'}"),
}
if DATABASES["default"].get("ENGINE") not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured(
        "Environment variable DATABASE_URL must be postgres://user:password@host:port/name or sqlite:///path."
    )
# Persistent connections outside DEBUG (DATABASE_CONN_MAX_AGE seconds, 0 = one per request; a
# `?conn_max_age=` in DATABASE_URL wins): a new connection per request cost 29 ms on SQLite (the
# schema read again, the WAL checkpointed when the last one closes) against 1.5 ms for an empty view,
# and a PostgreSQL backend start besides (issue 14, `make bench`'s portal_load). The development
# server's threads live one request each, so DEBUG keeps one per request.
DATABASES["default"].setdefault("CONN_MAX_AGE", _env(env.int, "DATABASE_CONN_MAX_AGE", default=0 if DEBUG else 60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # secure_delete is SQLite's default in Debian's build, but not everywhere: set explicitly, so a
    # deleted row's bytes (an erased person's name) are overwritten in the file at once (issue 18).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
        }
    )
# An optional read replica (DATABASE_REPLICA_URL, PostgreSQL streaming replication of the primary):
# the statistics, dashboard, report page and exports read it inside `reading_from_replica()`, and
# everything else, every write and a user's reads for REPLICA_PIN_SECONDS after a write stay on the
# primary (core.routers). The router is always installed; without the alias it answers "default".
DATABASE_ROUTERS = ["loim.core.routers.ReplicaRouter"]
REPLICA_PIN_SECONDS = _env(env.int, "REPLICA_PIN_SECONDS", default=10)
if env.str("DATABASE_REPLICA_URL", default=""):
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "Environment variable DATABASE_REPLICA_URL needs DATABASE_URL to be PostgreSQL (a replica of it)."
        )
    DATABASES["replica"] = _env(env.db_url, "DATABASE_REPLICA_URL")
    if DATABASES["replica"].get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "Environment variable DATABASE_REPLICA_URL must be postgres://user:password@host:port/name."
        )
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # Tests: the replica is the test database itself (no second copy), unless a test opens its own.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts
AUTH_USER_MODEL = "core.User"
# Core's tenancy asks the parties app, through these two names only, who belongs to which party.
LOIM_PARTY_MODEL = "parties.Party"
LOIM_MEMBERSHIP_FACTS = "loim.parties.facts.membership_facts"
# … and the network app, through this one, which networks a user is an active member of.
LOIM_NETWORK_MEMBERSHIPS = "loim.network.facts.network_ids"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "loim.core.accounts.ClosedAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {"login_failed": False}  # throttling is django-axes' job, one mechanism
SOCIALACCOUNT_ADAPTER = "loim.core.accounts.TaraSocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_ONLY = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Lõim"

# TARA (riigi autentimisteenus) through allauth's OpenID Connect provider: off unless configured.
TARA_CLIENT_ID = env.str("TARA_CLIENT_ID", default="")
TARA_SERVER_URL = env.str("TARA_SERVER_URL", default="https://tara.ria.ee/oidc")
SOCIALACCOUNT_PROVIDERS: dict = {}
if TARA_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "tara",
                "name": "TARA",
                "client_id": TARA_CLIENT_ID,
                "secret": env.str("TARA_CLIENT_SECRET", default=""),
                "settings": {
                    "server_url": TARA_SERVER_URL,
                    "token_auth_method": "client_secret_basic",
                    "scope": ["openid"],
                },
            }
        ],
    }

# Login throttling: the sixth wrong password in a row for an account from one address is refused.
AXES_FAILURE_LIMIT = 6  # the sixth failure in a row is answered with the lockout page
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "loim.core.accounts.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "loim.core.views.csrf_failure"

# --- Security headers; in production behind TLS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = _env(env.int, "SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"] + ([TARA_SERVER_URL] if TARA_CLIENT_ID else []),
        "frame-ancestors": ["'none'"],
    }
}

# --- Languages: Estonian by default, English everywhere, Russian and Ukrainian on public pages.
LANGUAGE_CODE = "et"
LANGUAGES = [("et", "Eesti"), ("en", "English"), ("ru", "Русский"), ("uk", "Українська")]
STAFF_LANGUAGES = ("et", "en")
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Tallinn"
FORMAT_MODULE_PATH = ["loim.config.formats"]
LANGUAGE_COOKIE_NAME = "loim_language"
# The accessibility statement's and the portal's feedback contact
PORTAL_FEEDBACK_EMAIL = env.str("PORTAL_FEEDBACK_EMAIL", default="loim@elvl.ee")

# --- Static and uploaded files
STATIC_URL = "/static/"
STATIC_ROOT = _env(env.path, "STATIC_ROOT", default=str(VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = _env(env.path, "MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail
EMAIL_CONFIG = _env(env.email_url, "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Lõim <loim@elvl.ee>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API
REST_FRAMEWORK = {
    # The token first: an unauthenticated call then answers 401 with `WWW-Authenticate: Token` (DRF
    # takes the challenge from the first class; session authentication has none, which gave 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",  # other systems: a token of a service account
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed in, and the viewset's declared ApiPolicy (core.permissions): see loim.api.policy.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "loim.api.policy.PolicyPermission"],
    # Declares the shared error answers (400, 401, 403, 404, 429; 412/428 on versioned records).
    "DEFAULT_SCHEMA_CLASS": "loim.api.schema.LoimAutoSchema",
    # Bounded ?limit= (at most 1,000 rows) and ?offset=, refused with a 400 beyond (docs/api.md).
    "DEFAULT_PAGINATION_CLASS": "loim.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    # JSON nested deeper than 32 levels is refused with a 400 before decoding.
    "DEFAULT_PARSER_CLASSES": [
        "loim.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "DEFAULT_VERSIONING_CLASS": None,
    # 429 with Retry-After over API_RATE_PER_USER; the per-address limit runs before authentication
    # (loim.api.throttling).
    "DEFAULT_THROTTLE_CLASSES": ["loim.api.throttling.PerUserThrottle"],
    # Addresses behind the reverse proxy: the client is the last X-Forwarded-For entry it appends.
    "NUM_PROXIES": _env(env.int, "API_NUM_PROXIES", default=0) or None,
}
API_RATE_PER_USER = env.str("API_RATE_PER_USER", default="600/minute")
API_RATE_PER_ADDRESS = env.str("API_RATE_PER_ADDRESS", default="600/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Lõim API",
    "DESCRIPTION": "Lõim's REST API. Every endpoint answers only what the caller's party may see.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "loim.core.vocabulary.Language",
        "ParticipantGroupEnum": "loim.core.vocabulary.ParticipantGroup",
        "TargetGroupEnum": "loim.core.vocabulary.TargetGroup",
        "CommitmentPeriodEnum": "loim.plans.models.Period",
        "ReportPeriodEnum": "loim.monitoring.models.ReportPeriod",
    },
}

# --- Background work: django-tasks with the database backend, so no broker is needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Each `loim db_worker` writes its heartbeat row this often; /health/ fails the worker check when the
# newest is older than HEALTH_WORKER_MAX_AGE (core.health).
WORKER_HEARTBEAT_SECONDS = _env(env.float, "WORKER_HEARTBEAT_SECONDS", default=10.0)
HEALTH_WORKER_MAX_AGE = _env(env.int, "HEALTH_WORKER_MAX_AGE", default=60)

# --- Audit log (django-auditlog): models register themselves; see core.audit.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = True  # an address is personal data we do not need

# --- Logs: one JSON object per line outside DEBUG (LOG_FORMAT=json|text), each with its request's id
# (core.logs); never a query string, form body or header.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"Environment variable LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "loim.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "loim.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates every PDF at INFO and warns about CSS it does not use (screen-only rules)
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

SILENCED_SYSTEM_CHECKS: list[str] = []
