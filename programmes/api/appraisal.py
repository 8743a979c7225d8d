"""API of quality appraisal: appraisals with their ratings (read; filters ``subject``,
``outcome``, ``year``, ``country``, ``region``, ``dwcp``, ``project``), the shares appraised
and passed per year, and the appraiser's actions — start, rate, complete, reopen — through
:mod:`programmes.services.appraisal`, so a refusal is the same sentence as on the pages (a 400
with field errors, ``rating-<code>`` / ``comment-<code>`` for a criterion). Only managers,
partnerships officers and administrators appraise (403 otherwise)."""
from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core import policy
from core.api import ScopedReadOnlyViewSet, VisibleRelatedField, reason_field, registrar, route
from programmes.filters.appraisal import AppraisalFilter
from programmes.models import Appraisal, AppraisalRating, Dwcp, Project, Rating
from programmes.selectors import appraisal as selectors
from programmes.services import appraisal as services


class AppraisalRatingSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="criterion.code", read_only=True)
    criterion = serializers.CharField(source="criterion.text", read_only=True)
    precheck = serializers.CharField(source="criterion.precheck", read_only=True)

    class Meta:
        model = AppraisalRating
        fields = ["code", "criterion", "precheck", "rating", "comment"]


class AppraisalSerializer(serializers.ModelSerializer):
    subject = serializers.SerializerMethodField()
    checklist_version = serializers.IntegerField(source="checklist.version", read_only=True)
    country: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True)
    appraiser: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True)
    met = serializers.IntegerField(read_only=True)
    partly = serializers.IntegerField(read_only=True)
    not_met = serializers.IntegerField(read_only=True)
    unrated = serializers.IntegerField(read_only=True)
    ratings = AppraisalRatingSerializer(many=True, read_only=True)

    class Meta:
        model = Appraisal
        fields = ["id", "subject", "dwcp", "project", "country", "checklist",
                  "checklist_version", "appraiser", "started_on", "completed_on", "outcome",
                  "summary", "met", "partly", "not_met", "unrated", "ratings"]

    def get_subject(self, obj: Appraisal) -> str:
        return "dwcp" if obj.dwcp_id else "proposal"


class StartSerializer(serializers.Serializer):
    dwcp = VisibleRelatedField(queryset=Dwcp.objects.all(), required=False, allow_null=True)
    project = VisibleRelatedField(queryset=Project.objects.all(), required=False,
                                  allow_null=True)
    reason = reason_field("Reason (history).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("dwcp")) == bool(attrs.get("project")):
            raise serializers.ValidationError("Give either a DWCP or a project.")
        return attrs


class RatingInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    rating = serializers.ChoiceField(choices=[("", "not rated"), *Rating.choices],
                                     required=False, allow_blank=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class RateSerializer(serializers.Serializer):
    ratings = RatingInputSerializer(many=True, required=False)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    reason = reason_field("Reason (history).")

    def service_input(self) -> dict[str, Any]:
        data = self.validated_data
        ratings = {row["code"]: {k: row[k] for k in ("rating", "comment") if k in row}
                   for row in data.get("ratings", [])}
        return {"ratings": ratings, "summary": data.get("summary"),
                "reason": data.get("reason", "")}


class AppraisalReopenSerializer(serializers.Serializer):
    reason = reason_field("Why the appraisal is reopened (required).")


class MayAppraise(permissions.BasePermission):
    """Reads for every signed-in user (scoped by the queryset); the appraiser's actions for
    the holders of :data:`core.policy.APPRAISE` (checked again on the object by the
    services)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        return request.method in permissions.SAFE_METHODS or policy.APPRAISE.allows(user)


@route("appraisals", "appraisal")
class AppraisalViewSet(ScopedReadOnlyViewSet):
    """Quality appraisals of DWCP drafts and development cooperation proposals, with each
    criterion's rating and comment in the checklist's order. Visible to whoever sees the
    subject."""

    queryset = Appraisal.objects.all()
    serializer_class = AppraisalSerializer
    filterset_class = AppraisalFilter
    permission_classes = [MayAppraise]

    def get_queryset(self):
        ratings = AppraisalRating.objects.select_related("criterion").order_by(
            "criterion__order", "criterion__code")
        return (selectors.appraisal_list(user=self.request.user)
                .prefetch_related(Prefetch("ratings", queryset=ratings)))

    def _reply(self, appraisal: Appraisal, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=appraisal.pk)
        return Response(AppraisalSerializer(fresh).data, status=code)

    @extend_schema(request=StartSerializer, responses={201: AppraisalSerializer},
                   summary="Start the appraisal of a DWCP draft or a proposal")
    @action(detail=False, methods=["post"])
    def start(self, request):
        """A DWCP in quality appraisal or a proposal at concept or appraisal (moved to
        appraisal): one rating per criterion of the checklist in use, its comment pre-filled
        with the automatic pre-checks' findings."""
        serializer = StartSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        appraisal = services.appraisal_start(user=request.user, dwcp=data.get("dwcp"),
                                             project=data.get("project"),
                                             reason=data.get("reason", ""))
        return self._reply(appraisal, status.HTTP_201_CREATED)

    def _action(self, request, pk, serializer_class, call):
        appraisal = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._reply(call(appraisal, serializer))

    @extend_schema(request=RateSerializer, responses={200: AppraisalSerializer},
                   summary="Save ratings and comments (by criterion code)")
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        return self._action(request, pk, RateSerializer, lambda a, s: services.appraisal_rate(
            user=request.user, appraisal=a, **s.service_input()))

    @extend_schema(request=RateSerializer, responses={200: AppraisalSerializer},
                   summary="Complete the appraisal (every criterion rated)")
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Passes when no criterion is not met; a criterion partly or not met needs a
        comment."""
        return self._action(request, pk, RateSerializer,
                            lambda a, s: services.appraisal_complete(
                                user=request.user, appraisal=a, **s.service_input()))

    @extend_schema(request=AppraisalReopenSerializer, responses={200: AppraisalSerializer},
                   summary="Reopen a completed appraisal")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._action(request, pk, AppraisalReopenSerializer,
                            lambda a, s: services.appraisal_reopen(
                                user=request.user, appraisal=a,
                                reason=s.validated_data.get("reason", "")))

    @extend_schema(responses={200: OpenApiTypes.OBJECT},
                   summary="Shares appraised and passed per year")
    @action(detail=False, methods=["get"])
    def shares(self, request):
        """``dwcp``: per year DWCPs first reached quality appraisal, how many were appraised
        and passed; ``proposal``: per start year, proposals appraised, approved, and approved
        after passing (shares in per cent, 2 places)."""
        return Response(selectors.appraisal_shares_by_year(user=request.user))


register = registrar(AppraisalViewSet)
