"""FilterSets shared by the pages and the API."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, YearFilter, country_filter, region_filter
from core.roles import ConstituentGroup

from .models import Affiliation, Constituent, ConstituentType, Contact, Country, MembershipFigure

YES_NO = [("true", _("Yes")), ("false", _("No"))]


class CountryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    region = region_filter("")
    delivering_as_one_pilot = django_filters.BooleanFilter(label=_("Delivering as One pilot"))
    ilo_resident_in_unct = django_filters.BooleanFilter(
        label=_("ILO resident in the UN Country Team"))

    class Meta:
        model = Country
        fields = ["q", "region", "delivering_as_one_pilot", "ilo_resident_in_unct"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(iso3__iexact=value) |
                               Q(iso2__iexact=value))


class ConstituentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"),
                                  help_text=_("Name or acronym"))
    country = country_filter(label=_("Country (ISO 3166 alpha-3 code)"))
    region = region_filter()
    group = django_filters.ChoiceFilter(choices=ConstituentGroup.choices,
                                        label=_("Constituent group"))
    type = django_filters.ChoiceFilter(choices=ConstituentType.choices, label=_("Type"))
    level = django_filters.ChoiceFilter(choices=Constituent.Level.choices, label=_("Level"))
    active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Constituent
        fields = ["q", "country", "region", "group", "type", "level", "active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class _SubRecordFilter(django_filters.FilterSet):
    """Filters of the records that belong to a constituent."""

    constituent = IdFilter(field_name="constituent_id",
                                              label=_("Constituent id"))
    country = country_filter("constituent__country",
                             label=_("Country (ISO 3166 alpha-3 code)"))
    region = region_filter("constituent__country")
    group = django_filters.ChoiceFilter(field_name="constituent__group",
                                        choices=ConstituentGroup.choices,
                                        label=_("Constituent group"))
    type = django_filters.ChoiceFilter(field_name="constituent__type",
                                       choices=ConstituentType.choices,
                                       label=_("Constituent type"))


class AffiliationFilter(_SubRecordFilter):
    class Meta:
        model = Affiliation
        fields = ["constituent", "country", "region", "group", "type"]


class MembershipFigureFilter(_SubRecordFilter):
    year = YearFilter(label=_("Year"))
    year_from = YearFilter(field_name="year", lookup_expr="gte",
                                            label=_("From year"))
    year_to = YearFilter(field_name="year", lookup_expr="lte",
                                          label=_("To year"))

    class Meta:
        model = MembershipFigure
        fields = ["constituent", "country", "region", "group", "type", "year", "year_from",
                  "year_to"]


class ContactFilter(_SubRecordFilter):
    is_primary = django_filters.BooleanFilter(label=_("Primary contact"))

    class Meta:
        model = Contact
        fields = ["constituent", "country", "region", "group", "type", "is_primary"]
