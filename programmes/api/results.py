"""API of results monitoring: indicators with their biennial milestones, progress updates and
their approval workflow, revisions of baselines, targets and milestones, the results the
worker computed (current snapshot), and closing / reopening a biennium.

Writes go through :mod:`programmes.services.indicators`, so the API applies the same rules and
messages as the pages: a broken rule is a 400 with the message under the field it concerns
and nothing written; an object the caller may not change is refused (403); one the caller may
not see is a 404 (the scoped queryset hides it). Computed results are read only: the worker
writes them (see docs/indicators.md) and every row says the date they are computed as of.

The FilterSets live here because the results pages are served by another module; they take
the same names as elsewhere: ``country`` (ISO3), ``region`` (code), ``dwcp``, ``cpo``,
``indicator`` (ids), ``biennium`` (code, e.g. 2020-21), ``status``, ``unit``.
"""
from __future__ import annotations

import django_filters
from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from constituents.models import Country, Region
from core.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from programmes.api.reference import BienniumSerializer
from programmes.filters.dwcp import YearRangeFilter
from programmes.models import (
    DISAGGREGATION_CATEGORIES,
    BiennialMilestone,
    Biennium,
    CountryProgrammeOutcome,
    CpoResult,
    DisaggregatedValue,
    Indicator,
    IndicatorResult,
    IndicatorRevision,
    Output,
    ProgressUpdate,
    ResultRollup,
    ResultStatus,
    Unit,
    UpdateStatus,
)
from programmes.services import indicators as services

REASON_HELP = ("Why the baseline, target or a milestone is revised (required when one of them "
               "changes; kept with the old value) — also the change reason in the history.")

# --- filters --------------------------------------------------------------------------------


class _UnderCpo(django_filters.FilterSet):
    """Country / region / DWCP / CPO filters of objects under a CPO (``cpo_path`` leads from
    the model to its CPO)."""

    cpo_path = "cpo"

    country = django_filters.CharFilter(method="filter_country", label="Country (ISO3)")
    region = django_filters.CharFilter(method="filter_region", label="Region code")
    dwcp = django_filters.NumberFilter(method="filter_dwcp", label="DWCP id")
    cpo = django_filters.NumberFilter(method="filter_cpo", label="CPO id")

    def filter_country(self, queryset, name, value):
        return queryset.filter(**{f"{self.cpo_path}__dwcp__country__iso3__iexact": value})

    def filter_region(self, queryset, name, value):
        return queryset.filter(
            **{f"{self.cpo_path}__dwcp__country__region__code__iexact": value})

    def filter_dwcp(self, queryset, name, value):
        return queryset.filter(**{f"{self.cpo_path}__dwcp_id": value})

    def filter_cpo(self, queryset, name, value):
        return queryset.filter(**{f"{self.cpo_path}_id": value})


class IndicatorFilter(_UnderCpo):
    biennium = django_filters.CharFilter(field_name="milestones__biennium__code", distinct=True,
                                         label="Biennium code (e.g. 2020-21): indicators with "
                                               "a milestone in it")
    unit = django_filters.ChoiceFilter(choices=Unit.choices, label="Unit")
    q = django_filters.CharFilter(method="search", label="Code or title")

    class Meta:
        model = Indicator
        fields = ["country", "region", "dwcp", "cpo", "output", "biennium", "unit", "direction",
                  "cumulative", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))


class MilestoneFilter(_UnderCpo):
    cpo_path = "indicator__cpo"

    biennium = django_filters.CharFilter(field_name="biennium__code",
                                         label="Biennium code (e.g. 2020-21)")
    unit = django_filters.ChoiceFilter(field_name="indicator__unit", choices=Unit.choices,
                                       label="Unit of the indicator")

    class Meta:
        model = BiennialMilestone
        fields = ["country", "region", "dwcp", "cpo", "indicator", "biennium", "unit"]


