from rest_framework import serializers

from core.api import ScopedReadOnlyViewSet, read_only_slug, registrar, route
from programmes.models import (
    Biennium,
    Convention,
    GenderMarker,
    PBOutcome,
    PBOutcomeIndicator,
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


@route("strategic-objectives", "strategic-objective")
class StrategicObjectiveViewSet(ScopedReadOnlyViewSet):
    queryset = StrategicObjective.objects.all()
    serializer_class = StrategicObjectiveSerializer


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
                     PBOutcomeIndicatorViewSet)
