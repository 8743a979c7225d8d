from core import policy

from .models import Country, Region


def country_list(*, user, filters=None):
    from .filters import CountryFilter

    qs = policy.visible(user, Country.objects.select_related("region"))
    return CountryFilter(filters or {}, queryset=qs).qs


def region_list(*, user):
    return policy.visible(user, Region.objects.all())
