"""The URL scheme of the pages, written once: a kind of object lives under a prefix
(``plans/``) and its pages are named after it (``plan-list``, ``plan-create``,
``plan-detail``, ``plan-edit``, ``plan-delete``)."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.urls import URLPattern, path, reverse

View = Callable[..., Any]


def object_urls(prefix: str, name: str, *, list: View | None = None,
                create: View | None = None, create_under: str = "",
                detail: View | None = None, edit: View | None = None,
                delete: View | None = None) -> list[URLPattern]:
    """The pages of one kind of object that exist: ``<prefix>/`` (list), ``<prefix>/new/``
    (create; ``create_under`` instead for a record created under its parent, e.g.
    ``dwcps/<int:pk>/signatories/new/``), ``<prefix>/<pk>/`` (detail), ``<prefix>/<pk>/edit/``
    and ``<prefix>/<pk>/delete/``."""
    base = f"{prefix}/" if prefix else ""  # "": the app's own objects, at its root
    pages = [
        (list, base, "list"),
        (create, create_under or f"{base}new/", "create"),
        (detail, f"{base}<int:pk>/", "detail"),
        (edit, f"{base}<int:pk>/edit/", "edit"),
        (delete, f"{base}<int:pk>/delete/", "delete"),
    ]
    return [path(route, view, name=f"{name}-{page}") for view, route, page in pages if view]


def page_url(name: str, pk: int, anchor: str = "") -> str:
    """The address of an object's page by URL name (``"capacity:plan-detail"``), at the
    section ``anchor`` when given (``…/plans/3/#items``)."""
    url = reverse(name, args=[pk])
    return f"{url}#{anchor}" if anchor else url


def page_url_of(name: str) -> partial[str]:
    """``detail_url = page_url_of("capacity:plan-detail")``: :func:`page_url` of one kind of
    page, called with the object's pk and, optionally, the anchor."""
    return partial(page_url, name)
