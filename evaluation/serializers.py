"""Serializers of the evaluation API (:mod:`evaluation.api`): the records (evaluations, their
team, status changes, ratings, lessons, good practices, recommendations, management responses,
follow-up actions, coverage rules), the steps and uploads written through the services, the
change history, and the figures the worker computed (read only, with the date of their
snapshot).

Serializers only shape and type-check the data: every rule (and its message) is the
services' (:mod:`evaluation.services`); ``validators = []`` leaves uniqueness to them too.
Countries are given by ISO3 code, regions by code, SDG targets by code, users by username,
other related records by id."""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from capacity.models import Intervention
from constituents.models import Constituent, Country, Region
from core import policy
from core.api import (
    ReadOnlyOnUpdate,
    VisibleRelatedField,
    read_only_slug,
    reason_field,
    snapshot_as_of,
)
from core.roles import ConstituentGroup
from programmes.models import CountryProgrammeOutcome, Dwcp, PBOutcome, Project, SdgTarget

from .models import (
    ActionStatus,
    CoverageFigure,
    CoverageFlag,
    CoverageRule,
    Evaluation,
    EvaluationStatus,
    EvaluationStatusChange,
    Evaluator,
    FollowUpAction,
    GoodPractice,
    ImplementationFigure,
    Language,
    Lesson,
    ManagementResponse,
    Rating,
    RatingAverage,
    Recommendation,
    Timing,
)
from .selectors import highlight

REASON_HELP = "Reason for the change (kept in the history); required once the evaluation " \
              "is published, or the management response submitted."


def _reason() -> serializers.CharField:
    return reason_field(REASON_HELP, max_length=None)


def _user_field(**options: Any) -> serializers.SlugRelatedField[Any]:
    return serializers.SlugRelatedField(slug_field="username",
                                        queryset=get_user_model().objects.all(), **options)


class DownloadField(serializers.FileField):
    """A file of an evaluation as the address of the page that hands it to those who may
    read the evaluation (files are not served from /media/)."""

    def __init__(self, which: str, **kwargs: Any) -> None:
        self.which = which
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        if not value:
            return None
        url = reverse("evaluation:evaluation-file", args=[value.instance.pk, self.which])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

