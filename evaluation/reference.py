"""The default rules of the evaluation plan (loaded by migration 0002 and by
core.reference.load_all; changed afterwards in the admin). They follow the ILO evaluation
policy: an independent final evaluation of every project of US$1 million or more, a mid-term
one as well from US$5 million, and a country programme review before a DWCP ends."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

DEFAULT_RULES: list[dict[str, Any]] = [
    {"code": "project-final",
     "name": "Independent final evaluation of projects of US$1 million or more",
     "description": "Every development cooperation project with a budget of US$1 million or "
     "more has an independent final evaluation, due by the project's end.",
     "subject_kind": "project", "min_budget": Decimal("1000000"),
     "evaluation_types": ["independent", "joint"], "timing": "final", "anchor": "end",
     "offset_months": 0, "window_months": 6},
    {"code": "project-mid-term",
     "name": "Independent mid-term evaluation of projects of US$5 million or more",
     "description": "Projects of US$5 million or more also have an independent mid-term "
     "evaluation, due within six months after the midpoint of the project.",
     "subject_kind": "project", "min_budget": Decimal("5000000"),
     "evaluation_types": ["independent", "joint"], "timing": "mid_term", "anchor": "midpoint",
     "offset_months": 6, "window_months": 6},
    {"code": "dwcp-review", "name": "Country programme review before a DWCP ends",
     "description": "Every DWCP is reviewed or evaluated before it ends (a country programme "
     "review or a DWCP country programme evaluation).",
     "subject_kind": "dwcp", "min_budget": None,
     "evaluation_types": ["review", "country_programme", "internal", "independent"],
     "timing": "", "anchor": "end", "offset_months": 0, "window_months": 12},
]


def load(rule_model: Any) -> int:
    """Create the default rules missing (by code); leave existing ones alone. Returns how
    many were created."""
    created = 0
    for rule in DEFAULT_RULES:
        created += rule_model.objects.get_or_create(code=rule["code"], defaults=rule)[1]
    return created
