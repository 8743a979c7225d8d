"""Platform pages: the role-aware home page, the change history of any object, health."""
from __future__ import annotations

import logging
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.views import i18n as i18n_views
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import policy
from .history import history_entries
from .home import home_context
from .models import AuditedModel
from .types import AuthenticatedRequest

logger = logging.getLogger(__name__)


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "core/home.html", home_context(request.user))


@login_required
def object_history(request: HttpRequest, app_label: str, model_name: str,
                   pk: int) -> HttpResponse:
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404("No such kind of record.") from exc
    if not issubclass(model, AuditedModel):
        raise Http404("This kind of record has no history.")
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404("No such record.")
    if not policy.can_view(request.user, obj):
        raise PermissionDenied
    records = (model.history.filter(id=pk).select_related("history_user")
               .order_by("-history_date", "-history_id"))
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "core/history.html", {
        "object": obj,
        "model_name": model._meta.verbose_name,
        "page_obj": page,
        "entries": history_entries(model, page.object_list),
    })


def _check(fn: Callable[[], str]) -> dict[str, object]:
    try:
        detail = fn()
        return {"ok": True, "detail": detail}
    except Exception as exc:  # noqa: BLE001 - a health check reports any failure
        logger.warning("health check failed: %s", exc)
        return {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _cache() -> str:
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value just written")
    backend: str = settings.CACHES["default"]["BACKEND"]
    return backend.rsplit(".", 1)[-1]


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "none configured: tasks run in-process"
    from config.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        transport = conn.transport_cls
    return transport if isinstance(transport, str) else "connected"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _check(_database), "cache": _check(_cache),
              "broker": _check(_broker)}
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks},
                        status=200 if healthy else 503)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The refusal's own reason when it gives one (e.g. one's own update), else scope."""
    reason = str(exception) if isinstance(exception, PermissionDenied) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context processors: the failure may be the database
    # the navigation or the session needs.
    return HttpResponseServerError(loader.render_to_string("errors/500.html"))


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The footer's language switcher: Django's ``set_language`` (cookie and redirect), and
    for a signed-in person the choice saved on the account, so that their pages, e-mails and
    notifications follow it."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) \
            and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response
