"""API of development cooperation resources: projects (with their funding by year and the CPOs
they serve), funding rows and CPO links on their own, and the resource figures of CPOs.

Writes go through :mod:`programmes.services.resources`, so the API applies the same rules and
messages as the pages (amounts not negative, years inside the project period, dates in order,
shares up to 100 per cent, only countries the caller covers); a refused write is a 400 with
field errors and leaves nothing behind. Figures (totals, delivery rates, resource gaps) are
computed in the database by :mod:`programmes.selectors.resources`."""
from __future__ import annotations

import re
from collections.abc import Mapping

from django.db.models import Prefetch
from rest_framework import serializers

from constituents.models import Country, Region
from core import policy
from core.api import (
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    VisibleRelatedField,
    is_single,
    reason_field,
    registrar,
    route,
)
from core.drf import error_detail
from core.errors import ApplicationError
from programmes.api.reference import MarkerFields
from programmes.filters.resources import (
    CpoResourcesFilter,
    ProjectFilter,
    ProjectFundingFilter,
    ProjectOutcomeLinkFilter,
)
from programmes.models import (
    CountryProgrammeOutcome,
    PBOutcome,
    Project,
    ProjectFunding,
    ProjectOutcomeLink,
    ProjectPbLink,
)
from programmes.selectors import resources as selectors
from programmes.services import resources as services

_ROW_KEY = re.compile(r"(funding|pb_links)-(\d+)-(\w+)")


def _money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=20, decimal_places=2, read_only=True, **kwargs)


def _rate(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=9, decimal_places=2, read_only=True, allow_null=True,
        help_text="Delivery rate in per cent: 100 × expenditure / allocation (null when "
        "nothing is allocated).", **kwargs)


def _reason() -> serializers.CharField:
    return reason_field("Reason for change (history).")


# --- serializers ----------------------------------------------------------------------------


class FundingRowSerializer(serializers.Serializer):
    """One year of a project's funding, nested in the project."""

    year = serializers.IntegerField()
    allocation = serializers.DecimalField(max_digits=14, decimal_places=2,
                                          help_text="Allocation in US$ (not negative).")
    expenditure = serializers.DecimalField(max_digits=14, decimal_places=2, required=False,
                                           help_text="Expenditure in US$ (default 0).")
    delivery_rate = _rate()


class ProjectCpoLinkSerializer(serializers.ModelSerializer):
    cpo_code = serializers.CharField(source="cpo.code", read_only=True)

    class Meta:
        model = ProjectOutcomeLink
        fields = ["id", "cpo", "cpo_code", "share"]
        read_only_fields = fields


class ProjectPbLinkSerializer(serializers.Serializer):
    """A P&B outcome the project serves, with its share (nested in the project)."""

    pb_outcome = serializers.PrimaryKeyRelatedField(queryset=PBOutcome.objects.all())
    pb_outcome_code = serializers.CharField(source="pb_outcome.code", read_only=True)
    framework = serializers.CharField(source="pb_outcome.framework.code", read_only=True)
    share = serializers.DecimalField(max_digits=5, decimal_places=2, required=False,
                                     help_text="Per cent of the project, more than 0 and at "
                                     "most 100 (default 100); within one P&B framework a "
                                     "project's shares total at most 100.")


