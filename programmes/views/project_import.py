"""Projects and their funding by year imported from a spreadsheet (core.imports;
programmes.services.project_import): the template, then upload → preview → apply, all or
nothing. For whoever may record projects (field staff for their countries, partnerships
officers, administrators); each row is checked for its place by the services."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core import policy
from core.imports import ImportPage, import_page, template_response
from programmes.models import Project
from programmes.services import project_import


def _check(user) -> None:
    if not policy.may_change_any(user, Project):
        raise PermissionDenied


@login_required
def project_import_view(request):
    _check(request.user)
    list_url = reverse("programmes:project-list")
    return import_page(request, ImportPage(
        key="import:projects", spec=project_import.SPEC,
        importer=project_import.project_importer,
        title=_("Import projects"),
        lead=_("Add or update projects and their funding by year from a spreadsheet: a "
               "sheet of projects (a row is the project of that code, updated, or a new one) "
               "and, if you like, a sheet of funding by year (a row sets that year). The "
               "exported project list imports as it is."),
        back_url=list_url, back_label=_("Projects"),
        template_url=reverse("programmes:project-import-template"), done_url=list_url))


@login_required
def project_import_template(request):
    _check(request.user)
    return template_response(project_import.SPEC)


urlpatterns = [
    path("projects/import/", project_import_view, name="project-import"),
    path("projects/import/template/", project_import_template, name="project-import-template"),
]
