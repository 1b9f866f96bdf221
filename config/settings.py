"""Settings for the peer-mentoring app.

One settings module; every value comes from the environment (or a `.env` file beside
manage.py) through django-environ. Defaults are safe for development: SQLite, a broker
that needs no server, console email. `.env.example` lists every variable, and the
README has them in a table.
"""

from datetime import time, timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV", default=True) and (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

# --- Core -------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Only development (DEBUG on) may fall back to the well-known development key; a live
# service refuses to start without its own. `manage.py check --deploy` also refuses the
# development key (see accounts/checks.py).
INSECURE_DEV_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=true on a development machine."
        )
    SECRET_KEY = INSECURE_DEV_SECRET_KEY
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# The address people use to reach the app; links in emails sent by background jobs use it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = [o for o in env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[]) if o]
# The benchmark's baseline pages (demo/baselines.py, bench/README.md); `dev.py bench` only.
BENCH_BASELINES = env.bool("BENCH_BASELINES", default=False)

INSTALLED_APPS = [
    "django.forms",  # its widget templates, found through TEMPLATES (FORM_RENDERER below)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_forms_gds",
    "django_celery_beat",
    "django_htmx",
    "django_filters",
    "csp",
    # Our apps, in dependency order: each may use the ones above it, never below
    # (ARCHITECTURE.md; .importlinter enforces it).
    "core",
    "accounts",
    "notifications",
    "mentoring.referrals",
    "mentoring.training",
    "mentoring.recruitment",
    "mentoring.mentees",
    "mentoring.matching",
    "sessions_log.logs",
    "sessions_log.monitoring",
    "sessions_log.reminders",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a signed-in user unless it says @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "core.middleware.NoStoreWhenSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

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
                "accounts.context_processors.capabilities",
                "dashboard.context_processors.navigation",
                "core.context_processors.session_timeout",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so templates/django/forms/widgets/ can replace Django's
# own: a drop-down there writes its options in one loop instead of one include per option.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share the file in development: wait for locks, write-ahead log.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL weighs every order of joining up to 8 tables (join_collapse_limit). A page
    # that shows one record with the people around it joins 10, and planning took 5 ms of a
    # query that runs in 0.4 ms; at 5 the planner keeps the order Django writes (the record
    # first, then what it points to) in steps of 5, and no page's queries got slower
    # (bench/README.md, "Planning time"). DATABASE_JOIN_COLLAPSE_LIMIT=8 restores the default.
    join_limit = env.int("DATABASE_JOIN_COLLAPSE_LIMIT", default=5)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c join_collapse_limit={join_limit}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis and cache ----------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Redis through django-redis; when Redis cannot be reached the cache falls back to a
    # count in each process's memory (core/cache.py), so rate limits keep counting and
    # every page keeps working while Redis is down.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisWithLocalFallback",
            "LOCATION": REDIS_URL,
            # `dev.py test` sets one per run, so runs sharing a Redis keep apart.
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="mentoring"),
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts and sign-in (django-allauth) ------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
# Closes sign-up (accounts.adapter); its emails are deliveries like every other message.
ACCOUNT_ADAPTER = "notifications.allauth.DeliveryAccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts are made by coordinators, not by sign-up
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None  # ask "Keep me signed in"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# The service's name: in every email's subject and signature, and in page titles.
SERVICE_NAME = "Back pain peer mentoring"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{SERVICE_NAME}: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# A sign-in ends after SESSION_IDLE_TIMEOUT without a page being opened (pages move the
# end on), and after SESSION_ABSOLUTE_TIMEOUT however busy (core/middleware.py).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=60))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env.int("SESSION_ABSOLUTE_TIMEOUT_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_IDLE_TIMEOUT.total_seconds())

# --- Email --------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Back pain peer mentoring <no-reply@mentoring.invalid>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security (production values switch on from the environment) --------------------------
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_BEHIND_PROXY", default=False) else None
)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): only our own scripts, styles, images and fonts;
# nothing inline (tests/core/test_templates_have_no_inline_code.py keeps templates so).
# data: images are Bootstrap's form icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): no page may use these.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}
CSRF_FAILURE_VIEW = "dashboard.views.csrf_failure"

# --- Language, time -----------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production (docker-compose.yml) uses whitenoise's compressed manifest storage.
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        ),
    },
}

# django-ratelimit (the public volunteer form): counts live in the cache; if the cache is
# unreachable the form still works rather than failing.
RATELIMIT_FAIL_OPEN = True

