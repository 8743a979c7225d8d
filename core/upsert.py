"""Idempotent writes for reference and demo data: create what is missing, update only what
differs, so loading the same data twice writes nothing (and adds no history)."""
from __future__ import annotations

from typing import Any

from django.db.models import Model


def upsert(model: type[Any], *, lookup: dict[str, Any], values: dict[str, Any],
           create_only: dict[str, Any] | None = None) -> tuple[Any, bool]:
    """Return ``(obj, created)``. Fields in ``values`` are kept in line with the data;
    fields in ``create_only`` are set only when the row is created (users may edit them)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **(create_only or {}))
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if _current(obj, name) != _id(value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed + (["updated_at"] if _has(obj, "updated_at") else []))
    return obj, False


def _has(obj: Model, name: str) -> bool:
    return any(f.name == name for f in obj._meta.concrete_fields)


def _current(obj: Model, name: str) -> Any:
    field: Any = obj._meta.get_field(name)  # a concrete field: it has an attname
    if field.is_relation:
        return getattr(obj, field.attname)
    return getattr(obj, name)


def _id(value: Any) -> Any:
    return getattr(value, "pk", value)
