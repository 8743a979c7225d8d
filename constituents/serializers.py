"""Serializer fields of records placed in a country, for the API of any app."""
from __future__ import annotations

from rest_framework import serializers

from .models import Country


# Serializer mixin: the record's ``country`` given and shown by its ISO3 code, with the
# country's name and region code read-only beside it. Put it first:
# ``class S(CountryFields, ModelSerializer)``. No docstring: drf-spectacular would show it as
# the description of every serializer without its own.
class CountryFields(serializers.Serializer):  # type: ignore[type-arg]
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all(),
                                           help_text="ISO 3166 alpha-3 code of the country.")
    country_name = serializers.CharField(source="country.name", read_only=True)
    region = serializers.CharField(source="country.region.code", read_only=True)
