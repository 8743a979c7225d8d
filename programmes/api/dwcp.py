"""API of DWCPs: programmes, their lifecycle, signatories and steering committee.

Writes go through :mod:`programmes.services.dwcp`, so the API applies the same rules (and
messages) as the pages; rule violations come back as 400 with field errors."""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from constituents.models import Constituent
from constituents.serializers import CountryFields
from core.api import (
    ReadOnlyOnUpdate,
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    ServiceWrites,
    VisibleRelatedField,
    read_only_slug,
    reason_field,
    registrar,
    route,
)
from programmes.api import _titles as titles
from programmes.filters.dwcp import (
    CommitteeDecisionFilter,
    CommitteeMeetingFilter,
    CommitteeMemberFilter,
    DwcpFilter,
    DwcpStatusChangeFilter,
    SignatoryFilter,
)
from programmes.models import (
    Dwcp,
    DwcpStatus,
    DwcpStatusChange,
    Signatory,
    SteeringCommitteeDecision,
    SteeringCommitteeMeeting,
    SteeringCommitteeMember,
    UNFramework,
    UNFrameworkOutcome,
)
from programmes.selectors.dwcp import dwcp_detail_queryset
from programmes.services import dwcp as services

# --- serializers ----------------------------------------------------------------------------


class DwcpSerializer(CountryFields, ReadOnlyOnUpdate, serializers.ModelSerializer):
    un_framework = VisibleRelatedField(
        queryset=UNFramework.objects.all(), required=False, allow_null=True)
    un_outcomes = VisibleRelatedField(
        queryset=UNFrameworkOutcome.objects.select_related("framework"), many=True,
        required=False)
    reason = reason_field("Reason for change (history).")
    read_only_on_update = ("country",)

    class Meta:
        model = Dwcp
        fields = ["id", "country", "country_name", "region", "title", *titles.COLUMNS,
                  "start_year", "end_year",
                  "period", "status", "status_changed_on", "signed_date", "summary",
                  "document_url", "un_framework", "un_outcomes", "reason", "created_at",
                  "updated_at"]
        read_only_fields = ["status", "status_changed_on", "period", "created_at",
                            "updated_at", *titles.READ_ONLY]
        extra_kwargs = titles.EXTRA_KWARGS
        # The period rule is the service's (with a clear message), not the DB constraint's.
        validators: list = []


class DwcpStatusChangeSerializer(serializers.ModelSerializer):
    changed_by = read_only_slug("username")

    class Meta:
        model = DwcpStatusChange
        fields = ["id", "dwcp", "from_status", "to_status", "effective_date", "note",
                  "changed_by", "recorded_at"]


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=DwcpStatus.choices)
    effective_date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


# A record of a DWCP, which stays with its DWCP (no docstring: it would become the schema's
# description of every child serializer).
class _ChildSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    reason = reason_field("Reason for change (history).")
    read_only_on_update = ("dwcp",)


class SignatorySerializer(_ChildSerializer):
    constituent = VisibleRelatedField(
        queryset=Constituent.objects.select_related("country"), required=False,
        allow_null=True)

    class Meta:
        model = Signatory
        fields = ["id", "dwcp", "party", "constituent", "name", "position", "signed_date",
                  "reason"]


class CommitteeMemberSerializer(_ChildSerializer):
    constituent = VisibleRelatedField(
        queryset=Constituent.objects.select_related("country"), required=False,
        allow_null=True)

    class Meta:
        model = SteeringCommitteeMember
        fields = ["id", "dwcp", "party", "constituent", "name", "position", "since", "until",
                  "reason"]
        validators: list = []


class CommitteeMeetingSerializer(_ChildSerializer):
    class Meta:
        model = SteeringCommitteeMeeting
        fields = ["id", "dwcp", "date", "location", "summary", "reason"]


class CommitteeDecisionSerializer(_ChildSerializer):
    read_only_on_update = ("meeting",)

    class Meta:
        model = SteeringCommitteeDecision
        fields = ["id", "meeting", "text", "responsible", "due_date", "status", "reason"]


# --- viewsets -------------------------------------------------------------------------------

class _ServiceWrites(ServiceWrites):
    service_module = services


