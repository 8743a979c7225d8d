"""Filters of the results pages: the biennium overview (biennium, region, indicators or CPOs)
and the approval queue (country)."""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from constituents.models import Region
from core import content
from core.filters import country_filter, region_filter
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


AGES = (("7", _("Waiting over a week")), ("30", _("Waiting over a month")))


class ApprovalQueueFilter(django_filters.FilterSet):
    """The approvals workbench's filters: region, country, CPO, submitter (select boxes of
    what the queue holds), how long an update has waited, and a search of the indicator or
    CPO (code or title)."""

    region = region_filter("indicator__cpo__dwcp__country")
    country = country_filter("indicator__cpo__dwcp__country")
    cpo = django_filters.NumberFilter(field_name="indicator__cpo", label=_("CPO"))
    indicator = django_filters.NumberFilter(field_name="indicator", label=_("Indicator"))
    submitter = django_filters.CharFilter(field_name="submitted_by__username",
                                          label=_("Submitted by"))
    age = django_filters.ChoiceFilter(choices=AGES, label=_("Waiting"), method="filter_age",
                                      empty_label=_("Any time"))
    q = django_filters.CharFilter(method="filter_q", label=_("Indicator or CPO"))

    class Meta:
        model = ProgressUpdate
        fields = ["region", "country", "cpo", "indicator", "submitter", "age", "q"]

    def filter_age(self, queryset, name, value):
        from django.utils import timezone

        if not value:
            return queryset
        return queryset.filter(submitted_at__lt=timezone.now()
                               - timezone.timedelta(days=int(value)))

    def filter_q(self, queryset, name, value):
        text = (value or "").strip()
        if not text:
            return queryset
        return queryset.filter(Q(indicator__code__icontains=text)
                               | content.matches("indicator__title", text)
                               | Q(indicator__cpo__code__icontains=text)
                               | content.matches("indicator__cpo__title", text))