class ProjectSerializer(MarkerFields, serializers.ModelSerializer):
    # Declared so that the unique check is the service's (with its clearer message).
    code = serializers.CharField(max_length=40, help_text="e.g. ALB/12/01/EEC")
    country = serializers.SlugRelatedField(
        slug_field="iso3", queryset=Country.objects.all(), required=False, allow_null=True,
        help_text="ISO 3166 alpha-3 code of the country (country projects only).")
    country_name = serializers.CharField(source="country.name", read_only=True,
                                         allow_null=True)
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True,
        help_text="Region code (regional projects only).")
    country_region = serializers.CharField(
        source="country.region.code", read_only=True, allow_null=True,
        help_text="The region of a country project's country.")
    total_allocation = _money(help_text="Allocation over all years (US$).")
    total_expenditure = _money(help_text="Expenditure over all years (US$).")
    delivery_rate = _rate()
    funding = FundingRowSerializer(
        many=True, required=False,
        help_text="Funding by year. On write, replaces all the project's rows (years not "
        "listed are removed); omit it to leave the funding unchanged.")
    pb_links = ProjectPbLinkSerializer(
        many=True, required=False,
        help_text="P&B outcomes served with their shares. On write, replaces all the "
        "project's links; omit it to leave them unchanged.")
    cpo_links = ProjectCpoLinkSerializer(many=True, read_only=True)
    reason = _reason()

    class Meta:
        model = Project
        fields = ["id", "code", "title", "scope", "country", "country_name", "region",
                  "country_region", "office", "funding_source", "funding_partner",
                  "assistance_type", "start_date", "end_date", "status", "description",
                  "gender_marker", "conventions", "social_dialogue", "just_transition",
                  "total_allocation", "total_expenditure", "delivery_rate", "funding",
                  "pb_links", "cpo_links", "reason", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        # Date order and the place matching the scope are the service's rules (with clear
        # messages), not the DB constraints'.
        validators: list = []


class ProjectFundingSerializer(serializers.ModelSerializer):
    project = VisibleRelatedField(queryset=Project.objects.all())
    project_code = serializers.CharField(source="project.code", read_only=True)
    delivery_rate = _rate()
    reason = _reason()

    class Meta:
        model = ProjectFunding
        fields = ["id", "project", "project_code", "year", "allocation", "expenditure",
                  "delivery_rate", "reason"]
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["project"].queryset = policy.visible(request.user, Project.objects.all())
        if is_single(self.instance):
            fields["project"].read_only = True
        return fields


class ProjectOutcomeLinkSerializer(serializers.ModelSerializer):
    project = VisibleRelatedField(queryset=Project.objects.all())
    cpo = VisibleRelatedField(queryset=CountryProgrammeOutcome.objects.all())
    project_code = serializers.CharField(source="project.code", read_only=True)
    cpo_code = serializers.CharField(source="cpo.code", read_only=True)
    dwcp = serializers.IntegerField(source="cpo.dwcp_id", read_only=True)
    reason = _reason()

    class Meta:
        model = ProjectOutcomeLink
        fields = ["id", "project", "project_code", "cpo", "cpo_code", "dwcp", "share",
                  "reason"]
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            user = request.user
            fields["project"].queryset = policy.visible(user, Project.objects.all())
            fields["cpo"].queryset = policy.visible(user, CountryProgrammeOutcome.objects.all())
        if is_single(self.instance):
            fields["project"].read_only = True
            fields["cpo"].read_only = True
        return fields


class CpoResourcesSerializer(serializers.ModelSerializer):
    dwcp_period = serializers.CharField(source="dwcp.period", read_only=True)
    country = serializers.CharField(source="dwcp.country.iso3", read_only=True)
    available = _money(help_text="Σ share/100 × allocation of the linked projects (US$).")
    spent = _money(help_text="Σ share/100 × expenditure of the linked projects (US$).")
    resource_gap = _money(help_text="Planned − available (US$); positive is a shortfall.")
    delivery_rate = _rate()

    class Meta:
        model = CountryProgrammeOutcome
        fields = ["id", "code", "title", "dwcp", "dwcp_period", "country",
                  "planned_resources", "available", "spent", "resource_gap", "delivery_rate"]
        read_only_fields = fields


# --- viewsets -------------------------------------------------------------------------------


def _funding_rows(rows) -> list[dict]:
    return [{"year": r["year"], "allocation": r["allocation"],
             "expenditure": r.get("expenditure")} for r in rows]


def _nested(exc: ApplicationError, rows: Mapping[str, int]) -> serializers.ValidationError:
    """The service's ``funding-<i>-<field>`` and ``pb_links-<i>-<field>`` keys as DRF's
    nested shape: ``{"funding": [{}, {"allocation": [...]}]}``, beside the other field
    errors."""
    detail = error_detail(exc)
    nested: dict[str, list[dict]] = {name: [{} for _ in range(n)] for name, n in rows.items()}
    for key in list(exc.field_errors):
        match = _ROW_KEY.fullmatch(key)
        if match and int(match.group(2)) < rows.get(match.group(1), 0):
            nested[match.group(1)][int(match.group(2))][match.group(3)] = detail.pop(key)
    for name, items in nested.items():
        if any(items):
            detail[name] = items
    return serializers.ValidationError(detail)


def _pb_rows(rows) -> list[dict]:
    return [{"pb_outcome": r["pb_outcome"], "share": r.get("share")} for r in rows]


@route("projects", "project")
class ProjectViewSet(ScopedModelViewSet):
    """Development cooperation projects the caller may see, with their totals, delivery rate,
    funding by year and the CPOs they serve.

    Filters: `country` (ISO3), `region` (region code: its countries' projects and its
    regional projects), `funding_source` (rbtc, rbsa, xbtc, psc), `status` (stage), `scope`,
    `year` (running at some point of it), `cpo` (contributes to this CPO id), `pb_outcome`,
    `donor` and `donor_category` (through funding agreements), `assistance_type`,
    `gender_marker`, `convention` (code), `office`, `q` (code, title or funding partner).
    Field staff create and change projects of their countries only; partnerships officers
    and administrators any, regional and interregional ones too; managers read. A project
    leaving the pipeline (concept, appraisal) needs a passed quality appraisal."""

    queryset = selectors.projects_with_totals().prefetch_related(
        Prefetch("funding", queryset=selectors.funding_with_rates().order_by("year")),
        Prefetch("cpo_links", queryset=ProjectOutcomeLink.objects.select_related("cpo")
                 .order_by("cpo__code")),
        Prefetch("pb_links", queryset=ProjectPbLink.objects
                 .select_related("pb_outcome__framework")
                 .order_by("pb_outcome__framework__start_year", "pb_outcome__code")),
        "conventions",
    )
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    search_fields = ["code", "title", "funding_partner"]
    ordering_fields = ["code", "start_date", "end_date", "title"]

    def _reload(self, project: Project) -> Project:
        return self.get_base_queryset().get(pk=project.pk)

    def _write(self, serializer, write):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        rows = data.pop("funding", None)
        links = data.pop("pb_links", None)
        try:
            project = write(data, funding=_funding_rows(rows) if rows is not None else None,
                            pb_links=_pb_rows(links) if links is not None else None,
                            reason=reason)
        except ApplicationError as exc:
            raise _nested(exc, {"funding": len(rows or []),
                                "pb_links": len(links or [])}) from exc
        serializer.instance = self._reload(project)

    def perform_create(self, serializer):
        self._write(serializer, lambda data, **kw: services.project_create(
            user=self.request.user, **data, **kw))

    def perform_update(self, serializer):
        self._write(serializer, lambda data, **kw: services.project_update(
            user=self.request.user, project=serializer.instance, data=data, **kw))

    def perform_destroy(self, instance):
        services.project_delete(user=self.request.user, project=instance)


@route("project-funding", "project-funding")
class ProjectFundingViewSet(ScopedModelViewSet):
    """Funding of projects by year (allocation, expenditure, delivery rate), one row per
    project and year. Filters: `project` (id), `country` (ISO3), `region`, `funding_source`,
    `status` (of the project), `year`."""

    queryset = selectors.funding_with_rates(
        ProjectFunding.objects.select_related("project")).order_by("project__code", "year")
    serializer_class = ProjectFundingSerializer
    filterset_class = ProjectFundingFilter

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        row = services.project_funding_create(
            user=self.request.user, project=data["project"], year=data["year"],
            allocation=data["allocation"], expenditure=data.get("expenditure", 0),
            reason=data.get("reason", ""))
        serializer.instance = self.get_base_queryset().get(pk=row.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        row = services.project_funding_update(user=self.request.user,
                                              funding=serializer.instance, data=data,
                                              reason=reason)
        serializer.instance = self.get_base_queryset().get(pk=row.pk)

    def perform_destroy(self, instance):
        services.project_funding_delete(user=self.request.user, funding=instance)


@route("project-cpo-links", "project-cpo-link")
class ProjectOutcomeLinkViewSet(ScopedModelViewSet):
    """What share of a project's resources serves which CPO (a project's shares total at
    most 100 per cent; the CPO must belong to a DWCP of the project's country). Only the
    share changes after creation. Filters: `project`, `cpo`, `dwcp` (ids), `country`,
    `region`, `funding_source`."""

    queryset = ProjectOutcomeLink.objects.select_related("project", "cpo").order_by(
        "project__code", "cpo__code")
    serializer_class = ProjectOutcomeLinkSerializer
    filterset_class = ProjectOutcomeLinkFilter

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.project_link_cpo(
            user=self.request.user, project=data["project"], cpo=data["cpo"],
            share=data.get("share", services.HUNDRED), reason=data.get("reason", ""))

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.project_link_update(
            user=self.request.user, link=serializer.instance,
            share=data.get("share", serializer.instance.share), reason=data.get("reason", ""))

    def perform_destroy(self, instance):
        services.project_unlink_cpo(user=self.request.user, link=instance)


@route("cpo-resources", "cpo-resources")
class CpoResourcesViewSet(ScopedReadOnlyViewSet):
    """Resources of country programme outcomes: planned, available (share-weighted
    allocation of linked projects, all years), spent, resource gap (planned − available) and
    delivery rate. Filters: `dwcp` (id), `country` (ISO3), `region`, `status` (of the DWCP),
    `year` (the DWCP runs in it)."""

    queryset = selectors.cpos_with_resources()
    serializer_class = CpoResourcesSerializer
    filterset_class = CpoResourcesFilter


register = registrar(ProjectViewSet, ProjectFundingViewSet, ProjectOutcomeLinkViewSet,
                     CpoResourcesViewSet)
