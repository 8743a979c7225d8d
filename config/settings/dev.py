"""The embedded default: SQLite under var/, tasks in-process, demo data marked illustrative."""
from .base import *  # noqa: F401,F403
from .base import VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
DEMO_MODE = env.bool("DWCP_DEMO_MODE", default=True)
# Webhooks may target a receiver on this machine (docs/events.md).
DWCP_WEBHOOKS_ALLOW_LOCAL = env.bool("DWCP_WEBHOOKS_ALLOW_LOCAL", default=True)
VAR_DIR.mkdir(exist_ok=True)
# WhiteNoise looks for STATIC_ROOT at start-up; an empty one is fine before collectstatic.
(VAR_DIR / "staticfiles").mkdir(exist_ok=True)
