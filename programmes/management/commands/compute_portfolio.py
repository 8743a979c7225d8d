"""manage.py compute_portfolio [--as-of YYYY-MM-DD] — the worker's computation of the
development cooperation statistical tables (approvals, expenditure, delivery, resource gaps),
run synchronously (same code as the Celery task, recorded as a TaskRun)."""
from __future__ import annotations

from core.management.base import ComputeCommand
from programmes.tasks import COMPUTE_PORTFOLIO, compute_portfolio


class Command(ComputeCommand):
    help = ("Compute the development cooperation statistical tables (approvals and "
            "expenditure by donor, region, P&B outcome and type of assistance, delivery "
            "rates, resource gaps) as the worker does, synchronously.")
    task = compute_portfolio
    task_name = COMPUTE_PORTFOLIO
    what = "Development cooperation figures"
    labels = {
        "approvals_category": "approval rows by donor category",
        "expenditure_region": "expenditure rows by region",
        "gap_cpo": "CPO resource gaps",
    }
