"""The reports: each module gathers its data from the computed results tables and the
resources selectors, and builds a :class:`reporting.document.blocks.Document`.

``REPORTS`` maps a :class:`reporting.models.ReportKind` to its module; a module provides
``clean_parameters(parameters) -> dict`` (raises ApplicationError with field errors),
``default_front(parameters) -> dict`` and ``build(parameters, front, snapshot, progress)``;
``USES_RESULTS = False`` when it does not read the results snapshot (``snapshot`` is then
None).
"""
from __future__ import annotations

from . import biennial, capacity, dwcp

REPORTS = {"biennial": biennial, "dwcp": dwcp, "capacity": capacity}
