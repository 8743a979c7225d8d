"""API of UN frameworks (UNDAF / Cooperation Framework), their outcomes and the outcomes'
alignment with DWCP priorities, and of national development plans with their priorities.

Lists and lookups show what the caller may view (404 outside it); writes need the right to
change the object's country (403 otherwise) and go through
:mod:`programmes.services.unframeworks`, so the API applies the same rules and messages as the
pages: a refused write is a 400 with the message under the field's name."""
from __future__ import annotations

from django.db.models import Count, Prefetch
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from constituents.serializers import CountryFields
from core import policy
from core.api import ReadOnlyOnUpdate, ScopedModelViewSet, reason_field, registrar, route
from programmes.filters.frameworks import (
    DevelopmentPlanFilter,
    NationalPriorityFilter,
    PriorityAlignmentFilter,
    UNFrameworkFilter,
    UNOutcomeFilter,
)
from programmes.models import (
    CountryPriority,
    NationalDevelopmentPlan,
    NationalPriority,
    PriorityAlignment,
    UNFramework,
    UNFrameworkOutcome,
)
from programmes.services import unframeworks as services

# --- serializers ----------------------------------------------------------------------------


class _VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A parent chosen by id among the objects the caller may view: an invisible id is
    "does not exist" (400), like a missing one."""

    def get_queryset(self):
        request = self.context.get("request")
        return policy.visible(getattr(request, "user", None), super().get_queryset())


class _AuditedSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    """``reason`` (write-only) goes to the history record. Parents (``read_only_on_update``)
    do not change once created. Rules are the services' (clear messages), so the model
    constraints' generated validators are off."""

    reason = reason_field("Reason for change (history).")

    def get_validators(self):
        return []


def _period(obj) -> str:
    return f"{obj.start_year}–{obj.end_year}"