class ProgressUpdateFilter(_UnderCpo):
    cpo_path = "indicator__cpo"

    biennium = YearRangeFilter(method="filter_biennium",
                               label="Biennium (e.g. 2020-21): updates dated within it")
    status = django_filters.MultipleChoiceFilter(choices=UpdateStatus.choices,
                                                 label="Workflow status (repeatable)")
    unit = django_filters.ChoiceFilter(field_name="indicator__unit", choices=Unit.choices,
                                       label="Unit of the indicator")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte",
                                          label="Dated on or after")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte",
                                        label="Dated on or before")

    class Meta:
        model = ProgressUpdate
        fields = ["country", "region", "dwcp", "cpo", "indicator", "biennium", "status", "unit",
                  "date_from", "date_to"]

    def filter_biennium(self, queryset, name, value):
        first, last = value
        return queryset.filter(date__year__gte=first, date__year__lte=last)


class RevisionFilter(_UnderCpo):
    cpo_path = "indicator__cpo"

    biennium = django_filters.CharFilter(field_name="biennium__code",
                                         label="Biennium code of a revised milestone")
    unit = django_filters.ChoiceFilter(field_name="indicator__unit", choices=Unit.choices,
                                       label="Unit of the indicator")

    class Meta:
        model = IndicatorRevision
        fields = ["country", "region", "dwcp", "cpo", "indicator", "kind", "biennium", "unit"]


class IndicatorResultFilter(_UnderCpo):
    cpo_path = "indicator__cpo"

    biennium = django_filters.CharFilter(field_name="biennium__code",
                                         label="Biennium code (e.g. 2020-21)")
    status = django_filters.MultipleChoiceFilter(choices=ResultStatus.choices,
                                                 label="Status (repeatable)")
    unit = django_filters.ChoiceFilter(field_name="indicator__unit", choices=Unit.choices,
                                       label="Unit of the indicator")

    class Meta:
        model = IndicatorResult
        fields = ["country", "region", "dwcp", "cpo", "indicator", "biennium", "status", "unit"]


class CpoResultFilter(_UnderCpo):
    biennium = django_filters.CharFilter(field_name="biennium__code",
                                         label="Biennium code (e.g. 2020-21)")
    status = django_filters.MultipleChoiceFilter(choices=ResultStatus.choices,
                                                 label="Status (repeatable)")

    class Meta:
        model = CpoResult
        fields = ["country", "region", "dwcp", "cpo", "biennium", "status"]


class RollupFilter(django_filters.FilterSet):
    biennium = django_filters.CharFilter(field_name="biennium__code",
                                         label="Biennium code (e.g. 2020-21)")
    country = django_filters.CharFilter(method="filter_country",
                                        label="Country (ISO3): its country-level rows")
    region = django_filters.CharFilter(method="filter_region",
                                       label="Region code: its region-level rows")
    status = django_filters.MultipleChoiceFilter(choices=ResultStatus.choices,
                                                 label="Status (repeatable)")

    class Meta:
        model = ResultRollup
        fields = ["biennium", "level", "subject", "key", "status", "country", "region"]

    def filter_country(self, queryset, name, value):
        ids = Country.objects.filter(iso3__iexact=value).values("id")
        return queryset.filter(level=ResultRollup.Level.COUNTRY, key__in=ids)

    def filter_region(self, queryset, name, value):
        ids = Region.objects.filter(code__iexact=value).values("id")
        return queryset.filter(level=ResultRollup.Level.REGION, key__in=ids)


# --- serializers ----------------------------------------------------------------------------


def _reason() -> serializers.CharField:
    return serializers.CharField(write_only=True, required=False, allow_blank=True,
                                 help_text=REASON_HELP)


def _is_single(instance) -> bool:
    return instance is not None and not isinstance(instance, list | tuple)


_USER = {"slug_field": "username", "read_only": True}


class MilestoneInlineSerializer(serializers.ModelSerializer):
    """A milestone inside its indicator: the biennium and the value (or statement) expected at
    its end."""

    biennium = serializers.SlugRelatedField(slug_field="code", queryset=Biennium.objects.all(),
                                            help_text="Biennium code, e.g. 2020-21.")

    class Meta:
        model = BiennialMilestone
        fields = ["biennium", "value", "statement"]
        validators: list = []


