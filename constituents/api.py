from rest_framework import serializers

from core.api import ScopedReadOnlyViewSet

from .filters import CountryFilter
from .models import Country, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name"]


class CountrySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Country
        fields = ["id", "iso2", "iso3", "iso_numeric", "name", "region", "ilo_member",
                  "ilo_office", "decent_work_team", "delivering_as_one_pilot",
                  "ilo_resident_in_unct"]


class RegionViewSet(ScopedReadOnlyViewSet):
    """ILO regions."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    search_fields = ["name", "code"]


class CountryViewSet(ScopedReadOnlyViewSet):
    """ILO member States the caller may see, with the context of the ILO's presence."""

    queryset = Country.objects.select_related("region")
    serializer_class = CountrySerializer
    filterset_class = CountryFilter
    search_fields = ["name", "iso3", "iso2"]
    ordering_fields = ["name", "iso3"]


def register(router) -> None:
    router.register("regions", RegionViewSet, basename="region")
    router.register("countries", CountryViewSet, basename="country")
