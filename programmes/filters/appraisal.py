"""Filters of quality appraisals, shared by the list page and the API."""
from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, YearFilter, country_filter, region_filter
from programmes.models import Appraisal, AppraisalOutcome, AppraisalSubject


class AppraisalFilter(django_filters.FilterSet):
    subject = django_filters.ChoiceFilter(choices=AppraisalSubject.choices, method="of_subject",
                                          label=_("Appraises"))
    outcome = django_filters.ChoiceFilter(choices=AppraisalOutcome.choices, label=_("Outcome"))
    year = YearFilter(field_name="started_on__year", label=_("Started in year"))
    country = country_filter()
    region = region_filter()
    dwcp = IdFilter(field_name="dwcp", label=_("DWCP"))
    project = IdFilter(field_name="project", label=_("Proposal"))

    class Meta:
        model = Appraisal
        fields = ["subject", "outcome", "year", "country", "region", "dwcp", "project"]

    def of_subject(self, queryset: QuerySet[Appraisal], name: str, value: Any
                   ) -> QuerySet[Appraisal]:
        return queryset.filter(dwcp__isnull=value != AppraisalSubject.DWCP)
