"""What the results-framework writes share: the biennia a DWCP spans, code and title
cleaning, the policy check, saving with the reason (a unique-constraint race becomes a field
error), deleting."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import policy
from core.errors import ApplicationError
from core.history import attribute
from programmes.models import Biennium, CountryPriority, Dwcp, Output

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from core.models import User


def biennium_in_dwcp(biennium: Biennium, dwcp: Dwcp) -> bool:
    """Whether the biennium's years overlap the DWCP's period (see
    :mod:`programmes.services.framework`)."""
    return bool(biennium.start_year <= dwcp.end_year and biennium.end_year >= dwcp.start_year)


def biennia_spanned(dwcp: Dwcp) -> QuerySet[Biennium]:
    """The biennia a DWCP spans, oldest first, with their P&B framework."""
    return (Biennium.objects.select_related("framework")
            .filter(start_year__lte=dwcp.end_year, start_year__gte=dwcp.start_year - 1)
            .order_by("start_year"))


def clean_code(code: str) -> str:
    code = (code or "").strip()
    if not code:
        raise ApplicationError(_("Enter a code."), field_errors={"code": [_("Enter a code.")]})
    return code


def clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Enter a title."),
                               field_errors={"title": [_("Enter a title.")]})
    return title


def require_change(user: User | None, obj: Model) -> None:
    """Refuse unless ``user`` may change ``obj`` (a DWCP or an object under one)."""
    policy.require_change(user, obj, _("You may not change the results framework of this DWCP."))


def save(obj: Model, *, reason: str, update_fields: list[str] | None = None,
          unique_error: tuple[str, str] | None = None, user: User | None = None) -> None:
    """Save with the change reason; a unique-constraint race becomes a field error."""
    attribute(obj, user=user, reason=reason or "")
    try:
        with transaction.atomic():
            if update_fields is None:
                obj.save()
            else:
                obj.save(update_fields=[*update_fields, "updated_at"])
    except IntegrityError as exc:
        if unique_error is None:
            raise
        field, message = unique_error
        raise ApplicationError(message, field_errors={field: [message]}) from exc


def delete(obj: Model, *, reason: str, user: User | None = None) -> None:
    attribute(obj, user=user, reason=reason or "")
    obj.delete()


def check_code_free(qs: QuerySet[Any], *, exclude_pk: int | None,
                    taken: tuple[str, str]) -> None:
    """Refuse (``taken``: field and message) when ``qs`` — the records with the same code
    under the same parent — holds another record than ``exclude_pk``."""
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        field, message = taken
        raise ApplicationError(message, field_errors={field: [message]})


def set_described(obj: CountryPriority | Output, *, code: str, title: str, description: str,
                  order: int | None) -> list[str]:
    """Set the code, title, description and (when given) order of a priority or output;
    return the fields to save."""
    obj.code, obj.title, obj.description = code, title, description or ""
    fields = ["code", "title", "description"]
    if order is not None:
        obj.order = order
        fields.append("order")
    return fields
