"""Filters of the results pages: the biennium overview (biennium, region, indicators or CPOs)
and the approval queue (country)."""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from constituents.models import Region
from core.filters import country_filter
from programmes.models import Biennium, ProgressUpdate, ResultRollup


class ResultsOverviewFilter(django_filters.FilterSet):
    """Roll-up rows of one biennium; ``region`` keeps that region and its countries."""

    biennium = django_filters.ModelChoiceFilter(
        queryset=Biennium.objects.order_by("-start_year"), to_field_name="code",
        label=_("Biennium"), empty_label=None)
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.order_by("name"), to_field_name="code", label=_("Region"),
        empty_label=_("All regions"), method="filter_region")
    subject = django_filters.ChoiceFilter(
        choices=[(ResultRollup.Subject.INDICATOR, _("Indicators")),
                 (ResultRollup.Subject.CPO, _("Country programme outcomes"))],
        label=_("Count"), empty_label=None, method="filter_subject")

    class Meta:
        model = ResultRollup
        fields = ["biennium", "region", "subject"]

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(level=ResultRollup.Level.REGION, key=value.pk)
                               | Q(level=ResultRollup.Level.COUNTRY,
                                   key__in=value.countries.values("id")))

    def filter_subject(self, queryset, name, value):
        return queryset.filter(subject=value or ResultRollup.Subject.INDICATOR)


class ApprovalQueueFilter(django_filters.FilterSet):
    country = country_filter("indicator__cpo__dwcp__country")

    class Meta:
        model = ProgressUpdate
        fields = ["country"]
