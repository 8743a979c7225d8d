"""Interventions, participation (counts and participant lists, with the CSV import) and the
people on the lists of several interventions on unrelated subjects (repeat trainees).
"""
from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Count, Max
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from capacity import selectors
from capacity.api._common import (
    NO_PUT,
    _biennium_of,
    _group,
    _Place,
    _reason,
    _ServiceViewSet,
    _UnderIntervention,
)
from capacity.models import (
    CapacityLevel,
    CapacityNeed,
    Intervention,
    Participant,
    ParticipationCount,
)
from capacity.services import interventions as intervention_services
from capacity.services import participation as participation_services
from constituents.models import Constituent, Country
from core import policy
from core.api import ReadOnlyOnUpdate, ScopedModelViewSet, VisibleRelatedField, route
from core.errors import ApplicationError
from core.filters import IdFilter
from programmes.models import CountryProgrammeOutcome


class InterventionFilter(_Place):
    country_path = "country"

    group = _group("target_group")
    level = django_filters.ChoiceFilter(choices=CapacityLevel.choices, method="filter_level",
                                        label="Level addressed")
    biennium = _biennium_of("start")
    constituent = IdFilter(field_name="target_constituents",
                                              distinct=True, label="Target constituent id")
    cpo = IdFilter(field_name="cpos", distinct=True, label="CPO id")
    need = IdFilter(field_name="needs", distinct=True,
                                       label="Id of a need addressed")

    class Meta:
        model = Intervention
        fields = ["country", "region", "group", "method", "provider", "technical_area",
                  "status", "level", "biennium", "constituent", "cpo", "need",
                  "funding_source"]

    def filter_level(self, queryset, name, value):
        # A JSON list of levels, matched as text so that SQLite (the embedded default) works.
        return queryset.filter(levels__icontains=f'"{value}"')

    def filter_start_biennium(self, queryset, name, value):
        first, last = value
        return queryset.filter(start_date__year__gte=first, start_date__year__lte=last)


class ParticipationCountFilter(_UnderIntervention):
    class Meta:
        model = ParticipationCount
        fields = ["country", "region", "group", "intervention", "biennium", "technical_area",
                  "method"]


class ParticipantFilter(_UnderIntervention):
    participant_country = django_filters.CharFilter(
        field_name="country__iso3", lookup_expr="iexact",
        label="Country (ISO3) the participant came from")

    class Meta:
        model = Participant
        fields = ["country", "region", "group", "intervention", "biennium", "technical_area",
                  "method", "participant_group", "sex", "constituent", "participant_country"]


class InterventionSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="iso3", queryset=Country.objects.all(), required=False, allow_null=True,
        help_text="ISO3 code; empty for a regional or interregional activity.")
    levels = serializers.ListField(child=serializers.ChoiceField(choices=CapacityLevel.choices),
                                   help_text="Levels addressed (at least one).")
    target_constituents = VisibleRelatedField(
        queryset=Constituent.objects.select_related("country"), many=True, required=False)
    needs = VisibleRelatedField(
        queryset=CapacityNeed.objects.all(), many=True, required=False,
        help_text="Ids of the needs it addresses (of target constituents).")
    cpos = VisibleRelatedField(
        queryset=CountryProgrammeOutcome.objects.select_related("dwcp"), many=True,
        required=False)
    participants = serializers.SerializerMethodField(
        help_text="People taking part: the list, else the counts' total.")
    participation_recorded_as = serializers.SerializerMethodField()
    reason = _reason()

    class Meta:
        model = Intervention
        fields = ["id", "title", "description", "method", "provider", "technical_area",
                  "country", "target_group", "start_date", "end_date", "status", "levels",
                  "target_constituents", "needs", "cpos", "funding_source", "cost",
                  "participants", "participation_recorded_as", "reason", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_participants(self, obj) -> int | None:
        return getattr(obj, "participant_count", 0) or getattr(obj, "count_total", None)

    def get_participation_recorded_as(self, obj) -> str:
        """``list``, ``counts`` or empty."""
        if getattr(obj, "participant_count", 0):
            return "list"
        if getattr(obj, "count_total", None) is not None:
            return "counts"
        return ""


class ParticipationCountSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    intervention = VisibleRelatedField(queryset=Intervention.objects.all())
    reason = _reason()
    read_only_on_update = ("intervention",)

    class Meta:
        model = ParticipationCount
        fields = ["id", "intervention", "total", "women", "men", "sex_not_recorded",
                  "employers", "workers", "labour_ministry", "other_government", "other",
                  "pre_test_average", "post_test_average", "reason", "updated_at"]
        read_only_fields = ["updated_at"]
        # The sums are the service's rules (with messages under the fields).
        validators: list = []


class ParticipantSerializer(serializers.ModelSerializer):
    intervention = VisibleRelatedField(queryset=Intervention.objects.all())
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all(),
                                           help_text="ISO3 code of the participant's country.")
    constituent = VisibleRelatedField(
        queryset=Constituent.objects.all(), required=False, allow_null=True,
        help_text="The organization, when it is a recorded constituent.")
    reason = _reason()

    class Meta:
        model = Participant
        fields = ["id", "intervention", "name", "sex", "organization", "constituent",
                  "participant_group", "country", "pre_test_score", "post_test_score",
                  "reason", "created_at"]
        read_only_fields = ["created_at"]
        validators: list = []


