"""The results workbook through the API, the same flow and rules as the upload page
(programmes/views/results/workbook.py, docs/workbook.md):

1. ``POST /api/v1/workbook-imports/`` (multipart: ``file``, and ``approver`` for those who may
   name one) checks the file as the page's form does, keeps it and queues its check by the
   worker (a dry run through the services: nothing written). Answers 202 with the import's id.
2. ``GET /api/v1/workbook-imports/{id}/`` until ``status`` is ``succeeded`` (or ``failed``):
   then ``rows`` says what each row would do and ``row_errors`` lists every problem by
   sheet, row and column (another country's rows are errors in the country column: the
   services decide).
3. ``POST /api/v1/workbook-imports/{id}/apply/`` imports the kept file, all or nothing, then
   forgets it; ``DELETE /api/v1/workbook-imports/{id}/`` discards it unapplied.

Field staff and administrators (``policy.IMPORT_WORKBOOK``); everyone else 403. Each sees their
own imports only (another's is a 404)."""
from __future__ import annotations

from collections import Counter
from typing import Any

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core import policy
from core.api import route
from core.models import TaskRun
from programmes.forms.workbook import WorkbookUploadForm, approver_choices
from programmes.services.workbook import ImportResult, workbook_import
from programmes.services.workbook.preview_run import (
    PREVIEW_TASK,
    workbook_preview_found,
    workbook_preview_queue,
)
from programmes.services.workbook.uploads import (
    upload_delete,
    upload_is_kept,
    upload_keep,
    upload_read,
)

# --- serializers ----------------------------------------------------------------------------


class RowErrorSerializer(serializers.Serializer[Any]):
    sheet = serializers.CharField(help_text="Indicators or Progress; empty: the workbook.")
    row = serializers.IntegerField(allow_null=True,
                                   help_text="The spreadsheet row (1 is the headers); null "
                                             "for the workbook as a whole.")
    column = serializers.CharField(help_text="The column's header, e.g. country.")
    message = serializers.CharField()


class RowSummarySerializer(serializers.Serializer[Any]):
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    key = serializers.CharField(help_text="The row's indicator code or update key.")
    action = serializers.ChoiceField(choices=["create", "update", "approve", "unchanged"])
    changes = serializers.ListField(child=serializers.CharField())


class WorkbookImportSerializer(serializers.ModelSerializer[TaskRun]):
    """An uploaded workbook and its check; ``rows`` and ``row_errors`` once checked (detail
    only)."""

    file_name = serializers.SerializerMethodField()
    approver = serializers.SerializerMethodField()
    row_count = serializers.SerializerMethodField()
    error_count = serializers.SerializerMethodField()

    class Meta:
        model = TaskRun
        fields = ["id", "file_name", "approver", "status", "error", "queued_at",
                  "finished_at", "row_count", "error_count"]
        read_only_fields = fields

    def get_file_name(self, obj: TaskRun) -> str:
        return str(obj.parameters.get("name", ""))

    def get_approver(self, obj: TaskRun) -> int | None:
        """The user named as approver at upload (id), if any."""
        return obj.parameters.get("approver")

    def get_row_count(self, obj: TaskRun) -> int | None:
        return obj.counts.get("rows") if obj.status == TaskRun.Status.SUCCEEDED else None

    def get_error_count(self, obj: TaskRun) -> int | None:
        return obj.counts.get("errors") if obj.status == TaskRun.Status.SUCCEEDED else None


class WorkbookImportDetailSerializer(WorkbookImportSerializer):
    can_apply = serializers.SerializerMethodField(
        help_text="Checked without errors and still kept: POST apply/ imports it.")
    rows = serializers.SerializerMethodField()
    row_errors = serializers.SerializerMethodField()

    class Meta(WorkbookImportSerializer.Meta):
        fields = [*WorkbookImportSerializer.Meta.fields, "can_apply", "rows", "row_errors"]
        read_only_fields = fields

    def _found(self, obj: TaskRun) -> ImportResult | None:
        if obj.status != TaskRun.Status.SUCCEEDED:
            return None
        cache = self.context.setdefault("found", {})
        if obj.pk not in cache:
            cache[obj.pk] = workbook_preview_found(obj.parameters.get("token", ""))
        return cache[obj.pk]  # type: ignore[no-any-return]

    def get_can_apply(self, obj: TaskRun) -> bool:
        found = self._found(obj)
        return bool(found and found.ok and upload_is_kept(obj.parameters.get("token", "")))

    @extend_schema_field(RowSummarySerializer(many=True))
    def get_rows(self, obj: TaskRun) -> Any:
        found = self._found(obj)
        return RowSummarySerializer(found.rows, many=True).data if found else []

    @extend_schema_field(RowErrorSerializer(many=True))
    def get_row_errors(self, obj: TaskRun) -> Any:
        found = self._found(obj)
        return RowErrorSerializer(found.errors, many=True).data if found else []


class WorkbookUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="The filled-in template (.xlsx), at most 10 MB.")
    approver = serializers.IntegerField(
        required=False, help_text="Administrators only: the colleague (user id) who approved "
                                  "the updates; omitted, they wait in the approval queue.")


class WorkbookAppliedSerializer(serializers.Serializer[Any]):
    applied = serializers.BooleanField()
    summary = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField(),
                                   help_text="Rows by sheet and action, e.g. "
                                             "Indicators.create.")
    rows = RowSummarySerializer(many=True)


# --- viewset --------------------------------------------------------------------------------


class ImportPermission(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.IMPORT_WORKBOOK.allows(request.user)


class WorkbookImportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TaskRun.Status.choices)

    class Meta:
        model = TaskRun
        fields = ["status"]


def _refused(message: str, **fields: Any) -> ValidationError:
    return ValidationError({"detail": message, **fields})


def _counts(result: ImportResult) -> dict[str, int]:
    return dict(Counter(f"{row.sheet}.{row.action}" for row in result.rows))


def _summary(result: ImportResult) -> str:
    if not result.changed:
        return _("The workbook was applied; nothing changed: every row matches what is "
                 "recorded.")
    return ngettext("The workbook was imported: %(n)d row applied.",
                    "The workbook was imported: %(n)d rows applied.",
                    len(result.rows)) % {"n": len(result.rows)}


UPLOAD_EXAMPLE = OpenApiExample(
    "Checked, with a row error", response_only=True, status_codes=["200"], value={
        "id": 41, "file_name": "alb-2024.xlsx", "approver": None, "status": "succeeded",
        "error": "", "queued_at": "2024-05-02T09:00:00Z",
        "finished_at": "2024-05-02T09:00:04Z", "row_count": 1, "error_count": 1,
        "can_apply": False,
        "rows": [{"sheet": "Indicators", "row": 2, "key": "ALB101.1", "action": "create",
                  "changes": []}],
        "row_errors": [{"sheet": "Indicators", "row": 3, "column": "country",
                    "message": "You may not change the results of Kenya."}]})


@extend_schema_view(
    list=extend_schema(description="The caller's workbook imports, newest first. Filter: "
                                   "`status`."),
    retrieve=extend_schema(description="Poll until `status` is succeeded (or failed): then "
                                       "`rows` and `row_errors` say what the import "
                                       "would do.",
                           responses=WorkbookImportDetailSerializer,
                           examples=[UPLOAD_EXAMPLE]),
    destroy=extend_schema(description="Discard the kept upload unapplied (nothing written)."))
