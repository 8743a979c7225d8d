"""API of DWCP results frameworks: country priorities → country programme outcomes (CPOs) →
outputs, and each CPO's P&B outcome per biennium, UN framework outcomes and SDG targets.

Writes go through :mod:`programmes.services.framework` (the same rules and messages as the
pages): a broken rule is a 400 with the message under the field it concerns, an object of a
DWCP the caller may not change is refused (403), and one the caller may not see is a 404.
"""
from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core import content
from core.api import (
    ReadOnlyOnUpdate,
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    VisibleRelatedField,
    reason_field,
    registrar,
    route,
)
from core.errors import ApplicationError
from core.types import UNSET
from programmes.api import _titles as titles
from programmes.api.reference import MarkerFields
from programmes.api.results._fields import one_per_biennium
from programmes.filters.framework import (
    CpoFilter,
    CpoOutcomeLinkFilter,
    OutputFilter,
    PriorityFilter,
)
from programmes.models import (
    Biennium,
    CountryPriority,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    Dwcp,
    Output,
    PBOutcome,
    PBOutcomeIndicator,
    SdgTarget,
    UNFrameworkOutcome,
)
from programmes.selectors import framework as selectors
from programmes.services import framework as services

REASON_HELP = "Reason for change (kept in the history)."

# --- serializers ----------------------------------------------------------------------------


class _Writable(ReadOnlyOnUpdate, serializers.ModelSerializer):
    reason = reason_field(REASON_HELP)