class IndicatorSerializer(serializers.ModelSerializer):
    cpo = serializers.PrimaryKeyRelatedField(
        queryset=CountryProgrammeOutcome.objects.select_related("dwcp__country"))
    cpo_code = serializers.CharField(source="cpo.code", read_only=True)
    country = serializers.CharField(source="cpo.dwcp.country.iso3", read_only=True)
    output = serializers.PrimaryKeyRelatedField(queryset=Output.objects.all(), required=False,
                                                allow_null=True)
    code = serializers.CharField(required=False, allow_blank=True, max_length=30,
                                 help_text="<CPO code>.<n>, e.g. ALB101.2; empty: the next "
                                           "free number.")
    milestones = MilestoneInlineSerializer(
        many=True, required=False,
        help_text="One per biennium of the DWCP. On update, the milestones given are set "
                  "(a changed value is a revision and needs `reason`); others are kept.")
    end_target = serializers.DecimalField(max_digits=18, decimal_places=4, read_only=True,
                                          allow_null=True)
    reason = _reason()

    class Meta:
        model = Indicator
        fields = ["id", "cpo", "cpo_code", "country", "output", "code", "title", "unit",
                  "numerator_label", "denominator_label", "direction", "cumulative",
                  "baseline_value", "baseline_year", "baseline_source", "baseline_description",
                  "baseline_due_date", "target_value", "target_increase_pct", "target_year",
                  "target_description", "end_target", "means_of_verification", "data_source",
                  "responsible_person", "disaggregate_by_sex", "disaggregate_by_group",
                  "pb_indicators", "sdg_indicators", "milestones", "reason", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        if _is_single(self.instance):
            fields["cpo"].read_only = True
        return fields

    def validate_milestones(self, value):
        seen = set()
        for item in value:
            code = item["biennium"].code
            if code in seen:
                raise serializers.ValidationError(
                    f"Give one milestone per biennium; {code} appears twice.")
            seen.add(code)
        return value


class MilestoneSerializer(serializers.ModelSerializer):
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all())
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    biennium = serializers.SlugRelatedField(slug_field="code", queryset=Biennium.objects.all(),
                                            help_text="Biennium code, e.g. 2020-21.")
    reason = _reason()

    class Meta:
        model = BiennialMilestone
        fields = ["id", "indicator", "indicator_code", "biennium", "value", "statement",
                  "reason", "updated_at"]
        read_only_fields = ["updated_at"]
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        if _is_single(self.instance):
            fields["indicator"].read_only = True
            fields["biennium"].read_only = True
        return fields


