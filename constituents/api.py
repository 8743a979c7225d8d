"""API of regions, countries and their constituents.

Reads are narrowed to what the caller may view (a lookup outside it is a 404); writes are
checked against :mod:`core.policy` and go through :mod:`constituents.services`, so the API
applies the same rules and messages as the pages: a broken rule is a 400 with field errors."""
from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.exceptions import PermissionDenied

from core import policy
from core.api import (
    ReadOnlyOnUpdate,
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    ServiceWrites,
    VisibleRelatedField,
    is_single,
    read_only_slug,
    reason_field,
    registrar,
    route,
    split_reason,
)

from . import services
from .filters import (
    AffiliationFilter,
    ConstituentFilter,
    ContactFilter,
    CountryFilter,
    MembershipFigureFilter,
)
from .models import (
    Affiliation,
    Constituent,
    Contact,
    Country,
    MembershipFigure,
    Region,
    group_for_type,
)
from .serializers import CountryFields

# --- serializers ----------------------------------------------------------------------------


def _reason_field():
    return reason_field("Reason for change (history).")


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name"]


class CountrySerializer(serializers.ModelSerializer):
    """A country; only the context of the ILO's presence can be changed (PATCH)."""

    region = read_only_slug("code")
    reason = _reason_field()

    class Meta:
        model = Country
        fields = ["id", "iso2", "iso3", "iso_numeric", "name", "region", "ilo_member",
                  "ilo_office", "decent_work_team", "delivering_as_one_pilot",
                  "ilo_resident_in_unct", "reason"]
        read_only_fields = ["iso2", "iso3", "iso_numeric", "name", "ilo_member"]


# A record of a constituent (no docstring: it would become the schema's description of each
# record's serializer): the constituent is chosen among those the caller may see, and is fixed
# once the record exists. Uniqueness rules are the services' (clearer messages).
class _SubRecordSerializer(serializers.ModelSerializer):
    constituent = VisibleRelatedField(
        queryset=Constituent.objects.all(),
        help_text="Id of the organization (one the caller may see).")
    reason = _reason_field()

    def get_fields(self):
        fields = super().get_fields()
        field = fields["constituent"]
        if is_single(self.instance):
            field.read_only = True
        request = self.context.get("request")
        if request is not None and not field.read_only:
            field.queryset = policy.visible(request.user, Constituent.objects.all())
        return fields


class AffiliationSerializer(_SubRecordSerializer):
    class Meta:
        model = Affiliation
        fields = ["id", "constituent", "organization", "since_year", "reason"]
        validators: list = []


class MembershipFigureSerializer(_SubRecordSerializer):
    class Meta:
        model = MembershipFigure
        fields = ["id", "constituent", "year", "total", "women", "men", "member_kind",
                  "source", "reason"]
        validators: list = []


class ContactSerializer(_SubRecordSerializer):
    class Meta:
        model = Contact
        fields = ["id", "constituent", "name", "position", "email", "phone", "is_primary",
                  "reason"]
        validators: list = []


class AffiliationNestedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Affiliation
        fields = ["id", "organization", "since_year"]


class MembershipFigureNestedSerializer(serializers.ModelSerializer):
    class Meta:
        model = MembershipFigure
        fields = ["id", "year", "total", "women", "men", "member_kind", "source"]


class ContactNestedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "name", "position", "email", "phone", "is_primary"]


class ConstituentSerializer(CountryFields, ReadOnlyOnUpdate, serializers.ModelSerializer):
    affiliations = AffiliationNestedSerializer(many=True, read_only=True)
    membership_figures = MembershipFigureNestedSerializer(many=True, read_only=True)
    contacts = ContactNestedSerializer(many=True, read_only=True)
    reason = _reason_field()
    read_only_on_update = ("country",)

    class Meta:
        model = Constituent
        fields = ["id", "country", "country_name", "region", "name", "acronym", "type",
                  "group", "level", "sector", "website", "address", "notes", "active",
                  "affiliations", "membership_figures", "contacts", "reason", "created_at",
                  "updated_at"]
        read_only_fields = ["group", "created_at", "updated_at"]
        # The unique name per country is the service's rule (case-insensitive, clear message).
        validators: list = []


# --- viewsets -------------------------------------------------------------------------------

