"""Closing and reopening a biennium."""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import route
from programmes.api.reference import BienniumSerializer
from programmes.models import Biennium
from programmes.services import indicators as services


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Why the biennium is reopened.")


@route("biennia", "biennium-lock")
class BienniumLockViewSet(viewsets.GenericViewSet):
    """Closing and reopening a biennium (managers and administrators). Once closed, progress
    updates dated in it can be neither added, edited nor approved; reopening needs a reason,
    kept in the biennium's history."""

    queryset = Biennium.objects.select_related("framework")
    serializer_class = BienniumSerializer
    permission_classes = [permissions.IsAuthenticated]  # the service checks the role
    filter_backends: list = []
    pagination_class = None

    @extend_schema(request=None, responses=BienniumSerializer, summary="Close a biennium")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        biennium = services.biennium_close(user=request.user,
                                           biennium=get_object_or_404(self.queryset, pk=pk))
        return Response(BienniumSerializer(self.queryset.get(pk=biennium.pk)).data)

    @extend_schema(request=ReopenSerializer, responses=BienniumSerializer,
                   summary="Reopen a closed biennium, giving a reason")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        serializer = ReopenSerializer(data=request.data,
            context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        biennium = services.biennium_reopen(user=request.user,
                                            biennium=get_object_or_404(self.queryset, pk=pk),
                                            reason=serializer.validated_data["reason"])
        return Response(BienniumSerializer(self.queryset.get(pk=biennium.pk)).data)