class ParticipantImportSerializer(serializers.Serializer):
    intervention = VisibleRelatedField(queryset=Intervention.objects.all())
    file = serializers.FileField(
        help_text="CSV (UTF-8) or .xlsx with a header: name, sex, organization, "
                  "constituent_group, country, optionally pre_test_score and post_test_score "
                  "(or the template's headers, in English, French or Spanish).")


class ImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    participants = ParticipantSerializer(many=True)


def _intervention_queryset():
    return (Intervention.objects.select_related("country")
            .prefetch_related("target_constituents", "needs", "cpos")
            .annotate(participant_count=Count("participants", distinct=True),
                      count_total=Max("participation_count__total"))
            .order_by("-start_date", "title"))


@route("capacity-interventions", "capacity-intervention")
class InterventionViewSet(_ServiceViewSet):
    """Capacity development interventions: method, provider, technical area, country (empty:
    regional), constituent group (empty: several), dates, status, levels addressed, target
    constituents, needs addressed, CPOs, funding source and cost. Field staff record those of
    their countries, specialists those of their group. Participation: `/participation-counts/`
    or `/participants/` (with the CSV import). Filters: `country`, `region`, `group`,
    `method`, `provider`, `technical_area`, `status`, `level`, `biennium`, `constituent`,
    `cpo`, `need`, `funding_source`."""

    queryset = Intervention.objects.all()
    serializer_class = InterventionSerializer
    filterset_class = InterventionFilter
    search_fields = ["title", "description"]
    ordering_fields = ["start_date", "title", "cost"]
    http_method_names = NO_PUT

    service_module = intervention_services
    entity = "intervention"

    def get_base_queryset(self):
        return _intervention_queryset()



COUNT_FIELDS = ("total", "women", "men", "sex_not_recorded", *ParticipationCount.GROUP_FIELDS,
                "pre_test_average", "post_test_average")