# How many reverse proxies of ours stand in front of the app. Rate limits (sign-in, the
# volunteer form) count the client's address: REMOTE_ADDR with none, else the address
# from X-Forwarded-For that our proxies did not add (core/http.py).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "core.http.client_ip"
# allauth's own rate limits ask accounts.adapter, which uses core.http.client_ip too;
# allauth reads this setting itself wherever it does not ask the adapter.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# The GOV.UK Design System (README: "The look of the pages"), through crispy-forms-gds.
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"
# crispy-forms-gds styles only text, email and password boxes; number and date boxes need
# GOV.UK's input class too.
CRISPY_CLASS_CONVERTERS = {
    "numberinput": "govuk-input govuk-input--width-5",
    "dateinput": "govuk-input govuk-input--width-10",
}

# --- Celery -------------------------------------------------------------------------------
# With REDIS_URL set, Redis is the broker. Without it, Celery's filesystem transport is
# used, so development needs no server at all.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem"):
    _broker_dir = Path(env.path("CELERY_FILESYSTEM_DIR", default=VAR_DIR / "celery"))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # A little longer than the longest task (its hard time limit), so a task a dead
    # worker had taken is handed out again within minutes, not an hour. Sending twice is
    # prevented by the delivery claim, not by this.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int(
            "CELERY_VISIBILITY_TIMEOUT", default=env.int("CELERY_TASK_TIME_LIMIT", default=300) + 60
        )
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Reliability: a task is acknowledged only once it has finished, and is handed out again
# if the worker running it dies. Tasks must therefore be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
# A page that queues a message does not wait long for a broker that is down: the message
# is already in the database and the sweep sends it once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The starting schedule. django-celery-beat copies it into the database, where an
# administrator can change it in the Django admin ("Periodic tasks").
CELERY_BEAT_SCHEDULE = {
    "record-worker-heartbeat": {
        "task": "core.tasks.record_heartbeat",
        "schedule": timedelta(minutes=1),
    },
    "send-due-messages": {
        "task": "notifications.tasks.sweep_deliveries",
        "schedule": timedelta(minutes=1),
    },
    "clear-expired-sign-in-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
    "clear-old-messages": {
        "task": "notifications.tasks.clear_old_deliveries",
        "schedule": crontab(hour=3, minute=30),
    },
    "monitoring-run": {
        "task": "sessions_log.monitoring.tasks.run_monitoring",
        "schedule": crontab(hour=2, minute=0),
    },
    # Reminders (sessions_log.reminders): planned early, sent from the end of quiet hours.
    "plan-contact-reminders": {
        "task": "sessions_log.reminders.tasks.plan_contact_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "plan-log-nudges": {
        "task": "sessions_log.reminders.tasks.plan_log_nudges",
        "schedule": crontab(hour=7, minute=10),
    },
    "plan-coordinator-digests": {
        "task": "sessions_log.reminders.tasks.plan_coordinator_digests",
        "schedule": crontab(hour=7, minute=20),
    },
}
# Messages (notifications.sending): how often to try, and when a message a worker was
# sending when it died is shown to coordinators as "not known if it was sent".
DELIVERY_MAX_ATTEMPTS = env.int("DELIVERY_MAX_ATTEMPTS", default=6)
DELIVERY_UNKNOWN_AFTER = timedelta(minutes=env.int("DELIVERY_UNKNOWN_AFTER_MINUTES", default=10))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Quiet hours, local time (TIME_ZONE): reminders by email or text wait until they end.
QUIET_HOURS_START = time.fromisoformat(env.str("QUIET_HOURS_START", default="21:00"))
QUIET_HOURS_END = time.fromisoformat(env.str("QUIET_HOURS_END", default="08:00"))
# Text messages (notifications.text): GOV.UK Notify for real, with an API key and a text
# template whose whole content is ((body)); the console or a folder of files in development.
TEXT_BACKEND = env.str("TEXT_BACKEND", default="notifications.text.ConsoleBackend")
TEXT_FILE_PATH = env.str("TEXT_FILE_PATH", default=str(BASE_DIR / "var" / "texts"))
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_TEXT_TEMPLATE_ID = env.str("NOTIFY_TEXT_TEMPLATE_ID", default="")
# Reminders (sessions_log.reminders): a letter is printed this many days before the contact
# (other reminders go the day before); a mentor is nudged to log a contact this many days
# after it was planned.
REMINDER_LETTER_DAYS_BEFORE = env.int("REMINDER_LETTER_DAYS_BEFORE", default=4)
REMINDER_NUDGE_AFTER_DAYS = env.int("REMINDER_NUDGE_AFTER_DAYS", default=2)
# How long without a heartbeat before the dashboards say background jobs have stopped.
HEARTBEAT_STALE_AFTER = timedelta(minutes=env.int("HEARTBEAT_STALE_AFTER_MINUTES", default=10))

# --- Logging: no personal data; ids only ---------------------------------------------------
# Every handler redacts the row values PostgreSQL puts in its errors (core/logging.py).
# Django's own loggers write only through it (not through Django's default handlers), and
# the Celery worker and beat log through this configuration too (config/celery.py).
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_personal_data": {"()": "core.logging.RedactPersonalData"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
