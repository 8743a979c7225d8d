"""Evidence files of progress updates: list, upload (multipart, checked by content as on the
page: programmes.services.indicators.check_evidence) and download as an attachment."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core import policy
from core.api import ScopedReadOnlyViewSet, route
from core.pages import file_download
from programmes.models import EvidenceFile, ProgressUpdate
from programmes.services.indicators import evidence_add

if TYPE_CHECKING:
    from core.models import User


class EvidenceFileSerializer(serializers.ModelSerializer[EvidenceFile]):
    download = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "update", "title", "download"]

    def get_download(self, obj: EvidenceFile) -> str:
        return f"/api/v1/evidence-files/{obj.pk}/download/"


class EvidenceUploadSerializer(serializers.Serializer[Any]):
    update = serializers.IntegerField(help_text="The progress update (draft, returned or "
                                      "submitted) the file is evidence of.")  # type: ignore[assignment]
    file = serializers.FileField(help_text="PDF, office file, image, plain text or zip; at "
                                 "most 20 MB.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)


@route("evidence-files", "evidence-file")
class EvidenceFileViewSet(ScopedReadOnlyViewSet):
    """Evidence files of the progress updates the caller may see. Filter by ``update``;
    upload with a multipart POST; download with ``GET {id}/download/``."""

    queryset = EvidenceFile.objects.select_related("update").order_by("update", "id")
    serializer_class = EvidenceFileSerializer
    filterset_fields = ["update"]
    ordering_fields = ["id", "title"]
    parser_classes = [MultiPartParser, FormParser]

    def get_permissions(self) -> Any:
        if self.action == "create":
            # The service decides who may add evidence to which update (the update's scope).
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(request={"multipart/form-data": EvidenceUploadSerializer},
                   responses={201: EvidenceFileSerializer},
                   examples=[OpenApiExample("A PDF report", request_only=True, value={
                       "update": 42, "file": "(binary)", "title": "Training attendance list"})])
    def create(self, request: Request) -> Response:
        form = EvidenceUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        update = policy.visible(request.user, ProgressUpdate.objects.select_related(
            "indicator__cpo__dwcp")).filter(pk=form.validated_data["update"]).first()
        if update is None:  # none, or one the caller may not see: the same answer
            raise serializers.ValidationError(
                {"update": [_("There is no such progress update.")]})
        rows = evidence_add(user=cast("User", request.user), update=update,
                            files=[form.validated_data["file"]],
                            title=form.validated_data.get("title", ""))
        return Response(EvidenceFileSerializer(rows[0]).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: Any = None) -> Any:
        return file_download(self.get_object().file)
