"""The inbox (a person's own notifications only) and the choice of delivery per kind."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import KINDS
from .delivery import mark_read, unread_count
from .models import Delivery, Notification, NotificationSetting

if TYPE_CHECKING:
    from core.models import User

PAGE_SIZE = 25


def _me(request: HttpRequest) -> User:
    """The signed-in person (the views are behind login_required)."""
    return cast("User", request.user)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(recipient=_me(request))
    unread_only = request.GET.get("show") == "unread"
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows.only("id", "subject", "body", "url", "created_at", "read_at",
                               "kind"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/notifications/inbox.html", {
        "page": page, "unread_only": unread_only,
        "unread": Notification.objects.filter(recipient=_me(request),
                                              read_at__isnull=True).count()})


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one's notification read and go to what it is about."""
    notification = Notification.objects.filter(pk=pk, recipient=_me(request)).first()
    if notification is None:
        raise Http404
    mark_read(request.user, [notification.pk])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notifications:inbox")
    return redirect(target)


@login_required
@require_POST
def read(request: HttpRequest) -> HttpResponse:
    """Mark the chosen notifications (``id``), or all (``all``), read."""
    ids = None if request.POST.get("all") else [
        int(i) for i in request.POST.getlist("id") if i.isdigit()]
    changed = mark_read(request.user, ids)
    messages.success(request, _("Marked as read: %(n)d.") % {"n": changed})
    return redirect("notifications:inbox")


class SettingsForm(forms.Form):
    """One choice per kind of notification."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = dict(NotificationSetting.objects.filter(user=user)
                      .values_list("kind", "delivery"))
        for code, kind in sorted(KINDS.items(), key=lambda item: str(item[1].label)):
            if not kind.notifies:
                continue
            self.fields[code] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices,
                initial=chosen.get(code, kind.default))
        self.has_email = bool(user.email)


EMAIL_MISSING = gettext_lazy("Your account has no e-mail address, so notifications reach "
                             "you in the inbox only. An administrator can add one.")


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for code, delivery in form.cleaned_data.items():
                NotificationSetting.objects.update_or_create(
                    user=request.user, kind=code, defaults={"delivery": delivery})
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    return render(request, "core/notifications/settings.html", {
        "form": form, "email_missing": EMAIL_MISSING if not _me(request).email else ""},
        status=400 if request.method == "POST" else 200)


@login_required
def unread_badge(request: HttpRequest) -> HttpResponse:
    """The header's count of unread notifications, fetched by the page after it loads (so
    that no page pays for it) and again every two minutes."""
    return render(request, "core/notifications/_badge.html",
                  {"count": unread_count(request.user)})