@route("workbook-imports", "workbook-import")
class WorkbookImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            mixins.DestroyModelMixin, viewsets.GenericViewSet[TaskRun]):
    permission_classes = [permissions.IsAuthenticated, ImportPermission]
    queryset = TaskRun.objects.filter(name=PREVIEW_TASK)
    serializer_class = WorkbookImportSerializer
    filterset_class = WorkbookImportFilter
    ordering_fields = ["queued_at", "id"]
    ordering = ["-queued_at", "-id"]

    def get_queryset(self) -> Any:
        return TaskRun.objects.filter(name=PREVIEW_TASK,
                                      requested_by=self.request.user.pk)

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return WorkbookImportDetailSerializer
        return super().get_serializer_class()

    def get_parsers(self) -> Any:
        if getattr(self, "action", None) == "create" or self.request is None:
            return [MultiPartParser(), FormParser()]
        return super().get_parsers()

    @extend_schema(
        request={"multipart/form-data": WorkbookUploadSerializer},
        responses={202: WorkbookImportDetailSerializer,
                   400: OpenApiResponse(description="The file (or approver) refused, under "
                                                    "its field.")},
        examples=[OpenApiExample("A workbook", request_only=True,
                                 value={"file": "alb-2024.xlsx"})],
        description="Upload a filled-in workbook: it is kept and checked by the worker (a "
                    "dry run: nothing written). Poll the import it answers with.")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request.user
        form = WorkbookUploadForm(request.data, request.FILES, user=user)
        if request.data.get("approver") and "approver" not in form.fields:
            raise ValidationError({"approver": [
                _("You may not name the approver: a colleague approves the updates in the "
                  "approval queue.")]})
        if not form.is_valid():
            raise ValidationError({name: [e["message"] for e in errors]
                                   for name, errors in form.errors.get_json_data().items()})
        approver = form.cleaned_data.get("approver")
        token = upload_keep(form.cleaned_data["file"])
        if token is None:
            raise ValidationError({"file": [_("The file could not be kept for the preview; "
                                              "upload it again.")]})
        run = workbook_preview_queue(user=user, token=token,  # type: ignore[arg-type]
                                     name=form.original_name(), approver=approver)
        return Response(WorkbookImportDetailSerializer(run, context={}).data,
                        status=status.HTTP_202_ACCEPTED)

    def perform_destroy(self, instance: TaskRun) -> None:
        upload_delete(instance.parameters.get("token", ""))

    @extend_schema(
        request=None,
        responses={200: WorkbookAppliedSerializer,
                   400: OpenApiResponse(description="Not applied (nothing written): `detail` "
                                                    "says why, `row_errors` lists the rows' "
                                                    "problems.")},
        examples=[OpenApiExample("Applied", response_only=True, status_codes=["200"], value={
            "applied": True, "summary": "The workbook was imported: 2 rows applied.",
            "counts": {"Indicators.create": 1, "Progress.create": 1},
            "rows": [{"sheet": "Indicators", "row": 2, "key": "ALB101.1",
                      "action": "create", "changes": []},
                     {"sheet": "Progress", "row": 2, "key": "ALB101.1 2024-03-31",
                      "action": "create", "changes": []}]})],
        description="Import the checked workbook, all or nothing (the same import as the "
                    "page's Apply), then forget the kept file.")
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: Any = None) -> Response:
        run = self.get_object()
        token = run.parameters.get("token", "")
        if run.status in (TaskRun.Status.QUEUED, TaskRun.Status.RUNNING):
            raise _refused(_("The workbook is still being checked; ask again in a moment."))
        found = workbook_preview_found(token) if run.status == TaskRun.Status.SUCCEEDED \
            else None
        data = upload_read(token, name=run.parameters.get("name", ""), kept_at=run.queued_at)
        if found is None or data is None:
            upload_delete(token)
            raise _refused(_("This upload is no longer kept (it was applied or discarded, "
                             "could not be checked, or is older than a day). Upload the "
                             "workbook again."))
        if not found.ok:
            upload_delete(token)
            raise _refused(_("The workbook has errors and was not imported; correct them and "
                             "upload it again."),
                           row_errors=RowErrorSerializer(found.errors, many=True).data)
        approver = None
        if run.parameters.get("approver") is not None:
            approver = (approver_choices(request.user).filter(
                pk=run.parameters["approver"]).first()
                if policy.NAME_APPROVER.allows(request.user) else None)
            if approver is None:
                upload_delete(token)
                raise _refused(_("The approver named at upload can no longer approve "
                                 "updates. Upload the workbook again."))
        result = workbook_import(file=data, user=request.user,  # type: ignore[arg-type]
                                 approver=approver)
        upload_delete(token)
        if not result.applied:
            raise _refused(ngettext(
                "The workbook was not imported: %(n)d error; nothing was written.",
                "The workbook was not imported: %(n)d errors; nothing was written.",
                len(result.errors)) % {"n": len(result.errors)},
                row_errors=RowErrorSerializer(result.errors, many=True).data)
        return Response(WorkbookAppliedSerializer({
            "applied": True, "summary": _summary(result), "counts": _counts(result),
            "rows": result.rows}).data)
