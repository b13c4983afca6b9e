"""Settings shared by every environment; each value comes from the environment through one environ.Env()."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "config.api.views.csrf_failure"

# The embedded default is a SQLite file under var/; a postgres:// URL uses psycopg 3.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
# False: an Idempotency-Key's claim must commit before the request's own transaction starts (idempotency app)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Read replicas of that database, comma-separated URLs: aliases replica_1, replica_2… that the reads of safe
# requests go to (config/replicas.py); the test runner points them at the primary's test database.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASES[f"replica_{_number}"] = {
        **env.db_url_config(_url),
        "ATOMIC_REQUESTS": False,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_REPLICAS.append(f"replica_{_number}")
DATABASE_ROUTERS = ["config.replicas.ReplicaRouter"]
# PostgreSQL: send values apart from the SQL, so a statement run again (every request runs the same few) is
# parsed and planned once per connection (psycopg prepares it on its second run) instead of every time.
# Behind a transaction-pooling PgBouncer older than 1.21, set DATABASE_PREPARED_STATEMENTS=false.
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql" and env.bool("DATABASE_PREPARED_STATEMENTS", True):
        _database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
# how long a caller's reads stay on the primary after it wrote: longer than the replicas ever lag
DATABASE_REPLICA_STICKY_SECONDS = env.int("DATABASE_REPLICA_STICKY_SECONDS", default=5)

# The primary and its replicas alike: a persistent connection the server closed (restart, failover) is replaced
# before a request uses it; on PostgreSQL, one slow query cannot hold a worker (a statement running longer is
# cancelled; 0: no limit), nor can an unreachable server (503 instead of waiting for TCP to give up).
for _database in DATABASES.values():
    _database["CONN_HEALTH_CHECKS"] = True
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("OPTIONS", {}).update(
            options=f"-c statement_timeout={env.int('DATABASE_STATEMENT_TIMEOUT_MS', default=15_000)}",
            connect_timeout=env.int("DATABASE_CONNECT_TIMEOUT_SECONDS", default=5),
        )

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "regions",
    "customers",
    "products",
    "stores",
    "pricing",
    "discounts",
    "carts",
    "orders",
    "draft_orders",
    "idempotency",
    "events",
    "webhooks",
]

MIDDLEWARE = [
    "config.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.replicas.ReplicaReadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "events.middleware.EventActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.ApiErrorMiddleware",
]
if env.bool("DJANGO_QUERY_COUNT_HEADER", default=False):
    MIDDLEWARE.insert(0, "config.middleware.QueryCountMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/staff/login/"

# Medusa's clients know the session cookie as connect.sid (v1's express-session); 10 h as v1.
SESSION_ENGINE = "config.sessions"
SESSION_COOKIE_NAME = "connect.sid"
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "config" / "static"]  # config is no app: the staff site's shared widgets' scripts
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Mail (a draft order's invoice): Django's console backend unless EMAIL_URL names another, e.g.
# smtp+tls://user:password@smtp.example.com:587 (django-environ's email_url schemes)
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
# the store's name, as an invoice names its sender
STORE_NAME = env("STORE_NAME", default="Draft orders")

# Medusa v1 accepts JSON bodies up to body-parser's default of 100 kb.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=100 * 1024)
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=1000)
# metadata and other free-form objects (v1 has no limit): how deep they nest and how large they are as JSON
API_MAX_METADATA_DEPTH = env.int("API_MAX_METADATA_DEPTH", default=10)
API_MAX_METADATA_BYTES = env.int("API_MAX_METADATA_BYTES", default=16 * 1024)

# Idempotency-Key on POST and DELETE under /admin/ (idempotency app): how long a key and its answer are kept,
# and how long a claim may run before it is taken for a dead process's and a retry runs again
API_REQUEST_GUARD = "idempotency.api.guard.idempotency_guard"
IDEMPOTENCY_KEY_TTL_SECONDS = env.int("IDEMPOTENCY_KEY_TTL_SECONDS", default=24 * 60 * 60)
IDEMPOTENCY_KEY_LOCK_TIMEOUT_SECONDS = env.int("IDEMPOTENCY_KEY_LOCK_TIMEOUT_SECONDS", default=5 * 60)

JWT_SECRET = env("JWT_SECRET", default="")
JWT_TTL_SECONDS = 24 * 60 * 60
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=15 * 60)

# Pages load only the project's own assets; the JSON API under /admin/ keeps v1's headers. The API docs add what
# Swagger UI and ReDoc need (config/urls.py).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- events and webhooks ----------------------------------------------------------------------------------------
# Called by events.services inside the change's transaction, with the new Events (those recorded together).
EVENT_SUBSCRIBERS = ["webhooks.services.deliveries_create"]
# The prepared queries (without parameters) those subscribers run: a write that records events sends them with its
# first statement (events.services.events_read_ahead)
EVENT_SUBSCRIBER_READS = ["webhooks.services.ENDPOINTS_ACTIVE"]

# Receivers on private, loopback or link-local addresses are refused unless this is true (development, tests).
WEBHOOKS_ALLOW_PRIVATE_URLS = env.bool("WEBHOOKS_ALLOW_PRIVATE_URLS", default=False)
WEBHOOKS_TIMEOUT_SECONDS = env.float("WEBHOOKS_TIMEOUT_SECONDS", default=5)
# 14 attempts, waits doubling from 60 s up to 4 h (±20 % jitter): the retries span about a day
WEBHOOKS_MAX_ATTEMPTS = env.int("WEBHOOKS_MAX_ATTEMPTS", default=14)
WEBHOOKS_RETRY_BASE_SECONDS = env.float("WEBHOOKS_RETRY_BASE_SECONDS", default=60)
WEBHOOKS_RETRY_MAX_SECONDS = env.float("WEBHOOKS_RETRY_MAX_SECONDS", default=4 * 60 * 60)
# an endpoint is switched off after this many deliveries in a row failed every attempt
WEBHOOKS_DISABLE_AFTER_FAILURES = env.int("WEBHOOKS_DISABLE_AFTER_FAILURES", default=5)
# how often the sweep hands out deliveries whose message was lost (a killed worker, a flushed broker)
WEBHOOKS_SWEEP_SECONDS = env.float("WEBHOOKS_SWEEP_SECONDS", default=30)

# Celery: the broker carries only "try this delivery now"; the database holds every delivery's state.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# a request that commits must not hang on a broker that is down: the sweep queues what could not be queued
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULE = {"webhooks-sweep": {"task": "webhooks.sweep", "schedule": WEBHOOKS_SWEEP_SECONDS}}
# issue 18 §5: set, the workers' beat purges the open draft orders untouched for that many days, once a day
DRAFT_ORDERS_PURGE_DAYS = env.int("DRAFT_ORDERS_PURGE_DAYS", default=None)
if DRAFT_ORDERS_PURGE_DAYS is not None:
    CELERY_BEAT_SCHEDULE["draft-orders-purge"] = {
        "task": "draft_orders.purge",
        "schedule": 24 * 60 * 60,
        "kwargs": {"older_than_days": DRAFT_ORDERS_PURGE_DAYS},
    }
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "config.api.authentication.AdminSessionAuthentication",
        "config.api.authentication.AdminJwtAuthentication",
        "config.api.authentication.AdminApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["config.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["config.api.renderers.FastJSONRenderer"],
    "EXCEPTION_HANDLER": "config.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.MedusaAutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # the proxies in front that set X-Forwarded-For: the client address logins are counted by (0: REMOTE_ADDR)
    "NUM_PROXIES": env.int("DJANGO_NUM_PROXIES", default=0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Draft orders Admin API (Medusa v1 compatible)",
    "DESCRIPTION": "Medusa v1's Admin API for draft orders and the resources a draft order needs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI's validator badge would load an image from validator.swagger.io on every non-local host
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # v1's security schemes, verbatim, and its order of them on every authenticated operation
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "api_token": {
                "type": "apiKey",
                "x-displayName": "API Token",
                "in": "header",
                "name": "x-medusa-access-token",
            },
            "jwt_token": {"type": "http", "x-displayName": "JWT Token", "scheme": "bearer"},
            "cookie_auth": {
                "type": "apiKey",
                "in": "cookie",
                "name": "connect.sid",
                "x-displayName": "Cookie Session ID",
            },
        }
    },
    "SECURITY": [{"api_token": []}, {"cookie_auth": []}, {"jwt_token": []}],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.schema.postprocess_medusa_components",
        "idempotency.api.schema.postprocess_idempotency_key_header",
        "webhooks.schema.postprocess_webhook_payloads",
        "draft_orders.api.schema.postprocess_quote_components",
    ],
    "AUTHENTICATION_WHITELIST": [],
    # a nullable choice column is a nullable enum, without spectacular's extra BlankEnum/NullEnum members
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": False,
    # one name per enum where apps share a field name (`type`) for different choices
    "ENUM_NAME_OVERRIDES": {
        "DiscountRuleTypeEnum": "discounts.models.DiscountRule.Type",
        "ShippingOptionRequirementTypeEnum": "regions.models.ShippingOptionRequirement.Type",
        "PriceListTypeEnum": "pricing.models.PriceList.Type",
        "PriceListStatusEnum": "pricing.models.PriceList.Status",
        "ProductStatusEnum": "products.models.Product.Status",
        "CartTypeEnum": "carts.models.Cart.Type",
        "ManualDiscountTypeEnum": "carts.totals.ManualDiscount.TYPES",
        "DraftOrderStatusEnum": "draft_orders.models.DraftOrder.Status",
        "OrderStatusEnum": "orders.models.Order.Status",
        "PaymentSessionStatusEnum": "orders.models.PaymentSession.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Email uniqueness is the case-insensitive constraint on live users (accounts.User.Meta), not a column flag.
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailBackend"]
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
