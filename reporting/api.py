"""/api/v1/report-runs/ and /api/v1/report-definitions/: report history and definitions for
managers and administrators (403 for everyone else); POST /report-runs/ asks for a report
through the same service as the page (the stored run is returned when nothing changed)."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from core import policy
from core.api import VisibleRelatedField

from . import selectors, services
from .models import Language, ReportDefinition, ReportKind, ReportRun


class ReportsPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return policy.USE_REPORTS.allows(request.user)


class ReportRunSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username", default=None,
                                         read_only=True)
    title = serializers.CharField(read_only=True)

    class Meta:
        model = ReportRun
        fields = ["id", "kind", "parameters", "language", "title", "status", "progress",
                  "error", "file", "xlsx", "pages", "as_of", "snapshot", "requested_by",
                  "requested_at", "started_at", "finished_at"]
        read_only_fields = fields


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    parameters = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                       required=False, default=dict)
    language = serializers.ChoiceField(choices=Language.choices, default=Language.EN)
    definition = VisibleRelatedField(
        queryset=ReportDefinition.objects.all(), required=False, allow_null=True)


class ReportDefinitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportDefinition
        fields = ["id", "name", "kind", "parameters", "language", *ReportDefinition.CONTENT_FIELDS,
                  "created_at", "updated_at"]
        read_only_fields = fields


class ReportRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    permission_classes = [ReportsPermission]
    serializer_class = ReportRunSerializer
    queryset = ReportRun.objects.none()

    def get_queryset(self):
        return selectors.run_history()

    @extend_schema(request=ReportRequestSerializer, responses={201: ReportRunSerializer,
                                                               200: ReportRunSerializer})
    def create(self, request, *args, **kwargs):
        data = ReportRequestSerializer(data=request.data,
            context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        run, reused = services.report_request(
            user=request.user, kind=data.validated_data["kind"],
            parameters=data.validated_data["parameters"],
            language=data.validated_data["language"],
            definition=data.validated_data.get("definition"))
        return Response(ReportRunSerializer(run, context={"request": request}).data,
                        status=status.HTTP_200_OK if reused else status.HTTP_201_CREATED)


class ReportDefinitionViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ReportsPermission]
    serializer_class = ReportDefinitionSerializer
    queryset = ReportDefinition.objects.none()

    def get_queryset(self):
        return selectors.definition_list()


def register(router) -> None:
    router.register("report-runs", ReportRunViewSet, basename="report-run")
    router.register("report-definitions", ReportDefinitionViewSet, basename="report-definition")