class UNFrameworkSerializer(CountryFields, _AuditedSerializer):
    period = serializers.SerializerMethodField()
    outcome_count = serializers.IntegerField(read_only=True)
    read_only_on_update = ("country",)

    class Meta:
        model = UNFramework
        fields = ["id", "country", "country_name", "region", "kind", "title", "start_year",
                  "end_year", "period", "signed_date", "outcome_count", "reason",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_period(self, obj) -> str:
        return _period(obj)


class AlignmentSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = PriorityAlignment
        fields = ["id", "priority", "reflection", "note"]


class UNOutcomeSerializer(_AuditedSerializer):
    framework = _VisibleRelatedField(queryset=UNFramework.objects.select_related("country"))
    alignments = AlignmentSummarySerializer(many=True, read_only=True)
    read_only_on_update = ("framework",)

    class Meta:
        model = UNFrameworkOutcome
        fields = ["id", "framework", "code", "title", "ilo_role",
                  "social_partner_participation", "alignments", "reason"]


class PriorityAlignmentSerializer(_AuditedSerializer):
    un_outcome = _VisibleRelatedField(
        queryset=UNFrameworkOutcome.objects.select_related("framework__country"))
    priority = _VisibleRelatedField(queryset=CountryPriority.objects.select_related("dwcp"),
                                    help_text="A priority of a DWCP of the UN framework's "
                                              "country.")
    read_only_on_update = ("un_outcome", "priority")

    class Meta:
        model = PriorityAlignment
        fields = ["id", "un_outcome", "priority", "reflection", "note", "reason"]


class DevelopmentPlanSerializer(CountryFields, _AuditedSerializer):
    period = serializers.SerializerMethodField()
    priority_count = serializers.IntegerField(read_only=True)
    read_only_on_update = ("country",)

    class Meta:
        model = NationalDevelopmentPlan
        fields = ["id", "country", "country_name", "region", "title", "start_year",
                  "end_year", "period", "priority_count", "reason", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_period(self, obj) -> str:
        return _period(obj)


class NationalPrioritySerializer(_AuditedSerializer):
    plan = _VisibleRelatedField(queryset=NationalDevelopmentPlan.objects.select_related(
        "country"))
    read_only_on_update = ("plan",)

    class Meta:
        model = NationalPriority
        fields = ["id", "plan", "code", "title", "reason"]


# --- viewsets -------------------------------------------------------------------------------

# Frameworks and plans are corrected, not deleted (no service deletes them).
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class _ServiceViewSet(ScopedModelViewSet):
    """Writes through the services with the caller as the history record's author.
    ``updatable``: the fields an update passes to the service (PATCH fills the rest from the
    record)."""

    updatable: tuple[str, ...] = ()

    def _split(self, serializer) -> tuple[dict, str]:
        """The instance's current values overlaid with the input (PATCH sends part), and the
        reason."""
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        instance = serializer.instance
        if instance is not None:
            for name in self.updatable:
                data.setdefault(name, getattr(instance, name))
        return data, reason

    def _require_change(self, obj) -> None:
        if not policy.can_change(self.request.user, obj):
            raise PermissionDenied("You may not change records of this country.")


class _CountryPeriodViewSet(_ServiceViewSet):
    """A country's records over a period of years (UN frameworks, development plans): found
    by title or country, ordered by years or title, created by those who may record them in
    the country, not deleted."""

    search_fields = ["title", "country__name", "country__iso3"]
    ordering_fields = ["start_year", "end_year", "title"]
    http_method_names = NO_DELETE

    def _require_create(self, country, refusal: str) -> None:
        if not policy.can_create(self.request.user, self.queryset.model, country_id=country.pk):
            raise PermissionDenied(refusal)


@route("un-frameworks", "un-framework")
class UNFrameworkViewSet(_CountryPeriodViewSet):
    """UN Development Assistance Frameworks and UN Sustainable Development Cooperation
    Frameworks the caller may see. Filters: `country` (ISO3), `region` (region code), `kind`,
    `year` (the period contains it), `period` (overlaps it: "2012-2016" or one year), `q`
    (title, country or outcome title). The country does not change after creation; years
    run 1990–2100, the last not before the first. Not deleted."""

    queryset = (UNFramework.objects.select_related("country__region")
                .annotate(outcome_count=Count("outcomes"))
                .order_by("country__name", "-start_year", "pk"))
    serializer_class = UNFrameworkSerializer
    filterset_class = UNFrameworkFilter
    updatable = ("title", "kind", "start_year", "end_year", "signed_date")

    def perform_create(self, serializer):
        data, reason = self._split(serializer)
        self._require_create(data["country"], "You may not record UN frameworks of this country.")
        serializer.instance = services.unframework_create(
            country=data["country"], title=data["title"], start_year=data["start_year"],
            end_year=data["end_year"], kind=data.get("kind", UNFramework.Kind.UNDAF),
            signed_date=data.get("signed_date"), reason=reason, user=self.request.user)
        serializer.instance.outcome_count = 0

    def perform_update(self, serializer):
        data, reason = self._split(serializer)
        framework = services.unframework_update(
            framework=serializer.instance, title=data["title"], kind=data["kind"],
            start_year=data["start_year"], end_year=data["end_year"],
            signed_date=data["signed_date"], reason=reason, user=self.request.user)
        serializer.instance = framework


@route("un-framework-outcomes", "un-framework-outcome")
class UNOutcomeViewSet(_ServiceViewSet):
    """Outcomes of UN frameworks with the ILO's role (lead, shared, support, none), the
    social partners' participation (direct, minimal, none) and their alignment with DWCP
    priorities (read-only here; write through `priority-alignments`). Filters: `framework`
    (id), `country`, `region`, `kind`, `year`, `period`, `ilo_role`,
    `social_partner_participation`, `q`. Codes are unique within a framework."""

    queryset = (UNFrameworkOutcome.objects.select_related("framework__country")
                .prefetch_related(Prefetch("alignments",
                                           queryset=PriorityAlignment.objects.order_by("id"))))
    serializer_class = UNOutcomeSerializer
    filterset_class = UNOutcomeFilter
    search_fields = ["code", "title"]
    updatable = ("code", "title", "ilo_role", "social_partner_participation")

    def perform_create(self, serializer):
        data, reason = self._split(serializer)
        self._require_change(data["framework"])
        serializer.instance = services.un_outcome_create(
            framework=data["framework"], code=data["code"], title=data["title"],
            ilo_role=data.get("ilo_role", UNFrameworkOutcome.IloRole.SUPPORT),
            social_partner_participation=data.get(
                "social_partner_participation", UNFrameworkOutcome.Participation.NONE),
            reason=reason, user=self.request.user)

    def perform_update(self, serializer):
        data, reason = self._split(serializer)
        serializer.instance = services.un_outcome_update(
            outcome=serializer.instance, code=data["code"], title=data["title"],
            ilo_role=data["ilo_role"],
            social_partner_participation=data["social_partner_participation"],
            reason=reason, user=self.request.user)

    def perform_destroy(self, instance):
        services.un_outcome_delete(outcome=instance, reason="", user=self.request.user)


@route("priority-alignments", "priority-alignment")
class PriorityAlignmentViewSet(_ServiceViewSet):
    """How far UN framework outcomes reflect DWCP country priorities (fully, partly, not).
    POST records or updates the alignment of an outcome with a priority (one per pair); the
    priority must belong to a DWCP of the framework's country. Filters: `un_outcome`,
    `priority`, `reflection`, `framework` (id), `dwcp` (id), `country`, `region`, `year`,
    `period`."""

    queryset = (PriorityAlignment.objects.select_related("un_outcome__framework__country",
                                                         "priority__dwcp")
                .order_by("un_outcome_id", "priority_id"))
    serializer_class = PriorityAlignmentSerializer
    filterset_class = PriorityAlignmentFilter
    search_fields = ["note", "priority__title", "un_outcome__title"]
    updatable = ("un_outcome", "priority", "reflection", "note")

    def perform_create(self, serializer):
        data, reason = self._split(serializer)
        self._require_change(data["un_outcome"])
        serializer.instance = services.priority_alignment_set(
            un_outcome=data["un_outcome"], priority=data["priority"],
            reflection=data["reflection"], note=data.get("note", ""), reason=reason,
            user=self.request.user)

    def perform_update(self, serializer):
        data, reason = self._split(serializer)
        serializer.instance = services.priority_alignment_set(
            un_outcome=data["un_outcome"], priority=data["priority"],
            reflection=data["reflection"], note=data["note"], reason=reason,
            user=self.request.user)

    def perform_destroy(self, instance):
        services.priority_alignment_delete(alignment=instance, user=self.request.user)


@route("national-development-plans", "national-development-plan")
class DevelopmentPlanViewSet(_CountryPeriodViewSet):
    """National development plans of countries, with their period. Filters: `country`
    (ISO3), `region`, `year`, `period`, `q` (title or country). Not deleted."""

    queryset = (NationalDevelopmentPlan.objects.select_related("country__region")
                .annotate(priority_count=Count("priorities"))
                .order_by("country__name", "-start_year", "pk"))
    serializer_class = DevelopmentPlanSerializer
    filterset_class = DevelopmentPlanFilter
    updatable = ("title", "start_year", "end_year")

    def perform_create(self, serializer):
        data, reason = self._split(serializer)
        self._require_create(data["country"], "You may not record plans of this country.")
        serializer.instance = services.development_plan_create(
            country=data["country"], title=data["title"], start_year=data["start_year"],
            end_year=data["end_year"], reason=reason, user=self.request.user)
        serializer.instance.priority_count = 0

    def perform_update(self, serializer):
        data, reason = self._split(serializer)
        serializer.instance = services.development_plan_update(
            plan=serializer.instance, title=data["title"], start_year=data["start_year"],
            end_year=data["end_year"], reason=reason, user=self.request.user)


@route("national-priorities", "national-priority")
class NationalPriorityViewSet(_ServiceViewSet):
    """Priorities of national development plans. Filters: `plan` (id), `country`, `region`,
    `year`, `period`, `q` (code or title)."""

    queryset = NationalPriority.objects.select_related("plan__country")
    serializer_class = NationalPrioritySerializer
    filterset_class = NationalPriorityFilter
    search_fields = ["code", "title"]
    updatable = ("code", "title")

    def perform_create(self, serializer):
        data, reason = self._split(serializer)
        self._require_change(data["plan"])
        serializer.instance = services.national_priority_create(
            plan=data["plan"], title=data["title"], code=data.get("code", ""), reason=reason,
            user=self.request.user)

    def perform_update(self, serializer):
        data, reason = self._split(serializer)
        serializer.instance = services.national_priority_update(
            priority=serializer.instance, title=data["title"], code=data["code"],
            reason=reason, user=self.request.user)

    def perform_destroy(self, instance):
        services.national_priority_delete(priority=instance, user=self.request.user)


register = registrar(UNFrameworkViewSet, UNOutcomeViewSet, PriorityAlignmentViewSet,
                     DevelopmentPlanViewSet, NationalPriorityViewSet)
