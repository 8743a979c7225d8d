"""The results the worker computed (current snapshot), read only: indicator results, CPO
statuses and roll-ups; every row says the date they are computed as of."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import ScopedReadOnlyViewSet, read_only_slug, route, snapshot_as_of
from programmes.api.results._filters import (
    CpoResultFilter,
    IndicatorResultFilter,
    RollupFilter,
)
from programmes.models import CpoResult, IndicatorResult, ResultRollup, ResultStatus


@extend_schema_field({
    # Inline (inside allOf) rather than a shared component: a result status used by two
    # components would collide with the progress updates' ``status`` enum under one name.
    "allOf": [{"type": "string", "enum": list(ResultStatus.values)}], "readOnly": True,
    "description": "Status for the biennium as of `as_of` (docs/indicators.md).",
})
class ResultStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ResultStatus.choices, read_only=True, **kwargs)


class IndicatorResultSerializer(serializers.ModelSerializer):
    as_of = snapshot_as_of("results")
    biennium = read_only_slug("code")
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
    as_of = snapshot_as_of("results")
    biennium = read_only_slug("code")
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
    as_of = snapshot_as_of("results")
    biennium = read_only_slug("code")

    class Meta:
        model = ResultRollup
        fields = ["id", "as_of", "biennium", "level", "key", "subject", "status", "count"]
        read_only_fields = fields


@route("indicator-results", "indicator-result")
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


@route("cpo-results", "cpo-result")
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


@route("result-rollups", "result-rollup")
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