class PrioritySerializer(_Writable):
    dwcp = VisibleRelatedField(queryset=Dwcp.objects.select_related("country"))
    order = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                     help_text="Position among the priorities; empty: last.")
    read_only_on_update = ("dwcp",)

    class Meta:
        model = CountryPriority
        fields = ["id", "dwcp", "code", "title", *titles.COLUMNS,
                  "description", "order", "reason",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at", *titles.READ_ONLY]
        extra_kwargs = titles.EXTRA_KWARGS
        # Code uniqueness is the service's rule, with its message.
        validators: list = []


class OutcomeLinkSerializer(serializers.ModelSerializer):
    """The P&B outcome a CPO contributes to in one biennium."""

    biennium = serializers.SlugRelatedField(slug_field="code", queryset=Biennium.objects.all(),
                                            help_text="Biennium code, e.g. 2014-15.")
    pb_outcome = VisibleRelatedField(
        queryset=PBOutcome.objects.select_related("framework"), help_text="P&B outcome id.")
    pb_outcome_code = serializers.CharField(source="pb_outcome.code", read_only=True)
    pb_outcome_title = serializers.CharField(source="pb_outcome.title", read_only=True)
    framework = serializers.CharField(source="pb_outcome.framework.code", read_only=True)
    pb_indicator = VisibleRelatedField(
        queryset=PBOutcomeIndicator.objects.all(), required=False, allow_null=True,
        help_text="Id of the indicator of that P&B outcome the CPO reports against "
                  "(optional; null: none). Left out on update: kept while the outcome stays.")
    pb_indicator_code = serializers.CharField(source="pb_indicator.code", read_only=True,
                                              allow_null=True, default=None)

    class Meta:
        model = CpoOutcomeLink
        fields = ["biennium", "pb_outcome", "pb_outcome_code", "pb_outcome_title", "framework",
                  "pb_indicator", "pb_indicator_code"]
        validators: list = []


class CpoOutcomeLinkSerializer(OutcomeLinkSerializer):
    class Meta(OutcomeLinkSerializer.Meta):
        fields = ["id", "cpo", *OutcomeLinkSerializer.Meta.fields]
        read_only_fields = fields


class CpoSerializer(MarkerFields, _Writable):
    dwcp: serializers.PrimaryKeyRelatedField[Any] = VisibleRelatedField(
        read_only=True, help_text="The DWCP of the priority.")
    priority = VisibleRelatedField(
        queryset=CountryPriority.objects.select_related("dwcp__country"))
    order = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                     help_text="Position under the priority; empty: last.")
    planned_resources = serializers.DecimalField(max_digits=14, decimal_places=2,
                                                 required=False, min_value=0)
    outcome_links = OutcomeLinkSerializer(
        many=True, required=False,
        help_text="The P&B outcome for each biennium the DWCP spans. On update the list "
                  "replaces the CPO's links (a biennium left out loses its link).")
    un_outcomes = VisibleRelatedField(
        queryset=UNFrameworkOutcome.objects.select_related("framework"), many=True,
        required=False, help_text="Ids of UN framework outcomes of the DWCP's country.")
    sdg_targets = serializers.SlugRelatedField(
        slug_field="code", queryset=SdgTarget.objects.all(), many=True, required=False,
        help_text="SDG target codes, e.g. 8.5.")

    class Meta:
        model = CountryProgrammeOutcome
        fields = ["id", "dwcp", "priority", "code", "title", *titles.COLUMNS,
                  "description", "order",
                  "planned_resources", "outcome_links", "un_outcomes", "sdg_targets",
                  "gender_marker", "conventions", "social_dialogue", "just_transition",
                  "reason", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at", *titles.READ_ONLY]
        extra_kwargs = titles.EXTRA_KWARGS
        validators: list = []

    def validate_outcome_links(self, value):
        return one_per_biennium(value, "P&B outcome")


class OutputSerializer(_Writable):
    cpo = VisibleRelatedField(
        queryset=CountryProgrammeOutcome.objects.select_related("dwcp__country"))
    dwcp = serializers.IntegerField(source="cpo.dwcp_id", read_only=True)
    order = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                     help_text="Position among the CPO's outputs; empty: last.")
    read_only_on_update = ("cpo",)

    class Meta:
        model = Output
        fields = ["id", "dwcp", "cpo", "code", "title", *titles.COLUMNS,
                  "description", "order", "reason",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at", *titles.READ_ONLY]
        extra_kwargs = titles.EXTRA_KWARGS
        validators: list = []


# --- viewsets -------------------------------------------------------------------------------


def _api_errors(exc: ApplicationError) -> ApplicationError:
    """Service link errors are keyed by the page's form field ``pb_<year>``; the API has one
    field, ``outcome_links``."""
    errors: dict[str, list[str]] = {}
    for field, messages in exc.field_errors.items():
        key = "outcome_links" if field.startswith("pb_") else field
        errors.setdefault(key, []).extend(messages)
    return ApplicationError(exc.message, field_errors=errors)


class _ServiceViewSet(ScopedModelViewSet):
    """Lists and lookups are scoped to what the caller may see; creates, updates and deletes
    call the service, which checks that the caller may change the DWCP concerned."""

    def _call(self, fn, **kwargs):
        try:
            return fn(user=self.request.user, **kwargs)
        except ApplicationError as exc:
            raise _api_errors(exc) from exc


@route("country-priorities", "country-priority")
class PriorityViewSet(_ServiceViewSet):
    """Country priorities of the DWCPs the caller may see, in their order.

    Filters: `dwcp` (id), `country` (ISO3), `region` (code), `status` (DWCP status,
    repeatable), `year` (the DWCP runs in it), `period` (e.g. 2012-2016: DWCPs running in
    some of those years), `biennium` (e.g. 2014-15: DWCPs spanning it), `q` (code or title).
    Codes are unique within a DWCP."""

    queryset = CountryPriority.objects.select_related("dwcp__country")
    serializer_class = PrioritySerializer
    filterset_class = PriorityFilter
    ordering_fields = ["order", "code"]

    def get_base_queryset(self):
        return selectors.priority_list(user=self.request.user).order_by("dwcp", "order",
                                                                         "code")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = self._call(
            services.priority_create, dwcp=data["dwcp"], code=data["code"],
            title=data["title"], description=data.get("description", ""),
            order=data.get("order"), reason=data.get("reason", ""),
            translations=content.translations_from(data))

    def perform_update(self, serializer):
        obj, data = serializer.instance, serializer.validated_data
        serializer.instance = self._call(
            services.priority_update, priority=obj, code=data.get("code", obj.code),
            title=data.get("title", obj.title_en),
            description=data.get("description", obj.description),
            order=data.get("order"), reason=data.get("reason", ""),
            translations=content.translations_from(data))

    def perform_destroy(self, instance):
        self._call(services.priority_delete, priority=instance)


@route("cpos", "cpo")
class CpoViewSet(_ServiceViewSet):
    """Country programme outcomes (CPOs) with their P&B outcome per biennium, UN framework
    outcomes and SDG targets.

    Filters: `dwcp` (id), `priority` (id), `country` (ISO3), `region` (code), `status` (DWCP
    status, repeatable), `year`, `period` (e.g. 2012-2016), `biennium` (code, e.g. 2014-15:
    CPOs linked to a P&B outcome in it), `pb_outcome` (id), `pb_indicator` (id of a P&B
    outcome indicator), `un_outcome` (id), `sdg_target`
    (code), the cross-cutting markers `gender_marker` (0–3), `gender_marker_min`,
    `convention` (code, e.g. C087), `social_dialogue` and `just_transition` (true/false),
    `q` (code or title).

    Rules: the code is unique within the DWCP; the priority belongs to the DWCP; each
    biennium linked lies in the DWCP period and its P&B outcome belongs to that biennium's
    results framework, and an indicator named belongs to that outcome; UN outcomes are of
    the DWCP's country. A refused write changes nothing."""

    queryset = CountryProgrammeOutcome.objects.select_related("dwcp__country", "priority")
    serializer_class = CpoSerializer
    filterset_class = CpoFilter
    ordering_fields = ["order", "code"]

    def get_base_queryset(self):
        return selectors.cpo_list(user=self.request.user)

    @staticmethod
    def _links(items, *, replace_on=None) -> dict:
        links = {item["biennium"]: item["pb_outcome"] for item in items}
        if replace_on is not None:
            for link in replace_on.outcome_links.select_related("biennium"):
                if link.biennium not in links:
                    links[link.biennium] = None
        return links

    @staticmethod
    def _indicators(items) -> dict:
        """The indicator named for each biennium that names one (``pb_indicator`` given,
        null included); left out: kept while the outcome stays."""
        return {item["biennium"]: item["pb_indicator"] for item in items
                if "pb_indicator" in item}

    def perform_create(self, serializer):
        data = serializer.validated_data
        priority = data["priority"]
        serializer.instance = self._call(
            services.cpo_create, dwcp=priority.dwcp, priority=priority, code=data["code"],
            title=data["title"], description=data.get("description", ""),
            order=data.get("order"), planned_resources=data.get("planned_resources") or 0,
            un_outcomes=data.get("un_outcomes", []), sdg_targets=data.get("sdg_targets", []),
            outcome_links=self._links(data.get("outcome_links", [])),
            link_indicators=self._indicators(data.get("outcome_links", [])),
            gender_marker=data.get("gender_marker"), conventions=data.get("conventions", []),
            social_dialogue=data.get("social_dialogue", False),
            just_transition=data.get("just_transition", False),
            reason=data.get("reason", ""),
            translations=content.translations_from(data))

    def perform_update(self, serializer):
        cpo, data = serializer.instance, serializer.validated_data
        links = data.get("outcome_links")
        serializer.instance = self._call(
            services.cpo_update, cpo=cpo, priority=data.get("priority", cpo.priority),
            code=data.get("code", cpo.code), title=data.get("title", cpo.title_en),
            description=data.get("description", cpo.description), order=data.get("order"),
            planned_resources=data.get("planned_resources", cpo.planned_resources),
            un_outcomes=data.get("un_outcomes"), sdg_targets=data.get("sdg_targets"),
            outcome_links=None if links is None else self._links(links, replace_on=cpo),
            link_indicators=None if links is None else self._indicators(links),
            gender_marker=data.get("gender_marker", UNSET),
            conventions=data.get("conventions"),
            social_dialogue=data.get("social_dialogue"),
            just_transition=data.get("just_transition"),
            reason=data.get("reason", ""),
            translations=content.translations_from(data))
        # Serialize the saved relations afresh, not the prefetched ones.
        serializer.instance = selectors.cpo_detail(pk=cpo.pk)

    def perform_destroy(self, instance):
        self._call(services.cpo_delete, cpo=instance)


@route("cpo-outcome-links", "cpo-outcome-link")
class CpoOutcomeLinkViewSet(ScopedReadOnlyViewSet):
    """Every CPO's P&B outcome per biennium, one row per CPO and biennium (set them through
    the CPO's `outcome_links`). Filters: `dwcp`, `cpo`, `pb_outcome`, `pb_indicator` (ids),
    `country`, `region`, `status`, `year`, `period`, `biennium` (code), `framework` (P&B
    framework code)."""

    queryset = CpoOutcomeLink.objects.select_related("cpo__dwcp__country", "biennium",
                                                     "pb_outcome__framework", "pb_indicator")
    serializer_class = CpoOutcomeLinkSerializer
    filterset_class = CpoOutcomeLinkFilter


@route("outputs", "output")
class OutputViewSet(_ServiceViewSet):
    """Outputs of CPOs. Filters: `dwcp` (id), `cpo` (id), `country` (ISO3), `region`,
    `status`, `year`, `period`, `biennium`, `q`. Codes are unique within the CPO."""

    queryset = Output.objects.select_related("cpo__dwcp__country")
    serializer_class = OutputSerializer
    filterset_class = OutputFilter
    ordering_fields = ["order", "code"]

    def get_base_queryset(self):
        return selectors.output_list(user=self.request.user).order_by("cpo", "order", "code")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = self._call(
            services.output_create, cpo=data["cpo"], code=data["code"], title=data["title"],
            description=data.get("description", ""), order=data.get("order"),
            reason=data.get("reason", ""),
            translations=content.translations_from(data))

    def perform_update(self, serializer):
        obj, data = serializer.instance, serializer.validated_data
        serializer.instance = self._call(
            services.output_update, output=obj, code=data.get("code", obj.code),
            title=data.get("title", obj.title_en),
            description=data.get("description", obj.description),
            order=data.get("order"), reason=data.get("reason", ""),
            translations=content.translations_from(data))

    def perform_destroy(self, instance):
        self._call(services.output_delete, output=instance)


register = registrar(PriorityViewSet, CpoViewSet, CpoOutcomeLinkViewSet, OutputViewSet)