class VisibleEvaluationField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """An evaluation the caller may read, by id (others do not exist for them)."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        return policy.READ_EVALUATION.filter(getattr(request, "user", None),
                                             Evaluation.objects.all())


class VisibleRecommendationField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A recommendation of an evaluation the caller may read, by id."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        return policy.READ_EVALUATION.filter(
            getattr(request, "user", None),
            Recommendation.objects.select_related("evaluation"))


# --- evaluations ------------------------------------------------------------------------------

class EvaluatorSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    evaluation = VisibleEvaluationField()
    reason = _reason()
    read_only_on_update = ("evaluation",)

    class Meta:
        model = Evaluator
        fields = ["id", "evaluation", "name", "kind", "organization", "team_leader", "reason"]


class EvaluationStatusChangeSerializer(serializers.ModelSerializer):
    changed_by = read_only_slug("username")

    class Meta:
        model = EvaluationStatusChange
        fields = ["id", "evaluation", "from_status", "to_status", "effective_date", "note",
                  "changed_by", "changed_at"]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer):
    """An evaluation. Without ``country`` the subject's country manages it; ``country: null``
    is an evaluation managed at headquarters. ``status`` moves only through the
    ``transition`` step; the report files through ``files``."""

    dwcp = VisibleRelatedField(queryset=Dwcp.objects.all(), required=False,
                                              allow_null=True)
    project = VisibleRelatedField(queryset=Project.objects.all(),
                                                 required=False, allow_null=True)
    cpo = VisibleRelatedField(queryset=CountryProgrammeOutcome.objects.all(),
                                             required=False, allow_null=True)
    intervention = VisibleRelatedField(queryset=Intervention.objects.all(),
                                                      required=False, allow_null=True)
    manager = _user_field(required=False, allow_null=True,
                          help_text="Username of the evaluation manager.")
    country = serializers.SlugRelatedField(
        slug_field="iso3", queryset=Country.objects.all(), required=False, allow_null=True,
        help_text="ISO3 code of the managing country; null: managed at headquarters; "
                  "omitted on creation: the subject's country.")
    region = read_only_slug("code", help_text="The managing country's region.")
    countries = serializers.SlugRelatedField(slug_field="iso3", many=True, required=False,
                                             queryset=Country.objects.all(),
                                             help_text="ISO3 codes of the countries covered.")
    regions = serializers.SlugRelatedField(slug_field="code", many=True, required=False,
                                           queryset=Region.objects.all(),
                                           help_text="Codes of the regions covered.")
    constituent_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=ConstituentGroup.choices), required=False,
        help_text="Constituent groups concerned (none: all three).")
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=Language.choices), required=False,
        help_text="Languages the report is available in.")
    pb_outcomes = VisibleRelatedField(queryset=PBOutcome.objects.all(),
                                                     many=True, required=False)
    cpos = VisibleRelatedField(queryset=CountryProgrammeOutcome.objects.all(),
                                              many=True, required=False)
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, required=False,
                                               queryset=SdgTarget.objects.all())
    evaluators = EvaluatorSerializer(many=True, read_only=True)
    rating_count = serializers.IntegerField(read_only=True)
    report = DownloadField("report", read_only=True)
    report_summary = DownloadField("summary", read_only=True)
    lesson_count = serializers.IntegerField(read_only=True)
    good_practice_count = serializers.IntegerField(read_only=True)
    recommendation_count = serializers.IntegerField(read_only=True)
    reason = _reason()

    class Meta:
        model = Evaluation
        fields = ["id", "title", "subject_kind", "dwcp", "project", "cpo", "intervention",
                  "theme_title", "technical_area", "evaluation_type", "timing", "management",
                  "manager", "country", "region", "countries", "regions", "constituent_groups",
                  "planned_start", "planned_end", "actual_start", "actual_end", "budget",
                  "status", "status_changed_on", "cancellation_reason", "summary", "report",
                  "report_summary", "pb_outcomes", "cpos", "sdg_targets", "languages",
                  "evaluators", "rating_count", "lesson_count", "good_practice_count",
                  "recommendation_count", "reason", "created_at", "updated_at"]
        read_only_fields = ["status", "status_changed_on", "cancellation_reason", "report",
                            "report_summary", "created_at", "updated_at"]
        validators: list[Any] = []


class EvaluationStepSerializer(serializers.Serializer):  # type: ignore[type-arg]
    to_status = serializers.ChoiceField(choices=EvaluationStatus.choices,
                                        help_text="The status the evaluation moves to.")
    effective_date = serializers.DateField(required=False, allow_null=True,
                                           help_text="When it happened (default today).")
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="Why; required to cancel (the reason kept on the "
                                           "evaluation), return the report or reinstate.")


class NextStepSerializer(serializers.Serializer):  # type: ignore[type-arg]
    to_status = serializers.ChoiceField(choices=EvaluationStatus.choices)
    step = serializers.CharField(help_text="What the step is called.")
    note_required = serializers.BooleanField()


class EvaluationFilesSerializer(serializers.Serializer):  # type: ignore[type-arg]
    report = serializers.FileField(required=False, help_text="The report (PDF or DOCX, at "
                                                             "most 20 MB).")
    report_summary = serializers.FileField(required=False,
                                           help_text="Its summary (PDF or DOCX).")
    reason = _reason()


class MapCountrySerializer(serializers.Serializer):  # type: ignore[type-arg]
    iso3 = serializers.CharField()
    iso_numeric = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    evaluation_count = serializers.IntegerField()


class HistoryChangeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    field = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One change of the evaluation or of a record under it (its team, ratings, lessons, good
    practices, recommendations, management responses, follow-up actions)."""

    record = serializers.CharField(help_text="What kind of record changed (e.g. rating).")
    object_id = serializers.IntegerField()
    object = serializers.CharField(help_text="The record as it was then.")
    kind = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    at = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True, help_text="Username of who made it.")
    reason = serializers.CharField(allow_null=True)
    changes = HistoryChangeSerializer(many=True)


