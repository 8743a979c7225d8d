"""Writes of a DWCP's country priorities (the code is unique within the DWCP)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from core.content import set_translations
from core.errors import ApplicationError
from programmes.models import CountryPriority, Dwcp

from ._common import (
    check_code_free,
    clean_code,
    clean_title,
    delete,
    require_change,
    save,
    set_described,
)

if TYPE_CHECKING:
    from core.models import User


def _priority_code_taken(code: str) -> tuple[str, str]:
    return ("code", _("This DWCP already has a priority with code %(code)s.") % {"code": code})


def _check_priority_code(*, dwcp: Dwcp, code: str, exclude_pk: int | None = None) -> None:
    check_code_free(CountryPriority.objects.filter(dwcp=dwcp, code__iexact=code),
                    exclude_pk=exclude_pk, taken=_priority_code_taken(code))


@transaction.atomic
def priority_create(*, dwcp: Dwcp, code: str, title: str, description: str = "",
                    order: int | None = None, reason: str = "",
                    user: User | None = None,
                    translations: dict[str, str | None] | None = None) -> CountryPriority:
    """Add a country priority to the DWCP. The code is unique within the DWCP;
    ``translations`` the title in other languages ({"title_fr": ...})."""
    require_change(user, dwcp)
    code, title = clean_code(code), clean_title(title)
    _check_priority_code(dwcp=dwcp, code=code)
    if order is None:
        order = dwcp.priorities.count()
    priority = CountryPriority(dwcp=dwcp, code=code, title=title,
                               description=description or "", order=order)
    set_translations(priority, translations)
    save(priority, reason=reason, unique_error=_priority_code_taken(code), user=user)
    return priority


@transaction.atomic
def priority_update(*, priority: CountryPriority, code: str, title: str,
                    description: str = "", order: int | None = None,
                    reason: str = "", user: User | None = None,
                    translations: dict[str, str | None] | None = None) -> CountryPriority:
    require_change(user, priority)
    code, title = clean_code(code), clean_title(title)
    _check_priority_code(dwcp=priority.dwcp, code=code, exclude_pk=priority.pk)
    fields = set_described(priority, code=code, title=title, description=description,
                           order=order)
    fields += set_translations(priority, translations)
    save(priority, reason=reason, update_fields=fields,
         unique_error=_priority_code_taken(code), user=user)
    return priority


@transaction.atomic
def priority_delete(*, priority: CountryPriority, reason: str = "",
                    user: User | None = None) -> None:
    """Delete a priority that has no CPOs (its CPOs must be moved or deleted first)."""
    require_change(user, priority)
    if priority.cpos.exists():
        raise ApplicationError(_("This priority still has outcomes (CPOs); move or delete "
                                 "them first."))
    delete(priority, reason=reason, user=user)
