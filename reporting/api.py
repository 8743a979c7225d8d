"""/api/v1/report-runs/ and /api/v1/report-definitions/: report history and definitions for
managers and administrators (403 for everyone else), as on the reports pages
(reporting/views.py).

* ``POST /report-runs/`` asks for a report through the same service as the page (the stored
  run is returned, 200, when nothing changed; a new one is 201): ``kind`` and the
  ``parameters`` the page shows for that kind (:data:`reporting.forms.KIND_FIELDS`), checked
  by the same rules; a refused request is a 400 with the message under ``parameters`` →
  the parameter's name (or ``kind`` / ``language`` / ``definition``).
* ``GET /report-runs/{id}/`` is what a client polls: ``status`` (queued, running, done,
  failed), ``progress`` and ``error``; once done, ``pdf`` and ``xlsx`` are the links of
  ``GET /report-runs/{id}/pdf/`` and ``/xlsx/`` (404 until the run is done, as the page's
  links).
"""
from __future__ import annotations

from typing import Any

import django_filters
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core import policy
from core.api import VisibleRelatedField
from core.errors import ApplicationError
from core.pages import file_download

from . import selectors, services
from .forms import KIND_FIELDS, REQUIRED
from .models import Language, ReportDefinition, ReportKind, ReportRun

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportsPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return policy.USE_REPORTS.allows(request.user)


class ReportRunSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username", default=None,
                                         read_only=True)
    title = serializers.CharField(read_only=True)
    pdf = serializers.SerializerMethodField(
        help_text="Link of the PDF once the run is done; null before.")
    xlsx = serializers.SerializerMethodField(
        help_text="Link of the xlsx of the report's tables once the run is done; null before.")

    class Meta:
        model = ReportRun
        fields = ["id", "kind", "parameters", "language", "title", "status", "progress",
                  "error", "pdf", "xlsx", "pages", "as_of", "snapshot", "requested_by",
                  "requested_at", "started_at", "finished_at"]
        read_only_fields = fields

    def _link(self, obj: ReportRun, what: str) -> str | None:
        if obj.status != ReportRun.Status.DONE:
            return None
        return f"/api/v1/report-runs/{obj.pk}/{what}/"

    def get_pdf(self, obj: ReportRun) -> str | None:
        return self._link(obj, "pdf")

    def get_xlsx(self, obj: ReportRun) -> str | None:
        return self._link(obj, "xlsx")