# --- findings ---------------------------------------------------------------------------------

class RatingSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    """A rating; recording a criterion already rated changes its rating."""

    evaluation = VisibleEvaluationField()
    reason = _reason()
    read_only_on_update = ("evaluation", "criterion")

    class Meta:
        model = Rating
        fields = ["id", "evaluation", "criterion", "score", "justification", "reason",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators: list[Any] = []


class LessonSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    evaluation = VisibleEvaluationField()
    evaluation_title = serializers.CharField(source="evaluation.title", read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all(),
                                           required=False, allow_null=True)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(),
                                          required=False, allow_null=True)
    pb_outcome = VisibleRelatedField(queryset=PBOutcome.objects.all(),
                                                    required=False, allow_null=True)
    rank = serializers.SerializerMethodField(
        help_text="Relevance to the search (`q`; full-text search on PostgreSQL); null when "
                  "the list is not searched.")
    snippet = serializers.SerializerMethodField(
        help_text="The matched words in context, as HTML: text escaped, matches in <mark>.")
    reason = _reason()
    read_only_on_update = ("evaluation",)

    class Meta:
        model = Lesson
        fields = ["id", "evaluation", "evaluation_title", "title", "description", "context",
                  "causal_factors", "users", "technical_area", "constituent_group",
                  "capacity_level", "region", "country", "pb_outcome", "rank", "snippet",
                  "reason", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_rank(self, obj: Any) -> float | None:
        return getattr(obj, "rank", None)

    def get_snippet(self, obj: Any) -> str:
        return str(highlight(getattr(obj, "headline", "") or ""))


class GoodPracticeSerializer(LessonSerializer):
    class Meta(LessonSerializer.Meta):
        model = GoodPractice  # type: ignore[assignment]
        fields = [*LessonSerializer.Meta.fields[:-5], "replication",
                  *LessonSerializer.Meta.fields[-5:]]


# --- recommendations and follow-up ------------------------------------------------------------

class ManagementResponseSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    """The management response: recording it again changes it (a draft freely; once
    submitted only with a ``reason``); ``submit: true`` submits it as well."""

    recommendation = VisibleRecommendationField()
    submitted_by = read_only_slug("username")
    submit = serializers.BooleanField(write_only=True, required=False, default=False,
                                      help_text="Submit the response as well.")
    reason = _reason()
    read_only_on_update = ("recommendation",)

    class Meta:
        model = ManagementResponse
        fields = ["id", "recommendation", "decision", "rationale", "responded_on",
                  "submitted_at", "submitted_by", "submit", "reason", "created_at",
                  "updated_at"]
        read_only_fields = ["submitted_at", "created_at", "updated_at"]
        validators: list[Any] = []

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.partial:
            fields["submit"].default = serializers.empty
        return fields


class FollowUpActionSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    """A follow-up action. Its status moves only through the ``status`` step."""

    recommendation = VisibleRecommendationField()
    owner = _user_field(required=False, allow_null=True, help_text="Username of the owner.")
    is_overdue = serializers.BooleanField(read_only=True, required=False,
                                          help_text="Still open past its due date.")
    reason = _reason()
    read_only_on_update = ("recommendation",)

    class Meta:
        model = FollowUpAction
        fields = ["id", "recommendation", "description", "owner", "owner_unit", "due_date",
                  "status", "status_note", "status_changed_on", "completed_on", "is_overdue",
                  "reason", "created_at", "updated_at"]
        read_only_fields = ["status", "status_note", "status_changed_on", "completed_on",
                            "created_at", "updated_at"]


class ActionStepSerializer(serializers.Serializer):  # type: ignore[type-arg]
    status = serializers.ChoiceField(choices=ActionStatus.choices,
                                     help_text="The status the action moves to.")
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="What was done, or why it is not possible "
                                           "(required then).")
    effective_date = serializers.DateField(required=False, allow_null=True,
                                           help_text="When it happened (default today).")


