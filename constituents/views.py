from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from core import policy

from .filters import CountryFilter
from .models import Country, Region
from .selectors import country_list


@login_required
def country_list_view(request):
    qs = country_list(user=request.user, filters=request.GET)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "constituents/country_list.html", {
        "filter": CountryFilter(request.GET), "page_obj": page,
        "region_choices": Region.objects.values_list("code", "name"),
    })


@login_required
def country_detail(request, iso3: str):
    country = get_object_or_404(Country.objects.select_related("region"), iso3=iso3.upper())
    if not policy.can_view(request.user, country):
        raise PermissionDenied
    return render(request, "constituents/country_detail.html", {
        "country": country, "object": country,
        "can_change": policy.can_change(request.user, country),
    })
