"""Importing the parts an app may not have yet (an app without ``api.py``, a sub-domain
without views)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import import_module
from types import ModuleType


def optional_modules(names: Iterable[str]) -> Iterator[ModuleType]:
    """The modules of ``names`` that exist, imported, in that order. A module that is missing
    is skipped; one that exists but fails to import (a missing dependency of its own) raises."""
    for name in names:
        try:
            yield import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