class _ResponseInRecommendation(serializers.ModelSerializer):
    submitted_by = read_only_slug("username")

    class Meta:
        model = ManagementResponse
        fields = ["id", "decision", "rationale", "responded_on", "submitted_at",
                  "submitted_by"]
        read_only_fields = fields


class RecommendationSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    evaluation = VisibleEvaluationField()
    number = serializers.IntegerField(required=False, min_value=1,
                                      help_text="Default: the evaluation's next number.")
    addressee_constituents = VisibleRelatedField(
        queryset=Constituent.objects.all(), many=True, required=False,
        help_text="Ids of the constituents it is addressed to.")
    response = _ResponseInRecommendation(read_only=True, allow_null=True)
    actions = FollowUpActionSerializer(many=True, read_only=True)
    implementation = serializers.CharField(
        read_only=True, required=False,
        help_text="completed, partially, not_implemented; empty without a submitted "
                  "acceptance.")
    overdue_actions = serializers.IntegerField(read_only=True, required=False)
    reason = _reason()
    read_only_on_update = ("evaluation",)

    class Meta:
        model = Recommendation
        fields = ["id", "evaluation", "number", "text", "addressee_unit", "addressee_office",
                  "addressee_constituents", "priority", "resource_implication", "timeframe",
                  "response", "actions", "implementation", "overdue_actions", "reason",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators: list[Any] = []


# --- coverage and the computed figures --------------------------------------------------------

class CoverageRuleSerializer(serializers.ModelSerializer):
    timing = serializers.ChoiceField(choices=Timing.choices, allow_blank=True, read_only=True,
                                     help_text="Empty: any timing.")

    class Meta:
        model = CoverageRule
        fields = ["id", "code", "name", "description", "subject_kind", "min_budget",
                  "evaluation_types", "timing", "anchor", "offset_months", "window_months",
                  "is_active"]
        read_only_fields = fields


class CoverageFlagSerializer(serializers.ModelSerializer):
    as_of = snapshot_as_of("flags")
    rule = read_only_slug("code")
    country = read_only_slug("iso3")
    region = read_only_slug("code")

    class Meta:
        model = CoverageFlag
        fields = ["id", "as_of", "rule", "subject_kind", "project", "dwcp", "country",
                  "region", "due_date", "year", "status", "evaluation"]
        read_only_fields = fields


class CoverageFigureSerializer(serializers.ModelSerializer):
    as_of = snapshot_as_of()
    region = read_only_slug("code", help_text="Empty: all regions.")

    class Meta:
        model = CoverageFigure
        fields = ["id", "as_of", "region", "year", "required", "done", "upcoming",
                  "scheduled", "due", "missing", "overdue", "share_done"]
        read_only_fields = fields


class ImplementationFigureSerializer(serializers.ModelSerializer):
    as_of = snapshot_as_of()

    class Meta:
        model = ImplementationFigure
        fields = ["id", "as_of", "dimension", "key", "responses", "accepted",
                  "partially_accepted", "rejected", "to_implement", "completed", "partially",
                  "not_implemented", "rate"]
        read_only_fields = fields


class RatingAverageSerializer(serializers.ModelSerializer):
    as_of = snapshot_as_of()

    class Meta:
        model = RatingAverage
        fields = ["id", "as_of", "dimension", "key", "criterion", "average", "ratings"]
        read_only_fields = fields


__all__ = [
    "ActionStepSerializer", "CoverageFigureSerializer", "CoverageFlagSerializer",
    "CoverageRuleSerializer", "EvaluationFilesSerializer", "EvaluationSerializer",
    "EvaluationStatusChangeSerializer", "EvaluationStepSerializer", "EvaluatorSerializer",
    "FollowUpActionSerializer", "GoodPracticeSerializer", "HistoryEntrySerializer",
    "ImplementationFigureSerializer", "LessonSerializer", "ManagementResponseSerializer",
    "MapCountrySerializer",
    "NextStepSerializer", "RatingAverageSerializer", "RatingSerializer",
    "RecommendationSerializer",
]
