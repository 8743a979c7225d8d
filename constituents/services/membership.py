"""Writes of a constituent's membership figures (by year, with women and men)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError

from ..models import Constituent, MembershipFigure
from ._common import assign, clean_fields, delete, plausible_year_error, require, save

if TYPE_CHECKING:
    from core.models import User


MEMBERSHIP_FIELDS = ("year", "total", "women", "men", "member_kind", "source")


def membership_figure_errors(*, year: int | None, total: int | None, women: int | None,
                             men: int | None) -> dict[str, list[str]]:
    """The rules a membership figure must follow, as field errors (empty when it is fine):
    a plausible year; women and men each at most the total; both given -> they add up."""
    errors: dict[str, list[str]] = {}
    year_error = plausible_year_error(year)
    if year_error:
        errors["year"] = [year_error]
    for name, value in (("total", total), ("women", women), ("men", men)):
        if value is not None and value < 0:
            errors[name] = [_("Enter zero or a positive number.")]
    if errors or total is None:
        return errors
    if women is not None and women > total:
        errors["women"] = [_("Women (%(women)s) cannot be more than the total (%(total)s).")
                           % {"women": women, "total": total}]
    if men is not None and men > total:
        errors["men"] = [_("Men (%(men)s) cannot be more than the total (%(total)s).")
                         % {"men": men, "total": total}]
    if not errors and women is not None and men is not None and women + men != total:
        errors["total"] = [_("Women (%(women)s) and men (%(men)s) add up to %(sum)s, not to the "
                             "total of %(total)s. Correct the figures, or leave women or men "
                             "empty if the split is not known.")
                           % {"women": women, "men": men, "sum": women + men, "total": total}]
    return errors


def _validate_membership(figure: MembershipFigure) -> None:
    errors = membership_figure_errors(year=figure.year, total=figure.total, women=figure.women,
                                      men=figure.men)
    if errors:
        raise ApplicationError(field_errors=errors)
    clean_fields(figure, exclude=["constituent"])
    clash = (MembershipFigure.objects.filter(constituent_id=figure.constituent_id,
                                             year=figure.year)
             .exclude(pk=figure.pk).exists())
    if clash:
        raise _membership_conflict(figure.year)


def _membership_conflict(year: int) -> ApplicationError:
    return ApplicationError(
        _("A membership figure for %(year)s is already recorded.") % {"year": year},
        field_errors={"year": [_("%(year)s already has a figure: edit that one instead.")
                               % {"year": year}]})


@transaction.atomic
def membership_figure_create(*, constituent: Constituent, year: int, total: int,
                             women: int | None = None, men: int | None = None,
                             member_kind: str = "", source: str = "",
                             reason: str = "", user: User | None = None) -> MembershipFigure:
    require(user, constituent)
    figure = MembershipFigure(constituent=constituent)
    assign(figure, {"year": year, "total": total, "women": women, "men": men,
                     "member_kind": member_kind, "source": source}, MEMBERSHIP_FIELDS)
    _validate_membership(figure)
    save(figure, reason=reason, conflict=_membership_conflict(year))
    return figure


@transaction.atomic
def membership_figure_update(*, figure: MembershipFigure, data: Mapping[str, Any],
                             reason: str = "", user: User | None = None) -> MembershipFigure:
    require(user, figure)
    changed = assign(figure, data, MEMBERSHIP_FIELDS)
    if changed:
        _validate_membership(figure)
        save(figure, reason=reason, update_fields=changed,
              conflict=_membership_conflict(figure.year))
    return figure


@transaction.atomic
def membership_figure_delete(*, figure: MembershipFigure, reason: str = "",
                             user: User | None = None) -> None:
    require(user, figure)
    delete(figure, reason=reason)