PARAMETERS_HELP = ("The report's parameters, as on the reports page — biennial: `biennium` "
                   "(e.g. 2020-21, required) and `region` (a region code, optional); dwcp: "
                   "`country` (ISO3 of a country with a DWCP, required); capacity: "
                   "`constituent` (the id of a constituent with a capacity assessment or "
                   "need, required). Ignored with a `definition`, which carries its own.")


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices,
                                   help_text="Ignored with a `definition` (it has its own).")
    parameters = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                       required=False, default=dict,
                                       help_text=PARAMETERS_HELP)
    language = serializers.ChoiceField(choices=Language.choices, default=Language.EN)
    definition = VisibleRelatedField(
        queryset=ReportDefinition.objects.all(), required=False, allow_null=True,
        help_text="A saved report definition (its front matter, kind and parameters).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The parameters of the chosen kind only, the required ones given (the page's
        form shows and requires the same)."""
        if attrs.get("definition") is not None:
            return attrs
        expected = KIND_FIELDS.get(attrs["kind"], ())
        given = attrs.get("parameters") or {}
        errors = {name: [_("This report takes no “%(name)s”; it takes: %(names)s.")
                         % {"name": name, "names": ", ".join(expected)}]
                  for name in given if name not in expected}
        errors.update({name: [str(REQUIRED[name])] for name in expected
                       if name in REQUIRED and not str(given.get(name) or "").strip()})
        if errors:
            raise ValidationError({"parameters": errors})
        return attrs


PARAMETER_NAMES = {name for names in KIND_FIELDS.values() for name in names}


def _parameter_errors(exc: ApplicationError) -> dict[str, Any]:
    """The service's refusal with the parameters' errors under ``parameters`` (where the
    request put them)."""
    body: dict[str, Any] = {"detail": exc.message} if exc.message else {}
    nested = {name: errors for name, errors in exc.field_errors.items()
              if name in PARAMETER_NAMES}
    body.update({name: errors for name, errors in exc.field_errors.items()
                 if name not in PARAMETER_NAMES})
    if nested:
        body["parameters"] = nested
    return body


class ReportRunFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices)
    status = django_filters.ChoiceFilter(choices=ReportRun.Status.choices)
    language = django_filters.ChoiceFilter(choices=Language.choices)
    mine = django_filters.BooleanFilter(method="filter_mine",
                                        label=gettext_lazy("Only the runs I asked for"))

    class Meta:
        model = ReportRun
        fields = ["kind", "status", "language", "mine"]

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value is None or user is None:
            return queryset
        return queryset.filter(requested_by=user) if value else \
            queryset.exclude(requested_by=user)


class ReportDefinitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportDefinition
        fields = ["id", "name", "kind", "parameters", "language", *ReportDefinition.CONTENT_FIELDS,
                  "created_at", "updated_at"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(description="Report runs, newest first (the report history page). "
                                   "Filters: `kind`, `status`, `language`, `mine`."),
    retrieve=extend_schema(description="One run: poll it until `status` is done (then "
                                       "`pdf` and `xlsx` are set) or failed (`error` says "
                                       "why; POST the same request again to retry)."))
class ReportRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    permission_classes = [ReportsPermission]
    serializer_class = ReportRunSerializer
    queryset = ReportRun.objects.none()
    filterset_class = ReportRunFilter
    ordering_fields = ["requested_at", "finished_at", "id"]
    ordering = ["-requested_at", "-id"]
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return selectors.run_history()

    @extend_schema(
        request=ReportRequestSerializer,
        responses={201: ReportRunSerializer,
                   200: OpenApiResponse(ReportRunSerializer,
                                        description="Nothing changed since the stored run "
                                                    "made from the same inputs: that run."),
                   400: OpenApiResponse(description="Field errors; a parameter's under "
                                                    "`parameters`.")},
        examples=[
            OpenApiExample("Biennial report of a region", request_only=True, value={
                "kind": "biennial", "parameters": {"biennium": "2020-21", "region": "AF"},
                "language": "en"}),
            OpenApiExample("DWCP report of a country, in French", request_only=True, value={
                "kind": "dwcp", "parameters": {"country": "ALB"}, "language": "fr"}),
            OpenApiExample("Capacity profile of a constituent", request_only=True, value={
                "kind": "capacity", "parameters": {"constituent": "12"}}),
            OpenApiExample("From a saved definition", request_only=True, value={
                "kind": "biennial", "definition": 3}),
            OpenApiExample("A parameter refused", response_only=True, status_codes=["400"],
                           value={"detail": "There is no country with the code “XXX”.",
                                  "parameters": {"country": ["Unknown country code."]}}),
        ])
    def create(self, request, *args, **kwargs):
        data = ReportRequestSerializer(data=request.data,
                                       context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        try:
            run, reused = services.report_request(
                user=request.user, kind=data.validated_data["kind"],
                parameters=data.validated_data["parameters"],
                language=data.validated_data["language"],
                definition=data.validated_data.get("definition"))
        except ApplicationError as exc:
            raise ValidationError(_parameter_errors(exc)) from exc
        return Response(ReportRunSerializer(run, context={"request": request}).data,
                        status=status.HTTP_200_OK if reused else status.HTTP_201_CREATED)

    @extend_schema(request=None,
                   responses={201: ReportRunSerializer,
                              400: OpenApiResponse(description="The run did not fail.")},
                   description="Ask again for the report of a failed run (same kind, "
                               "parameters, language and definition): a new run, queued.")
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        again = services.report_run_retry(user=request.user, run=self.get_object())
        return Response(ReportRunSerializer(again, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    def _download(self, field: str, extension: str, content_type: str):
        run = self.get_object()
        if run.status != ReportRun.Status.DONE:
            raise Http404(_("The report is not ready yet."))
        name = f"{run.front_matter.get('symbol') or run.kind}-{run.pk}.{extension}"
        return file_download(getattr(run, field), filename=name.replace("/", "-"),
                             content_type=content_type)

    @extend_schema(responses={(200, "application/pdf"): bytes},
                   description="The PDF of a done run (404 before).")
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        return self._download("file", "pdf", "application/pdf")

    @extend_schema(responses={(200, XLSX): bytes},
                   description="The xlsx of the tables of a done run (404 before).")
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        return self._download("xlsx", "xlsx", XLSX)


class ReportDefinitionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices)
    language = django_filters.ChoiceFilter(choices=Language.choices)

    class Meta:
        model = ReportDefinition
        fields = ["kind", "language"]


class ReportDefinitionViewSet(viewsets.ReadOnlyModelViewSet):
    """Saved report definitions (front matter, kind, parameters), by name. Filters: `kind`,
    `language`; `search` on the name and title."""

    permission_classes = [ReportsPermission]
    serializer_class = ReportDefinitionSerializer
    queryset = ReportDefinition.objects.none()
    filterset_class = ReportDefinitionFilter
    search_fields = ["name", "title"]
    ordering_fields = ["name", "updated_at", "id"]
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return selectors.definition_list()


def register(router) -> None:
    router.register("report-runs", ReportRunViewSet, basename="report-run")
    router.register("report-definitions", ReportDefinitionViewSet, basename="report-definition")
