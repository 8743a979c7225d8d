"""Filters of DWCPs and their signatories and steering committee, shared by pages and API."""
from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import content
from core.filters import IdFilter, YearFilter, country_filter, region_filter
from programmes.models import (
    Dwcp,
    DwcpStatus,
    DwcpStatusChange,
    Signatory,
    SignatoryParty,
    SteeringCommitteeDecision,
    SteeringCommitteeMeeting,
    SteeringCommitteeMember,
)

_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:[-–/]\s*(\d{2}|\d{4}))?\s*$")


class YearRangeField(forms.CharField):
    """"2012-2016", "2012–16" or "2012" → (first year, last year); a biennium code such as
    "2014-15" reads as (2014, 2015)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = _PERIOD.match(value)
        if not match:
            raise forms.ValidationError(_("Enter years as 2012-2016, 2014-15 or 2014."))
        first = int(match.group(1))
        last = match.group(2)
        if last is None:
            return first, first
        last = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
        if last < first:
            raise forms.ValidationError(_("The last year must not be before the first."))
        return first, last


class YearRangeFilter(django_filters.CharFilter):
    field_class = YearRangeField


def overlapping(prefix: str, years: tuple[int, int] | None) -> Q:
    """DWCPs (at ``prefix``) whose period shares a year with ``years``."""
    if not years:
        return Q()
    return Q(**{f"{prefix}start_year__lte": years[1], f"{prefix}end_year__gte": years[0]})


class DwcpFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"),
                                  help_text=_("Words in the title, or the country's name or "
                                              "ISO code."))
    country = country_filter()
    region = region_filter()
    status = django_filters.MultipleChoiceFilter(choices=DwcpStatus.choices, label=_("Status"))
    year = YearFilter(method="filter_year", label=_("Year"),
                                       help_text=_("DWCPs whose period contains this year."))
    period = YearRangeFilter(method="filter_period", label=_("Period"),
                             help_text=_("DWCPs running in some of these years, e.g. "
                                         "2012-2016."))
    biennium = YearRangeFilter(method="filter_period", label=_("Biennium"),
                               help_text=_("DWCPs spanning this biennium, e.g. 2014-15."))

    class Meta:
        model = Dwcp
        fields = ["q", "country", "region", "status", "year", "period", "biennium"]

    def filter_period(self, queryset, name, value):
        return queryset.filter(overlapping("", value))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(content.matches("title", value) | Q(country__name__icontains=value)
                               | Q(country__iso3__iexact=value))

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)


class _ByDwcp(django_filters.FilterSet):
    """Filters of objects that belong to a DWCP: ``dwcp`` (id) and ``country`` (ISO3)."""

    dwcp = IdFilter(field_name="dwcp_id", label=_("DWCP id"))
    country = country_filter("dwcp__country")


class DwcpStatusChangeFilter(_ByDwcp):
    to_status = django_filters.ChoiceFilter(choices=DwcpStatus.choices, label=_("New status"))

    class Meta:
        model = DwcpStatusChange
        fields = ["dwcp", "country", "to_status"]


class SignatoryFilter(_ByDwcp):
    party = django_filters.ChoiceFilter(choices=SignatoryParty.choices, label=_("Signing for"))

    class Meta:
        model = Signatory
        fields = ["dwcp", "country", "party"]


class CommitteeMemberFilter(_ByDwcp):
    party = django_filters.ChoiceFilter(choices=SignatoryParty.choices, label=_("Group"))

    class Meta:
        model = SteeringCommitteeMember
        fields = ["dwcp", "country", "party"]


class CommitteeMeetingFilter(_ByDwcp):
    year = YearFilter(field_name="date__year", label=_("Year"))

    class Meta:
        model = SteeringCommitteeMeeting
        fields = ["dwcp", "country", "year"]


class CommitteeDecisionFilter(django_filters.FilterSet):
    dwcp = IdFilter(field_name="meeting__dwcp_id", label=_("DWCP id"))
    meeting = IdFilter(field_name="meeting_id", label=_("Meeting id"))
    country = country_filter("meeting__dwcp__country")
    status = django_filters.ChoiceFilter(choices=SteeringCommitteeDecision.Status.choices,
                                         label=_("Follow-up"))

    class Meta:
        model = SteeringCommitteeDecision
        fields = ["dwcp", "meeting", "country", "status"]
