"""An intervention's participant list imported from a spreadsheet (core.imports;
capacity.services.participant_import): the template, then upload → preview → apply, all or
nothing. For whoever may change the intervention."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core import access, policy
from core.imports import ImportPage, import_page, template_response

from .. import selectors
from ..models import Intervention
from ..services import participant_import
from .interventions import detail_url


@login_required
def participants_upload(request, pk: int):
    intervention = access.check(request.user, selectors.intervention_detail_page(pk=pk),
                                change=True).obj
    back = detail_url(pk, "participation")
    return import_page(request, ImportPage(
        key=f"import:participants:{pk}", spec=participant_import.SPEC,
        importer=participant_import.participant_importer,
        title=_("Upload a participant list"),
        lead=_("Every row is checked first: if any row is wrong, nothing is saved and each "
               "problem is listed."),
        back_url=back, back_label=intervention.title,
        template_url=reverse("capacity:participants-template"), done_url=back,
        options={"intervention": pk}))


@login_required
def participants_template(request):
    if not policy.may_change_any(request.user, Intervention):
        raise PermissionDenied
    return template_response(participant_import.SPEC)


urlpatterns = [
    path("interventions/<int:pk>/participants/upload/", participants_upload,
         name="participants-upload"),
    path("participants/template/", participants_template, name="participants-template"),
]