@route("dwcps", "dwcp")
class DwcpViewSet(_ServiceWrites, ScopedModelViewSet):
    """Decent Work Country Programmes the caller may see.

    Filters: `country` (ISO3), `region` (region code), `status` (repeatable), `year` (the
    period contains it), `q` / `search` (title or country). A new DWCP starts "in
    preparation"; its status changes only through the `transition` action. The period runs
    2 to 6 years; two DWCPs of one country in force may not overlap."""

    queryset = Dwcp.objects.select_related("country", "country__region").prefetch_related(
        "un_outcomes")
    serializer_class = DwcpSerializer
    filterset_class = DwcpFilter
    search_fields = ["title_en", "title_fr", "title_es", "country__name", "country__iso3"]
    ordering_fields = ["start_year", "end_year", "title", "status"]
    entity = "dwcp"

    def get_permissions(self):
        if self.action == "transition":
            # Managers may make their lifecycle steps although they change no other data;
            # the service decides who may make which step.
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(request=TransitionSerializer, responses={201: DwcpStatusChangeSerializer},
                   summary="Move the DWCP to another status of its lifecycle")
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Allowed steps: in preparation → quality appraisal (field staff, admin); quality
        appraisal → active (signed; managers, admin; needs government, employers, workers and
        ILO signatories and a passed quality appraisal, else a 400 on ``status``) or → in
        preparation (returned; managers, admin; note required); active → under review;
        under review → active or completed (field staff, managers, admin); completed →
        evaluated (managers, admin)."""
        dwcp = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = TransitionSerializer(data=request.data,
            context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        change = services.dwcp_transition(dwcp=dwcp, user=request.user,
                                          **serializer.validated_data)
        return Response(DwcpStatusChangeSerializer(change).data, status=status.HTTP_201_CREATED)


@route("dwcp-status-changes", "dwcp-status-change")
class DwcpStatusChangeViewSet(ScopedReadOnlyViewSet):
    """The dated lifecycle transitions of DWCPs (who, when, from, to, why). Filters: `dwcp`
    (id), `country` (ISO3), `to_status`."""

    queryset = DwcpStatusChange.objects.select_related("changed_by", "dwcp")
    serializer_class = DwcpStatusChangeSerializer
    filterset_class = DwcpStatusChangeFilter

    def get_queryset(self):
        # Status changes carry no scope of their own: they are visible with their DWCP.
        from core import policy

        dwcps = policy.visible(self.request.user, Dwcp.objects.all())
        return self.get_base_queryset().filter(dwcp__in=dwcps)


@route("signatories", "signatory")
class SignatoryViewSet(_ServiceWrites, ScopedModelViewSet):
    """Signatories of DWCPs for the government, employers, workers and the ILO. An employers'
    signatory must be an employers' organization of the DWCP's country (and so on); the ILO
    has no organization. Filters: `dwcp` (id), `country` (ISO3), `party`."""

    queryset = Signatory.objects.select_related("dwcp", "constituent")
    serializer_class = SignatorySerializer
    filterset_class = SignatoryFilter
    entity = "signatory"


@route("steering-committee-members", "steering-committee-member")
class CommitteeMemberViewSet(_ServiceWrites, ScopedModelViewSet):
    """Members of DWCP tripartite steering committees, by group. Filters: `dwcp` (id),
    `country` (ISO3), `party`."""

    queryset = SteeringCommitteeMember.objects.select_related("dwcp", "constituent")
    serializer_class = CommitteeMemberSerializer
    filterset_class = CommitteeMemberFilter
    entity = "committee_member"
    instance_kw = "member"


@route("steering-committee-meetings", "steering-committee-meeting")
class CommitteeMeetingViewSet(_ServiceWrites, ScopedModelViewSet):
    """Meetings of DWCP steering committees. Filters: `dwcp` (id), `country` (ISO3),
    `year`."""

    queryset = SteeringCommitteeMeeting.objects.select_related("dwcp")
    serializer_class = CommitteeMeetingSerializer
    filterset_class = CommitteeMeetingFilter
    entity = "committee_meeting"
    instance_kw = "meeting"


@route("steering-committee-decisions", "steering-committee-decision")
class CommitteeDecisionViewSet(_ServiceWrites, ScopedModelViewSet):
    """Decisions of steering committee meetings with who follows them up and by when.
    Filters: `dwcp` (id), `meeting` (id), `country` (ISO3), `status`."""

    queryset = SteeringCommitteeDecision.objects.select_related("meeting")
    serializer_class = CommitteeDecisionSerializer
    filterset_class = CommitteeDecisionFilter
    entity = "committee_decision"
    instance_kw = "decision"


register = registrar(DwcpViewSet, DwcpStatusChangeViewSet, SignatoryViewSet,
                     CommitteeMemberViewSet, CommitteeMeetingViewSet, CommitteeDecisionViewSet)

__all__ = ["dwcp_detail_queryset", "register"]
