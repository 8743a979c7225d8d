"""Helpers for resources tests: projects with funding rows and CPO links in one call."""
from __future__ import annotations

from decimal import Decimal

from tests.programmes.factories import (
    CpoFactory,
    ProjectFactory,
    ProjectFundingFactory,
    ProjectOutcomeLinkFactory,
)


def funded_project(*, years: dict[int, tuple[str, str]] | None = None, **kwargs):
    """A project with funding rows ``{year: (allocation, expenditure)}``."""
    project = ProjectFactory(**kwargs)
    for year, (allocation, expenditure) in (years or {}).items():
        ProjectFundingFactory(project=project, year=year, allocation=Decimal(allocation),
                              expenditure=Decimal(expenditure))
    return project


def link(project, cpo=None, share: str = "100"):
    return ProjectOutcomeLinkFactory(project=project, cpo=cpo or CpoFactory(),
                                     share=Decimal(share))