@route("participation-counts", "participation-count")
class ParticipationCountViewSet(ScopedModelViewSet):
    """Participation in an intervention as counts (when no participant list is kept): by sex
    and by constituent group, each adding up to the total; optional average test scores
    (0–100). POST records them (or replaces those recorded), PATCH changes them. Filters:
    `country`, `region`, `group`, `intervention`, `biennium`, `technical_area`, `method`."""

    queryset = ParticipationCount.objects.all()
    serializer_class = ParticipationCountSerializer
    filterset_class = ParticipationCountFilter
    http_method_names = NO_PUT

    def get_base_queryset(self):
        return ParticipationCount.objects.select_related("intervention").order_by(
            "-intervention__start_date", "id")

    def _set(self, intervention, values: dict, reason: str):
        row = participation_services.participation_counts_set(
            user=self.request.user, intervention=intervention, reason=reason,
            **{k: v for k, v in values.items() if k in COUNT_FIELDS})
        return self.get_base_queryset().get(pk=row.pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        intervention = data.pop("intervention")
        serializer.instance = self._set(intervention, data, data.get("reason", ""))

    def perform_update(self, serializer):
        current = serializer.instance
        values = {name: getattr(current, name) for name in COUNT_FIELDS}
        values.update(serializer.validated_data)
        serializer.instance = self._set(current.intervention, values,
                                        serializer.validated_data.get("reason", ""))

    def perform_destroy(self, instance):
        participation_services.participation_counts_delete(
            user=self.request.user, intervention=instance.intervention)


@route("participants", "participant")
class ParticipantViewSet(_ServiceViewSet):
    """People on the participant lists of interventions: name, sex, organization (linked to
    a constituent when it is one), constituent group, country, optional pre/post test scores
    (0–100). Add one with POST or many with `import-csv` (all or nothing: a refused file comes
    back as 400 listing each problem as "Row N, column: message" under `file`). Filters:
    `country` (of the intervention), `region`, `group`, `intervention`, `biennium`,
    `technical_area`, `method`, `participant_group`, `sex`, `constituent`,
    `participant_country`."""

    queryset = Participant.objects.all()
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilter
    search_fields = ["name", "organization"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    service_module = participation_services
    entity = "participant"

    def get_base_queryset(self):
        return (Participant.objects.select_related("country", "intervention")
                .order_by("intervention", "name", "id"))


    @extend_schema(request={"multipart/form-data": ParticipantImportSerializer},
                   responses={201: ImportResultSerializer},
                   summary="Import a participant list from CSV or .xlsx (all or nothing)")
    @action(detail=False, methods=["post"], url_path="import-csv",
            parser_classes=[MultiPartParser, FormParser])
    def import_csv(self, request):
        serializer = ParticipantImportSerializer(data=request.data,
            context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        intervention = serializer.validated_data["intervention"]
        from core import policy

        if not policy.can_view(request.user, intervention):
            raise ApplicationError("Choose an intervention you can see.", field_errors={
                "intervention": [f"Invalid pk \"{intervention.pk}\" - object does not exist."]})
        created = participation_services.participants_import_csv(
            user=request.user, intervention=intervention,
            file=serializer.validated_data["file"])
        rows = self.get_base_queryset().filter(pk__in=[p.pk for p in created])
        return Response({"imported": len(created),
                         "participants": ParticipantSerializer(rows, many=True).data},
                        status=status.HTTP_201_CREATED)


class RepeatTraineeQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="first start date (default: four "
                                                            "years ago, 1 January)")
    end = serializers.DateField(required=False, help_text="last start date (default today)")
    min_areas = serializers.IntegerField(required=False, min_value=2, max_value=10, default=2,
                                         help_text="different technical areas at least")

    def validate(self, attrs):
        today = timezone.localdate()
        attrs.setdefault("start", dt.date(today.year - 4, 1, 1))
        attrs.setdefault("end", today)
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "The end comes after the start."})
        return attrs


class RepeatTraineeSerializer(serializers.Serializer):
    name = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166 alpha-3 of the person's country")
    technical_areas = serializers.ListField(child=serializers.CharField())
    interventions = serializers.SerializerMethodField()

    def get_interventions(self, row) -> list[dict]:
        return [{"id": i.pk, "title": i.title, "start_date": i.start_date,
                 "technical_area": i.technical_area} for i in row.interventions]


@route("repeat-trainees", "repeat-trainee")
class RepeatTraineeViewSet(viewsets.ViewSet):
    """People on the participant lists of several interventions on unrelated subjects
    (seeds/000 ¶17(b)): for field staff (their countries), managers and administrators."""

    @extend_schema(parameters=[RepeatTraineeQuerySerializer],
                   responses=RepeatTraineeSerializer(many=True))
    def list(self, request):
        user = request.user
        if not policy.SEE_REPEAT_TRAINEES.allows(user):
            raise exceptions.PermissionDenied("Only field staff and managers see this list.")
        query = RepeatTraineeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.repeat_trainees(user=user, **query.validated_data)
        return Response(RepeatTraineeSerializer(rows, many=True).data)
