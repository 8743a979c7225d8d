import django_filters
from django.db.models import Q

from .models import Country


class CountryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    region = django_filters.CharFilter(field_name="region__code", lookup_expr="iexact",
                                       label="Region code")

    class Meta:
        model = Country
        fields = ["region", "delivering_as_one_pilot", "ilo_resident_in_unct"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(iso3__iexact=value) |
                               Q(iso2__iexact=value))
