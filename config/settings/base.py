"""Settings shared by every profile. Everything deployment-specific comes from the environment
(see the README's table of variables); the embedded defaults run the app on SQLite with Celery
tasks executed in-process."""
import datetime as dt
import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me-0123456789abcdef")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Demo instances say in the footer that their programme data is illustrative.
DEMO_MODE = env.bool("DWCP_DEMO_MODE", default=False)

INSTALLED_APPS = [
    "modeltranslation",  # titles in each language (docs/libraries.md); before the admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_countries",  # its French and Spanish country names (Country.label)
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_celery_beat",
    "axes",
    "core",
    "core.events",  # the event feed and webhooks (docs/events.md)
    "constituents",
    "programmes",
    "capacity",
    "evaluation",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.RequestIdMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in with its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "core.context_processors.app_context",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dwcp.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a user name locked out after repeated wrong passwords (core.tokens).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (django-axes): this many wrong passwords for one user name from one
# address lock that pair out for a while, on the sign-in form and the token endpoint.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# API tokens expire this many days after they are issued (core.tokens).
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=30)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
# Translated content (django-modeltranslation, docs/libraries.md): the language of entry is
# English; a missing translation falls back to it, and pages mark it as such (core_tags.translated).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
FORMAT_MODULE_PATH = ["config.formats"]  # dates as the Office writes them, per language
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Cache: Redis when REDIS_URL is set, otherwise process memory.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no broker configured, tasks run in-process (eagerly) so the embedded
# default needs no other service.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
# A task whose worker process dies (killed, out of memory) goes back to the queue; a message
# whose worker died altogether is redelivered after the visibility timeout, longer than any
# task's time limit. The run it works on is then taken again (core.taskruns.claimable).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("DWCP_BROKER_VISIBILITY_TIMEOUT", default=2 * 60 * 60)}
# The queue tasks are sent to (the worker tests give each test database its own).
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task run hit by a transient database fault is retried this many seconds later, then twice
# as long, ... (core.taskruns.retry_or_fail: 30, 60, 120 s); the worker tests make it short.
TASK_RETRY_BACKOFF = env.float("DWCP_TASK_RETRY_BACKOFF", default=30)
# Work still queued this many seconds after it was recorded is sent again by the catch-up
# (core.taskruns.catch_up): the broker was out of reach, or lost the message.
TASK_PENDING_AFTER = env.float("DWCP_TASK_PENDING_AFTER", default=120)
# A long report (its last appendix at least REPORT_PARTS_MIN_TABLES tables) is laid out in parts
# on up to REPORT_RENDER_WORKERS processes of the worker and merged, still tagged PDF/UA
# (reporting/renderers/parallel.py); 1 lays every report out in one process.
REPORT_RENDER_WORKERS = env.int("REPORT_RENDER_WORKERS", default=min(4, os.cpu_count() or 1))
REPORT_PARTS_MIN_TABLES = env.int("REPORT_PARTS_MIN_TABLES", default=40)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict = {
    # Work recorded while the broker was out of reach, or abandoned by a dead worker.
    "catch-up": {"task": "core.catch_up", "schedule": 5 * 60, "options": {"expires": 4 * 60}},
    # Nightly full recompute of results (approvals also recompute their indicator at once).
    "recompute-results-nightly": {"task": "programmes.recompute_all",
                                  "schedule": 60 * 60 * 24, "options": {"expires": 60 * 60}},
    "recompute-capacity-nightly": {"task": "capacity.recompute_all", "schedule": 86400},
    # Nightly evaluation figures: due and overdue flags move with the calendar.
    "recompute-evaluation-nightly": {"task": "evaluation.recompute_all", "schedule": 86400},
    # Nightly development cooperation tables (portfolio writes also queue a run).
    "compute-portfolio-nightly": {"task": "programmes.compute_portfolio", "schedule": 86400},
    # Each morning: reminders of the reporting calendars, then the digests of notifications.
    "reporting-reminders-daily": {"task": "programmes.send_reminders",
                                  "schedule": crontab(hour=5, minute=30)},
    "follow-up-reminders-daily": {"task": "evaluation.send_reminders",
                                  "schedule": crontab(hour=5, minute=35)},
    # Each morning, one e-mail per person who chose a daily digest of their notifications.
    "notification-digests-daily": {"task": "core.send_notification_digests",
                                   "schedule": crontab(hour=6, minute=0)},
    # Each minute, the webhook attempts whose retry is due (docs/events.md).
    "webhook-retries": {"task": "events.retry_webhooks", "schedule": 60,
                        "options": {"expires": 55}},
}
# Webhooks (docs/events.md): seconds to wait after the 1st, 2nd, ... failed attempt (one
# attempt more than listed in all); and whether targets on private or loopback addresses are
# allowed (never in production; tests and the development profile allow them).
WEBHOOK_RETRY_SCHEDULE = env.list("DWCP_WEBHOOK_RETRY_SCHEDULE", cast=float,
                                  default=[60, 300, 1800, 7200, 43200])
DWCP_WEBHOOKS_ALLOW_LOCAL = env.bool("DWCP_WEBHOOKS_ALLOW_LOCAL", default=False)