@route("regions", "region")
class RegionViewSet(ScopedReadOnlyViewSet):
    """ILO regions. Filter: `code`; `search` on name and code."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_fields = ["code"]
    search_fields = ["name", "code"]


@route("countries", "country")
class CountryViewSet(mixins.UpdateModelMixin, ScopedReadOnlyViewSet):
    """ILO member States the caller may see, with the context of the ILO's presence.

    Filters: `region` (region code), `delivering_as_one_pilot`, `ilo_resident_in_unct`,
    `q` / `search` (name or ISO code). PATCH changes the country context (responsible ILO
    office, Decent Work Team, Delivering as One pilot, ILO resident in the UN Country Team);
    field staff of the country and administrators may do so."""

    queryset = Country.objects.select_related("region")
    serializer_class = CountrySerializer
    filterset_class = CountryFilter
    search_fields = ["name", "iso3", "iso2"]
    ordering_fields = ["name", "iso3"]
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer):
        data, reason = split_reason(serializer)
        serializer.instance = services.country_context_update(
            country=serializer.instance, data=data, reason=reason, user=self.request.user)


@route("constituents", "constituent")
class ConstituentViewSet(ScopedModelViewSet):
    """Constituents (government institutions, employers' and workers' organizations) and
    other partners of the countries the caller may see, with their affiliations, membership
    figures and contacts (read-only here; change them at their own endpoints).

    Filters: `country` (ISO3), `region` (region code), `group`, `type`, `level`, `active`,
    `q` / `search` (name or acronym). The group follows from the type. Names are unique
    within a country. Organizations are not deleted: set `active` to false."""

    queryset = (Constituent.objects.select_related("country__region")
                .prefetch_related(
                    Prefetch("affiliations", queryset=Affiliation.objects.order_by(
                        "organization")),
                    Prefetch("membership_figures",
                             queryset=MembershipFigure.objects.order_by("-year")),
                    Prefetch("contacts",
                             queryset=Contact.objects.order_by("-is_primary", "name"))))
    serializer_class = ConstituentSerializer
    filterset_class = ConstituentFilter
    search_fields = ["name", "acronym"]
    ordering_fields = ["name", "country__name", "group", "type"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _require_create(self, country: Country, kind: str) -> None:
        if not policy.can_create(self.request.user, Constituent, country_id=country.pk,
                                 group=group_for_type(kind)):
            raise PermissionDenied(_("You may not record an organization of this type in "
                                     "%(country)s.") % {"country": country})

    def perform_create(self, serializer):
        data, reason = split_reason(serializer)
        self._require_create(data["country"], data["type"])
        serializer.instance = services.constituent_create(**data, reason=reason,
                                                          user=self.request.user)

    def perform_update(self, serializer):
        data, reason = split_reason(serializer)
        constituent = serializer.instance
        if "type" in data:
            # A specialist may not move an organization out of (or into) another group.
            self._require_create(constituent.country, data["type"])
        serializer.instance = services.constituent_update(constituent=constituent, data=data,
                                                          reason=reason,
                                                          user=self.request.user)


_DELETE_REASON = OpenApiParameter("reason", str, description="Reason for the deletion "
                                 "(kept in the history of changes).")


@extend_schema_view(destroy=extend_schema(parameters=[_DELETE_REASON]))
class _SubRecordViewSet(ServiceWrites, ScopedModelViewSet):
    """Writes of a constituent's records: the caller must be allowed to change the
    constituent; the service applies the rules."""

    service_module = services
    reason_on_create = reason_on_delete = True

    def perform_create(self, serializer):
        constituent = serializer.validated_data["constituent"]
        if not policy.can_change(self.request.user, constituent):
            raise PermissionDenied(_("You may not change the records of %(org)s.")
                                   % {"org": constituent})
        super().perform_create(serializer)


@route("constituent-affiliations", "constituent-affiliation")
class AffiliationViewSet(_SubRecordViewSet):
    """Affiliations of constituents to wider organizations (IOE, ITUC, a national centre).
    Filters: `constituent` (id), `country` (ISO3), `region`, `group`, `type`."""

    queryset = Affiliation.objects.select_related("constituent")
    serializer_class = AffiliationSerializer
    filterset_class = AffiliationFilter
    search_fields = ["organization"]
    entity = "affiliation"


@route("membership-figures", "membership-figure")
class MembershipFigureViewSet(_SubRecordViewSet):
    """Membership of constituents by year, in total and by sex (one figure per year; women
    and men each at most the total and, when both are given, adding up to it).
    Filters: `constituent` (id), `country` (ISO3), `region`, `group`, `type`, `year`,
    `year_from`, `year_to`."""

    queryset = MembershipFigure.objects.select_related("constituent")
    serializer_class = MembershipFigureSerializer
    filterset_class = MembershipFigureFilter
    ordering_fields = ["year", "total"]
    entity = "membership_figure"
    instance_kw = "figure"


@route("constituent-contacts", "constituent-contact")
class ContactViewSet(_SubRecordViewSet):
    """Contact persons of constituents (at most one primary contact each).
    Filters: `constituent` (id), `country` (ISO3), `region`, `group`, `type`,
    `is_primary`."""

    queryset = Contact.objects.select_related("constituent")
    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    search_fields = ["name", "position", "email"]
    entity = "contact"


register = registrar(RegionViewSet, CountryViewSet, ConstituentViewSet, AffiliationViewSet,
                     MembershipFigureViewSet, ContactViewSet)
