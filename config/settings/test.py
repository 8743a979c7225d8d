"""Test profile. `make test` sets DATABASE_URL / CELERY_BROKER_URL to the real PostgreSQL and
Redis; tasks run eagerly inside tests except in the worker integration tests, which start a real
worker process."""
from .base import *  # noqa: F401,F403
from .base import VAR_DIR, env

VAR_DIR.mkdir(exist_ok=True)
# WhiteNoise looks for STATIC_ROOT at start-up; an empty one is fine before collectstatic.
(VAR_DIR / "staticfiles").mkdir(exist_ok=True)
DEBUG = False
DEMO_MODE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests run tasks in-process; the worker started by the worker integration tests sets
# DWCP_TEST_EAGER=0 so it behaves like a production worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("DWCP_TEST_EAGER", default=True)
# Webhooks may target a receiver on this machine (docs/events.md).
DWCP_WEBHOOKS_ALLOW_LOCAL = env.bool("DWCP_WEBHOOKS_ALLOW_LOCAL", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