# E-mail (notifications): EMAIL_URL as django-environ reads it, e.g.
# smtp+tls://user:password@smtp.example.org:587; by default printed on the console.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="DWCP Manager <dwcp-manager@localhost>")
# The address of this site, for links in e-mails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Reminders (programmes/services/reminders.py): a reporting date is "due soon" this many days
# before it; a biennium's milestones this many days before its end, and "overdue" this many
# days after it when nothing was reported for them.
REMINDER_REPORTING_DAYS = env.int("REMINDER_REPORTING_DAYS", default=14)
REMINDER_MILESTONE_DAYS = env.int("REMINDER_MILESTONE_DAYS", default=60)
REMINDER_MILESTONE_OVERDUE_DAYS = env.int("REMINDER_MILESTONE_OVERDUE_DAYS", default=120)

REST_FRAMEWORK = {
    # Token first: a refused or expired token is a 401 with WWW-Authenticate: Token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.drf.PolicyPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.drf.DefaultPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.drf.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DWCP Manager API",
    "DESCRIPTION": "Decent Work Country Programmes, results and capacity development of "
    "ILO constituents. Every list is filtered to what the caller may see.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The refusals every operation can answer with, documented once (core.openapi).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "core.openapi.document_refusals"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files (no CDN) by the split view (no inline
    # script), so /api/docs/ works offline and under the strict CSP below.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per choice set, so that fields sharing a set (a DWCP's status and the
    # from/to of its status changes) share an enum and same-named sets do not collide.
    "ENUM_NAME_OVERRIDES": {
        "DwcpStatusEnum": "programmes.models.dwcp.DwcpStatus",
        "SignatoryPartyEnum": "programmes.models.dwcp.SignatoryParty",
        "CommitteeDecisionStatusEnum":
            "programmes.models.dwcp.SteeringCommitteeDecision.Status",
        "ProjectStatusEnum": "programmes.models.resources.ProjectStage",
        "FundingSourceEnum": "programmes.models.resources.FundingSource",
        "UNFrameworkKindEnum": "programmes.models.frameworks.UNFramework.Kind",
        "PBOutcomeKindEnum": "programmes.models.reference.PBOutcome.Kind",
        "ConstituentTypeEnum": "constituents.models.ConstituentType",
        "ConstituentLevelEnum": "constituents.models.Constituent.Level",
        "ConstituentGroupEnum": "core.roles.ConstituentGroup",
        "TaskRunStatusEnum": "core.models.TaskRun.Status",
        "UpdateStatusEnum": "programmes.models.indicators.UpdateStatus",
        "ResultStatusEnum": "programmes.models.computed.ResultStatus",
        "CapacityLevelEnum": "capacity.models.choices.CapacityLevel",
        "CapacityTypeEnum": "capacity.models.choices.CapacityType",
        "AssessmentMethodEnum": "capacity.models.choices.AssessmentMethod",
        "AssessmentRoundEnum": "capacity.models.choices.AssessmentRound",
        "NeedStatusEnum": "capacity.models.choices.NeedStatus",
        "NeedPriorityEnum": "capacity.models.choices.Priority",
        "TechnicalAreaEnum": "capacity.models.choices.TechnicalArea",
        "InterventionMethodEnum": "capacity.models.choices.InterventionMethod",
        "InterventionStatusEnum": "capacity.models.choices.InterventionStatus",
        "ProviderEnum": "capacity.models.choices.Provider",
        "ParticipantGroupEnum": "capacity.models.choices.ParticipantGroup",
        "SexEnum": "capacity.models.choices.Sex",
        "CapacityPlanStatusEnum": "capacity.models.needs.CapacityDevelopmentPlan.Status",
        "CapacityIndexAxisEnum": "capacity.models.computed.AssessmentIndex.Axis",
        "ReportKindEnum": "reporting.models.ReportKind",
        "ReportLanguageEnum": "reporting.models.Language",
        "ReportRunStatusEnum": "reporting.models.ReportRun.Status",
        "IndicatorRevisionKindEnum": "programmes.models.indicators.IndicatorRevision.Kind",
        "EvaluationStatusEnum": "evaluation.models.choices.EvaluationStatus",
        "EvaluationSubjectKindEnum": "evaluation.models.choices.SubjectKind",
        "CoverageRuleSubjectEnum": "evaluation.models.coverage.CoverageRule.SUBJECTS",
        "CoverageStatusEnum": "evaluation.models.choices.CoverageStatus",
        "FollowUpActionStatusEnum": "evaluation.models.choices.ActionStatus",
    },
}

# Content Security Policy: no inline scripts; everything served from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
# A session ends after a working day (DWCP_SESSION_HOURS) and when the browser closes, so
# a shared office computer does not stay signed in; docs/security.md.
SESSION_COOKIE_AGE = env.int("DWCP_SESSION_HOURS", default=10) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="text")  # "json" for structured logs
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        # django-axes says every reset on a successful sign-in at INFO; lockouts are WARNING.
        "axes": {"level": "WARNING"},
    },
}
