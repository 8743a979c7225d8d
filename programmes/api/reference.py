import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core import policy
from core.api import ScopedReadOnlyViewSet, read_only_slug, registrar, route
from core.filters import IdFilter, YearFilter
from programmes.models import (
    Biennium,
    Convention,
    CountryProgrammeOutcome,
    GenderMarker,
    PBFramework,
    PBOutcome,
    PBOutcomeIndicator,
    SdgTarget,
    StrategicObjective,
)


# The cross-cutting markers a CPO and a project carry, as the API reads and writes them
# (social_dialogue and just_transition are plain model fields). No docstring: the schema
# would take it as the description of every serializer using these fields.
class MarkerFields(serializers.Serializer):  # type: ignore[type-arg]  # a mixin of fields
    gender_marker = serializers.ChoiceField(
        choices=GenderMarker.choices, required=False, allow_null=True,
        help_text="UN gender equality marker, 0–3; null: not assessed.")
    conventions = serializers.SlugRelatedField(
        slug_field="code", queryset=Convention.objects.all(), many=True, required=False,
        help_text="Codes of the ILO Conventions and Protocols concerned, e.g. C087, P029.")


class StrategicObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategicObjective
        fields = ["id", "code", "title", "order"]


class BienniumSerializer(serializers.ModelSerializer):
    framework = read_only_slug("code")

    class Meta:
        model = Biennium
        fields = ["id", "code", "start_year", "start_date", "end_date", "framework", "closed_at"]


class PBOutcomeSerializer(serializers.ModelSerializer):
    framework = read_only_slug("code")
    strategic_objective = read_only_slug("code")

    class Meta:
        model = PBOutcome
        fields = ["id", "framework", "code", "title", "kind", "strategic_objective"]


class PBOutcomeIndicatorSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="pb_outcome.framework.code", read_only=True)
    outcome_code = serializers.CharField(source="pb_outcome.code", read_only=True)

    class Meta:
        model = PBOutcomeIndicator
        fields = ["id", "framework", "pb_outcome", "outcome_code", "code", "text", "target",
                  "target_unit", "order"]


class PBFrameworkOutcomeSerializer(serializers.ModelSerializer):
    """An outcome as its framework lists it (the full record: /api/v1/pb-outcomes/{id}/)."""

    class Meta:
        model = PBOutcome
        fields = ["id", "code", "title", "kind"]


class PBFrameworkSerializer(serializers.ModelSerializer):
    biennia: serializers.SlugRelatedField[Biennium] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True,
        help_text="The biennia this framework covers.")
    outcomes = PBFrameworkOutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = PBFramework
        fields = ["id", "code", "title", "start_year", "end_year", "source", "biennia",
                  "outcomes"]


class SdgTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = SdgTarget
        fields = ["id", "code", "goal", "title"]


class PBFrameworkFilter(django_filters.FilterSet):
    biennium = django_filters.CharFilter(field_name="biennia__code", lookup_expr="iexact",
                                         label=_("Biennium it covers, e.g. 2020-21"))
    year = YearFilter(method="filter_year", label=_("A year it covers"))
    code = django_filters.CharFilter(lookup_expr="iexact", label=_("Code, e.g. P&B 2020-21"))

    class Meta:
        model = PBFramework
        fields = ["biennium", "year", "code"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)


class SdgTargetFilter(django_filters.FilterSet):
    goal = django_filters.NumberFilter(min_value=1, max_value=17, decimal_places=0,
                                       label=_("SDG (1 to 17)"))
    code = django_filters.CharFilter(lookup_expr="iexact", label=_("Target, e.g. 8.5"))
    cpo = IdFilter(method="filter_cpo",
                   label=_("Targets a country programme outcome (id) contributes to"))

    class Meta:
        model = SdgTarget
        fields = ["goal", "code", "cpo"]

    def filter_cpo(self, queryset, name, value):
        # Among the CPOs the caller may see: another country's CPO shows no targets.
        cpos = policy.visible(getattr(self.request, "user", None),
                              CountryProgrammeOutcome.objects.filter(pk=value))
        return queryset.filter(cpos__in=cpos.values("pk")).distinct()


@route("pb-frameworks", "pb-framework")
class PBFrameworkViewSet(ScopedReadOnlyViewSet):
    """The results frameworks CPOs link to (the Strategic Policy Framework 2010–15, each
    Programme and Budget since) with the biennia they cover and their outcomes' codes.
    Filters: `biennium` (e.g. 2020-21), `year`, `code`; `search` on code and title;
    `ordering` by start_year, code."""

    queryset = PBFramework.objects.prefetch_related(
        Prefetch("biennia", queryset=Biennium.objects.order_by("start_year")),
        Prefetch("outcomes", queryset=PBOutcome.objects.order_by("code")))
    serializer_class = PBFrameworkSerializer
    filterset_class = PBFrameworkFilter
    search_fields = ["code", "title"]
    ordering_fields = ["start_year", "code", "id"]
    ordering = ["start_year"]


@route("sdg-targets", "sdg-target")
class SdgTargetViewSet(ScopedReadOnlyViewSet):
    """The targets of the Sustainable Development Goals that CPOs contribute to (e.g. 8.5).
    Filters: `goal` (1–17), `code`, `cpo` (a CPO's id: its targets); `search` on code and
    title; `ordering` by goal, code."""

    queryset = SdgTarget.objects.all()
    serializer_class = SdgTargetSerializer
    filterset_class = SdgTargetFilter
    search_fields = ["code", "title"]
    ordering_fields = ["goal", "code", "id"]
    ordering = ["goal", "code"]


@route("strategic-objectives", "strategic-objective")
class StrategicObjectiveViewSet(ScopedReadOnlyViewSet):
    queryset = StrategicObjective.objects.all()
    serializer_class = StrategicObjectiveSerializer
    filterset_fields = ["code"]


@route("biennia", "biennium")
class BienniumViewSet(ScopedReadOnlyViewSet):
    queryset = Biennium.objects.select_related("framework")
    serializer_class = BienniumSerializer
    filterset_fields = ["start_year"]


@route("pb-outcomes", "pb-outcome")
class PBOutcomeViewSet(ScopedReadOnlyViewSet):
    queryset = PBOutcome.objects.select_related("framework", "strategic_objective")
    serializer_class = PBOutcomeSerializer
    filterset_fields = {"framework__code": ["exact"], "kind": ["exact"],
                        "strategic_objective__code": ["exact"]}
    search_fields = ["title", "code"]


@route("pb-outcome-indicators", "pb-outcome-indicator")
class PBOutcomeIndicatorViewSet(ScopedReadOnlyViewSet):
    """Indicators of P&B outcomes with their biennial targets (null: none set). Filters:
    `pb_outcome__framework__code` (e.g. P&B 2024-25), `pb_outcome` (id); `search`."""

    queryset = PBOutcomeIndicator.objects.select_related("pb_outcome__framework")
    serializer_class = PBOutcomeIndicatorSerializer
    filterset_fields = {"pb_outcome__framework__code": ["exact"], "pb_outcome": ["exact"]}
    search_fields = ["text", "code"]


register = registrar(StrategicObjectiveViewSet, BienniumViewSet, PBOutcomeViewSet,
                     PBOutcomeIndicatorViewSet, PBFrameworkViewSet, SdgTargetViewSet)
