"""Filters of evaluation lists (evaluations, lessons and good practices, recommendations,
follow-up actions), shared by the pages and the API. Countries are chosen by ISO3 code and
regions by their code (``?country=ALB&type=independent&year=2016``)."""
from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from capacity.filters import country_choices, region_choices
from capacity.models import CapacityLevel, TechnicalArea
from core.filters import year_filter
from core.roles import ConstituentGroup

from .models import (
    ActionStatus,
    AddresseeUnit,
    Evaluation,
    EvaluationStatus,
    EvaluationType,
    FollowUpAction,
    Lesson,
    Recommendation,
    RecommendationPriority,
    ResponseDecision,
    SubjectKind,
    Timing,
)


def _country_of_evaluation(prefix: str) -> django_filters.ChoiceFilter:
    def covered(qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(Q(**{f"{prefix}country__iso3": value})
                         | Q(**{f"{prefix}countries__iso3": value})).distinct()

    return django_filters.ChoiceFilter(choices=country_choices, label=_("Country"),
                                       empty_label=_("All countries"), method=covered)


def _region_of_evaluation(prefix: str) -> django_filters.ChoiceFilter:
    def covered(qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(Q(**{f"{prefix}region__code": value})
                         | Q(**{f"{prefix}regions__code": value})).distinct()

    return django_filters.ChoiceFilter(choices=region_choices, label=_("Region"),
                                       empty_label=_("All regions"), method=covered)


def _year(prefix: str) -> django_filters.NumberFilter:
    def completed_in(qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        return qs.annotate(_year=ExtractYear(Coalesce(f"{prefix}actual_end",
                                                      f"{prefix}planned_end"))
                           ).filter(_year=int(value))

    return year_filter(label=_("Year of completion"), method=completed_in)


class EvaluationFilter(django_filters.FilterSet):
    country = _country_of_evaluation("")
    region = _region_of_evaluation("")
    type = django_filters.ChoiceFilter(field_name="evaluation_type",
                                       choices=EvaluationType.choices, label=_("Type"),
                                       empty_label=_("All types"))
    timing = django_filters.ChoiceFilter(choices=Timing.choices, label=_("Timing"),
                                         empty_label=_("All timings"))
    subject = django_filters.ChoiceFilter(field_name="subject_kind",
                                          choices=SubjectKind.choices, label=_("Evaluated"),
                                          empty_label=_("Anything"))
    status = django_filters.ChoiceFilter(choices=EvaluationStatus.choices, label=_("Status"),
                                         empty_label=_("All statuses"))
    theme = django_filters.ChoiceFilter(field_name="technical_area",
                                        choices=TechnicalArea.choices, label=_("Theme"),
                                        empty_label=_("All themes"))
    year = _year("")

    class Meta:
        model = Evaluation
        fields = ["country", "region", "type", "timing", "subject", "status", "theme", "year"]


class LearningFilter(django_filters.FilterSet):
    """Lessons and good practices: by their own tags, and the evaluation's type and year."""

    theme = django_filters.ChoiceFilter(field_name="technical_area",
                                        choices=TechnicalArea.choices, label=_("Theme"),
                                        empty_label=_("All themes"))
    constituent_group = django_filters.ChoiceFilter(choices=ConstituentGroup.choices,
                                                    label=_("Constituent group"),
                                                    empty_label=_("All groups"))
    capacity_level = django_filters.ChoiceFilter(choices=CapacityLevel.choices,
                                                 label=_("Capacity level"),
                                                 empty_label=_("All levels"))
    country = django_filters.ChoiceFilter(field_name="country__iso3", choices=country_choices,
                                          label=_("Country"), empty_label=_("All countries"))
    region = django_filters.ChoiceFilter(field_name="region__code", choices=region_choices,
                                         label=_("Region"), empty_label=_("All regions"))
    type = django_filters.ChoiceFilter(field_name="evaluation__evaluation_type",
                                       choices=EvaluationType.choices, label=_("Evaluation type"),
                                       empty_label=_("All types"))
    year = _year("evaluation__")

    class Meta:
        model = Lesson  # the same fields serve GoodPractice
        fields = ["theme", "constituent_group", "capacity_level", "country", "region", "type",
                  "year"]


class RecommendationFilter(django_filters.FilterSet):
    country = _country_of_evaluation("evaluation__")
    region = _region_of_evaluation("evaluation__")
    unit = django_filters.ChoiceFilter(field_name="addressee_unit",
                                       choices=AddresseeUnit.choices, label=_("Addressed to"),
                                       empty_label=_("All addressees"))
    priority = django_filters.ChoiceFilter(choices=RecommendationPriority.choices,
                                           label=_("Priority"), empty_label=_("All priorities"))
    response = django_filters.ChoiceFilter(field_name="response__decision",
                                           choices=ResponseDecision.choices,
                                           label=_("Management response"),
                                           empty_label=_("All responses"))
    type = django_filters.ChoiceFilter(field_name="evaluation__evaluation_type",
                                       choices=EvaluationType.choices, label=_("Evaluation type"),
                                       empty_label=_("All types"))
    year = _year("evaluation__")

    class Meta:
        model = Recommendation
        fields = ["country", "region", "unit", "priority", "response", "type", "year"]


class ActionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, label=_("Status"),
                                         empty_label=_("All statuses"))
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="only_overdue")
    unit = django_filters.ChoiceFilter(field_name="recommendation__addressee_unit",
                                       choices=AddresseeUnit.choices, label=_("Addressed to"),
                                       empty_label=_("All addressees"))
    region = _region_of_evaluation("recommendation__evaluation__")
    country = _country_of_evaluation("recommendation__evaluation__")

    class Meta:
        model = FollowUpAction
        fields = ["status", "overdue", "unit", "region", "country"]

    def only_overdue(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        from .selectors import overdue_q

        return qs.filter(overdue_q()) if value else qs
