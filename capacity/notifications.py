"""What the capacity app tells people (:mod:`core.notifications`): a capacity need reviewed
or declined by the ACT/EMP or ACTRAV specialists, to the field office of its country."""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import notifications
from core.routing import page_url

from .models import CapacityNeed, NeedStatus

NEED_REVIEWED = "need_reviewed"
NEED_DECLINED = "need_declined"


def field_office(need: CapacityNeed, data: dict[str, Any]) -> list[Any]:
    return list(notifications.field_staff_of(need.constituent.country))


def _what(need: CapacityNeed) -> dict[str, Any]:
    return {"org": need.constituent.name, "need": need.description[:120],
            "country": need.constituent.country.name}


def reviewed_message(need: CapacityNeed, data: dict[str, Any]) -> tuple[str, str]:
    return (_("Need reviewed: %(org)s (%(country)s)") % _what(need),
            _("The specialists reviewed the capacity need of %(org)s “%(need)s”; it can now "
              "be planned.") % _what(need))


def declined_message(need: CapacityNeed, data: dict[str, Any]) -> tuple[str, str]:
    return (_("Need declined: %(org)s (%(country)s)") % _what(need),
            _("The specialists declined the capacity need of %(org)s “%(need)s”: "
              "%(reason)s") % {**_what(need), "reason": need.decline_reason})


def _need_page(need: CapacityNeed) -> str:
    return page_url("capacity:need-detail", need.pk)


def register() -> None:
    notifications.register(notifications.Kind(
        NEED_REVIEWED, gettext_lazy("A capacity need of your countries was reviewed"),
        field_office, reviewed_message, _need_page, related=("constituent__country",)))
    notifications.register(notifications.Kind(
        NEED_DECLINED, gettext_lazy("A capacity need of your countries was declined"),
        field_office, declined_message, _need_page, related=("constituent__country",)))


KIND_OF_STATUS = {NeedStatus.REVIEWED: NEED_REVIEWED, NeedStatus.DECLINED: NEED_DECLINED}
