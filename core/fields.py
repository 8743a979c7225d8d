"""The fields, constraints and behaviour that models of several apps share, written once:
the link to a country, a constituent or a DWCP, a period of years, the rule that a period ends
no earlier than it starts. Each factory returns a new field (Django fields are not shared
between models); what it builds is what the migrations already describe."""
from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


def country_field(related_name: str, **options: Any) -> models.ForeignKey[Any, Any]:
    """The member State a record belongs to (a country is never deleted under it)."""
    options.setdefault("on_delete", models.PROTECT)
    return models.ForeignKey("constituents.Country", related_name=related_name,
                             verbose_name=_("country"), **options)


def constituent_field(related_name: str, **options: Any) -> models.ForeignKey[Any, Any]:
    """The constituent organization a record is about (kept while records refer to it)."""
    options.setdefault("on_delete", models.PROTECT)
    return models.ForeignKey("constituents.Constituent", related_name=related_name,
                             verbose_name=_("constituent"), **options)


def dwcp_field(related_name: str, *, optional: bool = False) -> models.ForeignKey[Any, Any]:
    """The DWCP a record is part of (deleted with it), or, ``optional``, the DWCP it is linked
    to (the link is cleared when the DWCP goes)."""
    if optional:
        return models.ForeignKey("programmes.Dwcp", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name=related_name,
                                 verbose_name=_("DWCP"))
    return models.ForeignKey("programmes.Dwcp", on_delete=models.CASCADE,
                             related_name=related_name, verbose_name=_("DWCP"))


def year_fields() -> tuple[models.PositiveSmallIntegerField[Any, Any],
                           models.PositiveSmallIntegerField[Any, Any]]:
    """``start_year, end_year = year_fields()``: a period of whole years (both included)."""
    return (models.PositiveSmallIntegerField(_("first year")),
            models.PositiveSmallIntegerField(_("last year")))


def in_order(name: str, *, start: str = "start_year", end: str = "end_year",
             min_length: int = 0) -> models.CheckConstraint:
    """The database's guard that ``end`` is not before ``start`` (and, with ``min_length``,
    at least that much after it); the services say so first, with a clear message."""
    after: Any = models.F(start) + min_length if min_length else models.F(start)
    return models.CheckConstraint(condition=models.Q(**{f"{end}__gte": after}), name=name)


def constituent_scope(via: str = "") -> tuple[str, str]:
    """``scope_country_path, scope_group_path = constituent_scope()``: the access policy's
    paths of a record about a constituent organization, which is in that organization's
    country and constituent group (``via``: the relation leading to it, e.g. ``"need__"``)."""
    return f"{via}constituent__country", f"{via}constituent__group"


class YearPeriod:
    """Mixin of a titled record over a period of years: ``period`` ("2012–2016") and the
    title with its period as the record's name."""

    title: str
    start_year: int
    end_year: int

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"