@extend_schema_field({
    "type": "object",
    "description": "Values by category: {\"sex\": {\"women\": 3, \"men\": 4}, \"group\": "
                   "{\"government\": …, \"employers\": …, \"workers\": …, \"other\": …}}. When "
                   "every category of a dimension is filled they must add up to the total.",
    "additionalProperties": {"type": "object",
                             "additionalProperties": {"type": "number", "nullable": True}},
})
class DisaggregationField(serializers.Field):
    """Reads the update's disaggregated values (prefetched) as a nested mapping and checks a
    written one against the known dimensions and categories."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, update):
        out: dict[str, dict[str, str]] = {}
        for row in update.disaggregated_values.all():
            out.setdefault(row.dimension, {})[row.category] = str(row.value)
        return out

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError("Give an object of dimensions, e.g. "
                                              "{\"sex\": {\"women\": 3, \"men\": 4}}.")
        number = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
        clean: dict[str, dict] = {}
        for dimension, values in data.items():
            categories = DISAGGREGATION_CATEGORIES.get(dimension)
            if categories is None:
                raise serializers.ValidationError(
                    f"Unknown dimension {dimension!r}; use "
                    f"{', '.join(map(str, DISAGGREGATION_CATEGORIES))}.")
            if not isinstance(values, dict):
                raise serializers.ValidationError(f"Give the values by {dimension} as an "
                                                  "object.")
            unknown = set(values) - set(categories)
            if unknown:
                raise serializers.ValidationError(
                    f"Unknown categories for {dimension}: {', '.join(sorted(unknown))}; use "
                    f"{', '.join(categories)}.")
            clean[str(dimension)] = {
                category: (None if value is None or value == ""
                           else number.to_internal_value(value))
                for category, value in values.items()}
        return {"disaggregation": clean}


@extend_schema_field({
    # Inline (inside allOf) rather than a shared component: a result status used by two
    # components would collide with the progress updates' ``status`` enum under one name.
    "allOf": [{"type": "string", "enum": list(ResultStatus.values)}], "readOnly": True,
    "description": "Status for the biennium as of `as_of` (docs/indicators.md).",
})
class ResultStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ResultStatus.choices, read_only=True, **kwargs)


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    file = serializers.FileField(read_only=True)


class ProgressUpdateSerializer(serializers.ModelSerializer):
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all())
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    disaggregation = DisaggregationField()
    evidence = EvidenceSerializer(many=True, read_only=True)
    created_by = serializers.SlugRelatedField(**_USER)
    submitted_by = serializers.SlugRelatedField(**_USER)
    decided_by = serializers.SlugRelatedField(**_USER)
    submit = serializers.BooleanField(write_only=True, required=False, default=False,
                                      help_text="On create: submit for approval at once.")
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                   max_length=100, help_text="Reason for change (history).")

    class Meta:
        model = ProgressUpdate
        fields = ["id", "indicator", "indicator_code", "date", "value", "numerator",
                  "denominator", "reached", "narrative", "source", "disaggregation", "status",
                  "created_by", "submitted_by", "submitted_at", "decided_by", "decided_at",
                  "return_comment", "evidence", "submit", "reason", "created_at", "updated_at"]
        read_only_fields = ["status", "submitted_at", "decided_at", "return_comment",
                            "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if _is_single(self.instance):
            fields["indicator"].read_only = True
        return fields


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True,
                                    help_text="What needs to change before approval.")


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Why the biennium is reopened.")


class RevisionSerializer(serializers.ModelSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    biennium = serializers.SlugRelatedField(slug_field="code", read_only=True)
    revised_by = serializers.SlugRelatedField(**_USER)

    class Meta:
        model = IndicatorRevision
        fields = ["id", "indicator", "indicator_code", "kind", "biennium", "old_value",
                  "new_value", "old_text", "new_text", "reason", "revised_by", "revised_at"]
        read_only_fields = fields


class IndicatorResultSerializer(serializers.ModelSerializer):
    as_of = serializers.DateField(source="snapshot.as_of", read_only=True,
                                  help_text="The date these results are computed as of.")
    biennium = serializers.SlugRelatedField(slug_field="code", read_only=True)
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    cpo = serializers.IntegerField(source="indicator.cpo_id", read_only=True)
    cpo_code = serializers.CharField(source="indicator.cpo.code", read_only=True)
    country = serializers.CharField(source="indicator.cpo.dwcp.country.iso3", read_only=True)
    status = ResultStatusField()

    class Meta:
        model = IndicatorResult
        fields = ["id", "as_of", "biennium", "country", "cpo", "cpo_code", "indicator",
                  "indicator_code", "status", "start", "actual", "milestone", "progress",
                  "reached", "target_progress"]
        read_only_fields = fields


class CpoResultSerializer(serializers.ModelSerializer):
    as_of = serializers.DateField(source="snapshot.as_of", read_only=True,
                                  help_text="The date these results are computed as of.")
    biennium = serializers.SlugRelatedField(slug_field="code", read_only=True)
    cpo_code = serializers.CharField(source="cpo.code", read_only=True)
    dwcp = serializers.IntegerField(source="cpo.dwcp_id", read_only=True)
    country = serializers.CharField(source="cpo.dwcp.country.iso3", read_only=True)
    status = ResultStatusField()

    class Meta:
        model = CpoResult
        fields = ["id", "as_of", "biennium", "country", "dwcp", "cpo", "cpo_code", "status",
                  "indicators"]
        read_only_fields = fields


class RollupSerializer(serializers.ModelSerializer):
    as_of = serializers.DateField(source="snapshot.as_of", read_only=True,
                                  help_text="The date these results are computed as of.")
    biennium = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ResultRollup
        fields = ["id", "as_of", "biennium", "level", "key", "subject", "status", "count"]
        read_only_fields = fields


# --- viewsets -------------------------------------------------------------------------------

def _milestones_prefetch() -> Prefetch:
    return Prefetch("milestones", queryset=BiennialMilestone.objects.select_related("biennium")
                    .order_by("biennium__start_year"))


def _indicator_queryset():
    return (Indicator.objects.select_related("cpo__dwcp__country")
            .prefetch_related(_milestones_prefetch()).order_by("cpo__code", "code"))


def _update_queryset():
    return (ProgressUpdate.objects
            .select_related("indicator", "created_by", "submitted_by", "decided_by")
            .prefetch_related(Prefetch("disaggregated_values",
                                       queryset=DisaggregatedValue.objects.order_by(
                                           "dimension", "category")), "evidence")
            .order_by("-date", "-id"))


class IndicatorViewSet(ScopedModelViewSet):
    """Indicators of the CPOs the caller may see, each with its biennial milestones.

    Filters: `country` (ISO3), `region` (code), `dwcp`, `cpo`, `output` (ids), `biennium`
    (code: indicators with a milestone in it), `unit`, `direction`, `cumulative`, `q`.

    Create and update go through the services: the code is `<CPO code>.<n>` and unique;
    cumulative indicators are numbers; the target is a value or an increase over the
    baseline; milestones lie in the DWCP period. Changing the baseline, the end target or a
    milestone is a revision and needs `reason` (the old value is kept, see
    `/indicator-revisions/`). Indicators are not deleted through the API."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering_fields = ["code", "title"]
    search_fields = ["code", "title"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_base_queryset(self):
        return _indicator_queryset()

    def _fresh(self, pk: int) -> Indicator:
        return _indicator_queryset().get(pk=pk)

    @staticmethod
    def _milestones(items) -> dict:
        return {item["biennium"]: (item.get("value"), item.get("statement", ""))
                for item in items}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("reason", None)
        milestones = self._milestones(data.pop("milestones", []))
        indicator = services.indicator_create(
            user=self.request.user, cpo=data.pop("cpo"), title=data.pop("title"),
            code=data.pop("code", ""), milestones=milestones, **data)
        serializer.instance = self._fresh(indicator.pk)

    @transaction.atomic
    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        milestones = data.pop("milestones", None)
        indicator = services.indicator_update(user=self.request.user,
                                              indicator=serializer.instance, data=data,
                                              reason=reason)
        for biennium, (value, statement) in self._milestones(milestones or []).items():
            services.milestone_set(user=self.request.user, indicator=indicator,
                                   biennium=biennium, value=value, statement=statement,
                                   reason=reason)
        serializer.instance = self._fresh(indicator.pk)


class MilestoneViewSet(ScopedModelViewSet):
    """Biennial milestones: the value (or statement, for qualitative indicators) expected at
    the end of a biennium. Filters: `country`, `region`, `dwcp`, `cpo`, `indicator`,
    `biennium` (code), `unit`.

    POST sets the milestone of an indicator for a biennium; PATCH changes its value or
    statement. Changing an existing value is a revision and needs `reason`."""

    queryset = BiennialMilestone.objects.all()
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_base_queryset(self):
        return (BiennialMilestone.objects.select_related("indicator", "biennium")
                .order_by("indicator__code", "biennium__start_year"))

    def perform_create(self, serializer):
        data = serializer.validated_data
        milestone = services.milestone_set(
            user=self.request.user, indicator=data["indicator"], biennium=data["biennium"],
            value=data.get("value"), statement=data.get("statement", ""),
            reason=data.get("reason", ""))
        serializer.instance = self.get_base_queryset().get(pk=milestone.pk)

    def perform_update(self, serializer):
        current, data = serializer.instance, serializer.validated_data
        milestone = services.milestone_set(
            user=self.request.user, indicator=current.indicator, biennium=current.biennium,
            value=data.get("value", current.value),
            statement=data.get("statement", current.statement),
            reason=data.get("reason", ""))
        serializer.instance = self.get_base_queryset().get(pk=milestone.pk)


UPDATE_FIELDS = ("date", "value", "numerator", "denominator", "reached", "narrative", "source")


class ProgressUpdateViewSet(ScopedModelViewSet):
    """Progress updates: a value (or numerator and denominator, or for qualitative indicators
    whether the milestone is reached) on a date, with values by sex / constituent group.

    Filters: `country`, `region`, `dwcp`, `cpo`, `indicator`, `biennium` (updates dated in
    it, e.g. 2020-21), `status` (repeatable), `unit`, `date_from`, `date_to`.

    Workflow: draft → `submit` → `approve`, or `return` with a comment → edited → submitted
    again. Only drafts and returned updates can be edited; the approver may not be the
    submitter; updates dated in a closed biennium are locked. Only approved updates count."""

    queryset = ProgressUpdate.objects.all()
    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilter
    ordering_fields = ["date", "submitted_at"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_base_queryset(self):
        return _update_queryset()

    def get_permissions(self):
        if self.action in ("approve", "return_"):
            # Managers approve although they change no programme data: the service decides
            # who may approve (never the submitter).
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def _fresh(self, pk: int) -> ProgressUpdate:
        return _update_queryset().get(pk=pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        update = services.progress_update_create(
            user=self.request.user, indicator=data["indicator"], date=data.get("date"),
            value=data.get("value"), numerator=data.get("numerator"),
            denominator=data.get("denominator"), reached=data.get("reached"),
            narrative=data.get("narrative", ""), source=data.get("source", ""),
            disaggregation=data.get("disaggregation"), submit=data.get("submit", False))
        serializer.instance = self._fresh(update.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        update = services.progress_update_update(
            user=self.request.user, update=serializer.instance,
            data={k: v for k, v in data.items() if k in UPDATE_FIELDS},
            disaggregation=data.get("disaggregation"), reason=data.get("reason", ""))
        serializer.instance = self._fresh(update.pk)

    def _act(self, pk, fn, **kwargs):
        update = get_object_or_404(self.get_queryset(), pk=pk)
        update = fn(user=self.request.user, update=update, **kwargs)
        return Response(self.get_serializer(self._fresh(update.pk)).data)

    @extend_schema(request=None, responses=ProgressUpdateSerializer,
                   summary="Submit a draft or returned update for approval")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(pk, services.progress_update_submit)

    @extend_schema(request=None, responses=ProgressUpdateSerializer,
                   summary="Approve a submitted update (not by its submitter)")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Managers, administrators and field staff of the country may approve, never the
        person who submitted the update. Its results are recomputed by the worker."""
        return self._act(pk, services.progress_update_approve)

    @extend_schema(request=ReturnSerializer, responses=ProgressUpdateSerializer,
                   summary="Return a submitted update to its author with a comment")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._act(pk, services.progress_update_return,
                         comment=serializer.validated_data["comment"])


class IndicatorRevisionViewSet(ScopedReadOnlyViewSet):
    """Revisions of baselines, end targets and milestones: old and new value, who, when and
    why, newest first. Filters: `country`, `region`, `dwcp`, `cpo`, `indicator`, `kind`,
    `biennium`, `unit`."""

    queryset = IndicatorRevision.objects.all()
    serializer_class = RevisionSerializer
    filterset_class = RevisionFilter

    def get_base_queryset(self):
        return IndicatorRevision.objects.select_related("indicator", "biennium", "revised_by")


class IndicatorResultViewSet(ScopedReadOnlyViewSet):
    """Indicator results of the current snapshot (computed by the worker; `as_of` is their
    date): per indicator and biennium the start value, actual, milestone, progress in per cent,
    whether the milestone is reached, the status and the progress toward the end target.

    Filters: `country`, `region`, `dwcp`, `cpo`, `indicator`, `biennium`, `status`
    (repeatable), `unit`."""

    queryset = IndicatorResult.objects.all()
    serializer_class = IndicatorResultSerializer
    filterset_class = IndicatorResultFilter
    ordering_fields = ["progress", "status"]

    def get_base_queryset(self):
        return (IndicatorResult.objects.filter(snapshot__is_current=True)
                .select_related("snapshot", "biennium", "indicator__cpo__dwcp__country")
                .order_by("biennium__start_year", "indicator__code"))


class CpoResultViewSet(ScopedReadOnlyViewSet):
    """CPO statuses of the current snapshot, per biennium, over the CPO's indicators with a
    milestone in it. Filters: `country`, `region`, `dwcp`, `cpo`, `biennium`, `status`."""

    queryset = CpoResult.objects.all()
    serializer_class = CpoResultSerializer
    filterset_class = CpoResultFilter

    def get_base_queryset(self):
        return (CpoResult.objects.filter(snapshot__is_current=True)
                .select_related("snapshot", "biennium", "cpo__dwcp__country")
                .order_by("biennium__start_year", "cpo__code"))


class ResultRollupViewSet(ScopedReadOnlyViewSet):
    """Counts of indicators and CPOs by status per biennium and per country, region, P&B
    outcome or strategic objective (`key` is its id), and per P&B outcome the number of member
    States with at least one CPO achieved (subject `member_states`). Aggregates carry no
    country scope: every signed-in user reads them. Filters: `biennium`, `level`, `subject`,
    `key`, `status`, `country` (ISO3: its country rows), `region` (code: its region rows)."""

    queryset = ResultRollup.objects.all()
    serializer_class = RollupSerializer
    filterset_class = RollupFilter

    def get_base_queryset(self):
        return (ResultRollup.objects.filter(snapshot__is_current=True)
                .select_related("snapshot", "biennium")
                .order_by("biennium__start_year", "level", "key", "subject", "status"))


class BienniumLockViewSet(viewsets.GenericViewSet):
    """Closing and reopening a biennium (managers and administrators). Once closed, progress
    updates dated in it can be neither added, edited nor approved; reopening needs a reason,
    kept in the biennium's history."""

    queryset = Biennium.objects.select_related("framework")
    serializer_class = BienniumSerializer
    permission_classes = [permissions.IsAuthenticated]  # the service checks the role
    filter_backends: list = []
    pagination_class = None

    @extend_schema(request=None, responses=BienniumSerializer, summary="Close a biennium")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        biennium = services.biennium_close(user=request.user,
                                           biennium=get_object_or_404(self.queryset, pk=pk))
        return Response(BienniumSerializer(self.queryset.get(pk=biennium.pk)).data)

    @extend_schema(request=ReopenSerializer, responses=BienniumSerializer,
                   summary="Reopen a closed biennium, giving a reason")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        serializer = ReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        biennium = services.biennium_reopen(user=request.user,
                                            biennium=get_object_or_404(self.queryset, pk=pk),
                                            reason=serializer.validated_data["reason"])
        return Response(BienniumSerializer(self.queryset.get(pk=biennium.pk)).data)


def register(router) -> None:
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("milestones", MilestoneViewSet, basename="milestone")
    router.register("progress-updates", ProgressUpdateViewSet, basename="progress-update")
    router.register("indicator-revisions", IndicatorRevisionViewSet,
                    basename="indicator-revision")
    router.register("indicator-results", IndicatorResultViewSet, basename="indicator-result")
    router.register("cpo-results", CpoResultViewSet, basename="cpo-result")
    router.register("result-rollups", ResultRollupViewSet, basename="result-rollup")
    # Actions only: GET /biennia/ and /biennia/{id}/ are the reference API's.
    router.register("biennia", BienniumLockViewSet, basename="biennium-lock")
