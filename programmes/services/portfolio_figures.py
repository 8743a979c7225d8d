"""The development cooperation statistical tables, computed by the worker (being built)."""
from __future__ import annotations


def portfolio_recompute_after_commit() -> None:
    """Queue a recompute of the portfolio figures once the current transaction commits."""
