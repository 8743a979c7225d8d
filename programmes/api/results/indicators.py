"""Indicators with their biennial milestones, milestones on their own, and the revisions of
baselines, targets and milestones."""
from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers

from core.api import (
    ReadOnlyOnUpdate,
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    VisibleRelatedField,
    read_only_slug,
    route,
)
from programmes.api import _titles as titles
from programmes.api.results._fields import _reason, one_per_biennium
from programmes.api.results._filters import IndicatorFilter, MilestoneFilter, RevisionFilter
from programmes.models import (
    BiennialMilestone,
    Biennium,
    CountryProgrammeOutcome,
    Indicator,
    IndicatorRevision,
    Output,
)
from programmes.services import indicators as services


class MilestoneInlineSerializer(serializers.ModelSerializer):
    """A milestone inside its indicator: the biennium and the value (or statement) expected at
    its end."""

    biennium = serializers.SlugRelatedField(slug_field="code", queryset=Biennium.objects.all(),
                                            help_text="Biennium code, e.g. 2020-21.")

    class Meta:
        model = BiennialMilestone
        fields = ["biennium", "value", "statement"]
        validators: list = []


class IndicatorSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    cpo = VisibleRelatedField(
        queryset=CountryProgrammeOutcome.objects.select_related("dwcp__country"))
    cpo_code = serializers.CharField(source="cpo.code", read_only=True)
    country = serializers.CharField(source="cpo.dwcp.country.iso3", read_only=True)
    output = VisibleRelatedField(queryset=Output.objects.all(), required=False,
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
    read_only_on_update = ("cpo",)

    class Meta:
        model = Indicator
        fields = ["id", "cpo", "cpo_code", "country", "output", "code", "title", *titles.COLUMNS,
                  "unit",
                  "numerator_label", "denominator_label", "direction", "cumulative",
                  "baseline_value", "baseline_year", "baseline_source", "baseline_description",
                  "baseline_due_date", "target_value", "target_increase_pct", "target_year",
                  "target_description", "end_target", "means_of_verification", "data_source",
                  "responsible_person", "disaggregate_by_sex", "disaggregate_by_group",
                  "pb_indicators", "sdg_indicators", "milestones", "reason", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at", *titles.READ_ONLY]
        extra_kwargs = titles.EXTRA_KWARGS
        validators: list = []

    def validate_milestones(self, value):
        return one_per_biennium(value, "milestone")


class MilestoneSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    indicator = VisibleRelatedField(queryset=Indicator.objects.all())
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    biennium = serializers.SlugRelatedField(slug_field="code", queryset=Biennium.objects.all(),
                                            help_text="Biennium code, e.g. 2020-21.")
    reason = _reason()
    read_only_on_update = ("indicator", "biennium")

    class Meta:
        model = BiennialMilestone
        fields = ["id", "indicator", "indicator_code", "biennium", "value", "statement",
                  "reason", "updated_at"]
        read_only_fields = ["updated_at"]
        validators: list = []


class RevisionSerializer(serializers.ModelSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    biennium = read_only_slug("code")
    revised_by = read_only_slug("username")

    class Meta:
        model = IndicatorRevision
        fields = ["id", "indicator", "indicator_code", "kind", "biennium", "old_value",
                  "new_value", "old_text", "new_text", "reason", "revised_by", "revised_at"]
        read_only_fields = fields


def _milestones_prefetch() -> Prefetch:
    return Prefetch("milestones", queryset=BiennialMilestone.objects.select_related("biennium")
                    .order_by("biennium__start_year"))


def _indicator_queryset():
    return (Indicator.objects.select_related("cpo__dwcp__country")
            .prefetch_related(_milestones_prefetch()).order_by("cpo__code", "code"))


INDICATOR_REVISION = [
    OpenApiExample("Revise the baseline (a revision: the reason is required)",
                   request_only=True, value={"baseline_value": "90",
                                             "reason": "Baseline corrected with the 2019 "
                                                       "labour force survey"}),
    OpenApiExample("Set a milestone, revising another", request_only=True, value={
        "milestones": [{"biennium": "2024-25", "value": "350"},
                       {"biennium": "2022-23", "value": "280"}],
        "reason": "Mid-term review"}),
    OpenApiExample("Refused: the message under its field", response_only=True,
                   status_codes=["400"],
                   value={"detail": "Say why the baseline or target is revised: the old "
                                    "value is kept with your reason.",
                          "reason": ["Say why the baseline or target is revised: the old "
                                     "value is kept with your reason."]}),
]


@extend_schema_view(
    create=extend_schema(examples=[
        OpenApiExample("A number with a target and milestones", request_only=True, value={
            "cpo": 7, "title": "Young people placed in jobs", "unit": "number",
            "direction": "increase", "baseline_value": "100", "baseline_year": 2019,
            "baseline_source": "Employment service register", "target_value": "400",
            "target_year": 2024, "disaggregate_by_sex": True,
            "milestones": [{"biennium": "2020-21", "value": "200"},
                           {"biennium": "2022-23", "value": "300"}]}),
        OpenApiExample("A percentage with a target increase", request_only=True, value={
            "cpo": 7, "code": "ALB101.2", "title": "Share of women among those placed",
            "unit": "percentage", "numerator_label": "Women placed",
            "denominator_label": "All placed", "baseline_value": "30",
            "baseline_year": 2019, "target_increase_pct": "50", "target_year": 2024}),
        OpenApiExample("A qualitative indicator", request_only=True, value={
            "cpo": 8, "title": "Labour code amended in line with C144", "unit": "qualitative",
            "baseline_description": "No tripartite consultation mechanism",
            "target_description": "Amendment adopted", "target_year": 2025,
            "milestones": [{"biennium": "2024-25", "statement": "Draft submitted to "
                                                                "Parliament"}]}),
    ]),
    partial_update=extend_schema(examples=INDICATOR_REVISION),
    update=extend_schema(examples=INDICATOR_REVISION))
@route("indicators", "indicator")
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


MILESTONE_REVISION = [
    OpenApiExample("Revise the value (the reason is required)", request_only=True,
                   value={"value": "320", "reason": "Revised with the mid-term review"}),
    OpenApiExample("Refused: no reason for a revision", response_only=True,
                   status_codes=["400"],
                   value={"detail": "Say why the milestone is revised: the old value is "
                                    "kept with your reason.",
                          "reason": ["Say why the milestone is revised: the old value is "
                                     "kept with your reason."]}),
]


@extend_schema_view(
    create=extend_schema(examples=[
        OpenApiExample("The value expected at the end of a biennium", request_only=True,
                       value={"indicator": 12, "biennium": "2024-25", "value": "350"}),
        OpenApiExample("A qualitative indicator's statement", request_only=True,
                       value={"indicator": 14, "biennium": "2024-25",
                              "statement": "Draft amendment submitted to Parliament"}),
        OpenApiExample("Refused: outside the DWCP period", response_only=True,
                       status_codes=["400"],
                       value={"detail": "Biennium 2026-27 lies outside the DWCP period "
                                        "2020–2024.",
                              "milestones": ["Biennium 2026-27 lies outside the DWCP period "
                                             "2020–2024."]}),
    ]),
    partial_update=extend_schema(examples=MILESTONE_REVISION),
    update=extend_schema(examples=MILESTONE_REVISION))
@route("milestones", "milestone")
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


@route("indicator-revisions", "indicator-revision")
class IndicatorRevisionViewSet(ScopedReadOnlyViewSet):
    """Revisions of baselines, end targets and milestones: old and new value, who, when and
    why, newest first. Filters: `country`, `region`, `dwcp`, `cpo`, `indicator`, `kind`,
    `biennium`, `unit`."""

    queryset = IndicatorRevision.objects.all()
    serializer_class = RevisionSerializer
    filterset_class = RevisionFilter

    def get_base_queryset(self):
        return IndicatorRevision.objects.select_related("indicator", "biennium", "revised_by")
