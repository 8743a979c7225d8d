"""URLs for the audit tests: the real site plus one endpoint that updates or deletes a DWCP
the way edit views do (through the request, so the history middleware records the user)."""
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as site_urlpatterns
from core import policy
from core.history import attribute
from programmes.models import Dwcp

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


@require_POST
def edit_dwcp(request, pk: int):
    dwcp = Dwcp.objects.get(pk=pk)
    if not policy.can_change(request.user, dwcp):
        raise PermissionDenied
    if request.POST.get("delete"):
        attribute(dwcp, reason=request.POST.get("reason", ""))
        dwcp.delete()
        return HttpResponse("deleted")
    dwcp.title = request.POST["title"]
    attribute(dwcp, reason=request.POST.get("reason", ""))
    dwcp.save(update_fields=["title", "updated_at"])
    return HttpResponse("saved")


def boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [
    *site_urlpatterns,
    path("test-audit/dwcp/<int:pk>/", edit_dwcp),
    path("test-boom/", boom),
]
