"""Filters of capacity development lists (assessments, needs, the review queue, plans,
interventions), shared by the pages and the API. Countries are chosen by ISO3 code and regions
by their code, so a filtered address reads well (``?country=ALB&priority=high``)."""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from constituents.models import Country, Region
from core.filters import IdFilter, YearFilter
from core.roles import ConstituentGroup

from .models import (
    AssessmentFramework,
    AssessmentMethod,
    AssessmentRound,
    CapacityAssessment,
    CapacityDevelopmentPlan,
    CapacityLevel,
    CapacityNeed,
    CapacityType,
    Intervention,
    InterventionMethod,
    InterventionStatus,
    NeedStatus,
    Priority,
    Provider,
    TechnicalArea,
)


def country_choices() -> list[tuple[str, str]]:
    return list(Country.objects.order_by("name").values_list("iso3", "name"))


def region_choices() -> list[tuple[str, str]]:
    return list(Region.objects.order_by("name").values_list("code", "name"))


def framework_choices() -> list[tuple[str, str]]:
    return list(AssessmentFramework.objects.filter(is_current=True).order_by("title")
                .values_list("code", "title"))


def _country(path: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(field_name=f"{path}__iso3", choices=country_choices,
                                       label=_("Country"), empty_label=_("All countries"))


def _region(path: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(field_name=f"{path}__region__code",
                                       choices=region_choices, label=_("Region"),
                                       empty_label=_("All regions"))


def _choice(field_name: str, choices, label, empty) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(field_name=field_name, choices=choices, label=label,
                                       empty_label=empty)


class AssessmentFilter(django_filters.FilterSet):
    country = _country("constituent__country")
    region = _region("constituent__country")
    group = _choice("constituent__group", ConstituentGroup.choices, _("Constituent group"),
                    _("All groups"))
    framework = django_filters.ChoiceFilter(field_name="framework__code",
                                            choices=framework_choices, label=_("Framework"),
                                            empty_label=_("All frameworks"))
    round = _choice("round", AssessmentRound.choices, _("Round"), _("Any round"))
    method = _choice("method", AssessmentMethod.choices, _("Method"), _("Any method"))
    year = YearFilter(field_name="date__year", label=_("Year"))
    constituent = IdFilter(field_name="constituent_id",
                                              label=_("Constituent id"))

    class Meta:
        model = CapacityAssessment
        fields = ["country", "region", "group", "framework", "round", "method", "year",
                  "constituent"]


class _NeedFilterBase(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"),
                                  help_text=_("Words of the description or the organization."))
    region = _region("constituent__country")
    country = _country("constituent__country")
    level = _choice("level", CapacityLevel.choices, _("Level"), _("All levels"))
    capacity_type = _choice("capacity_type", CapacityType.choices, _("Capacity type"),
                            _("Both types"))
    technical_area = _choice("technical_area", TechnicalArea.choices, _("Technical area"),
                             _("All areas"))
    priority = _choice("priority", Priority.choices, _("Priority"), _("Any priority"))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(description__icontains=value)
                               | Q(constituent__name__icontains=value)
                               | Q(constituent__acronym__iexact=value))


class NeedFilter(_NeedFilterBase):
    group = _choice("constituent__group", ConstituentGroup.choices, _("Constituent group"),
                    _("All groups"))
    status = _choice("status", NeedStatus.choices, _("State"), _("Any state"))
    constituent = IdFilter(field_name="constituent_id",
                                              label=_("Constituent id"))

    class Meta:
        model = CapacityNeed
        fields = ["q", "region", "country", "group", "level", "capacity_type",
                  "technical_area", "priority", "status", "constituent"]


class QueueFilter(_NeedFilterBase):
    """The review queue's filters: the group is the user's bureau's, so it is not offered;
    only the states of the queue (new, reviewed) are."""

    status = _choice("status", [(NeedStatus.NEW, NeedStatus.NEW.label),
                                (NeedStatus.REVIEWED, NeedStatus.REVIEWED.label)],
                     _("State"), _("New and reviewed"))

    class Meta:
        model = CapacityNeed
        fields = ["q", "region", "country", "technical_area", "priority", "level",
                  "capacity_type", "status"]


class PlanFilter(django_filters.FilterSet):
    country = _country("constituent__country")
    group = _choice("constituent__group", ConstituentGroup.choices, _("Constituent group"),
                    _("All groups"))
    status = _choice("status", CapacityDevelopmentPlan.Status.choices, _("Status"),
                     _("Any status"))
    constituent = IdFilter(field_name="constituent_id",
                                              label=_("Constituent id"))

    class Meta:
        model = CapacityDevelopmentPlan
        fields = ["country", "group", "status", "constituent"]


class InterventionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains",
                                  label=_("Title"))
    country = _country("country")
    region = _region("country")
    group = _choice("target_group", ConstituentGroup.choices, _("Constituent group"),
                    _("All groups"))
    method = _choice("method", InterventionMethod.choices, _("Method"), _("Any method"))
    provider = _choice("provider", Provider.choices, _("Provider"), _("Any provider"))
    technical_area = _choice("technical_area", TechnicalArea.choices, _("Technical area"),
                             _("All areas"))
    status = _choice("status", InterventionStatus.choices, _("Status"), _("Any status"))
    year = YearFilter(field_name="start_date__year", label=_("Start year"))

    class Meta:
        model = Intervention
        fields = ["q", "country", "region", "group", "method", "provider", "technical_area",
                  "status", "year"]
