"""The upload form of the field staff's workbook (docs/workbook.md): the ``.xlsx`` file and,
for administrators only, the colleague who approved the updates it brings. It checks what
can be checked without reading the rows (extension, size, that the file is an Excel
workbook); the rows are checked by programmes.services.workbook in the preview."""
from __future__ import annotations

import zipfile
from pathlib import PurePath

from django import forms
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core import policy

WORKBOOK_MAX_BYTES = 10 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def approver_choices(user):
    """Who may be named as approver by ``user`` (``policy.NAME_APPROVER``: administrators;
    field staff submit, and a colleague approves in the approval queue): active users who
    decide on progress updates, other than ``user`` (the service checks the countries row
    by row)."""
    return (policy.DECIDE_PROGRESS_UPDATE.holders(get_user_model().objects)
            .exclude(pk=user.pk).order_by("last_name", "first_name", "username"))


class ApproverChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name()
        role = obj.get_role_display() if obj.role else ""
        return f"{name} ({obj.get_username()}, {role})" if name else \
            f"{obj.get_username()} ({role})"


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}))
    approver = ApproverChoiceField(
        label=_("Approved by"), required=False, queryset=get_user_model().objects.none(),
        empty_label=_("No one yet: the updates wait in the approval queue"),
        help_text=_("Whoever imports the workbook submits its progress updates and so cannot "
                    "approve them. Name the colleague who approved them (a manager, an "
                    "administrator or field staff of the country) only if they did; "
                    "otherwise leave this empty and a colleague approves them in the "
                    "approval queue."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("The filled-in template, at most %(size)s.") % {
            "size": filesizeformat(WORKBOOK_MAX_BYTES)}
        if policy.NAME_APPROVER.allows(user):
            self.fields["approver"].queryset = approver_choices(user)
        else:
            del self.fields["approver"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() != ".xlsx":
            raise forms.ValidationError(
                _("Choose an Excel workbook (.xlsx), not “%(name)s”. Save the file as "
                  "“Excel Workbook (.xlsx)” and upload it again.")
                % {"name": PurePath(upload.name).name})
        if upload.size > WORKBOOK_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; a workbook may be at most %(max)s.")
                % {"size": filesizeformat(upload.size),
                   "max": filesizeformat(WORKBOOK_MAX_BYTES)})
        try:
            is_zip = zipfile.is_zipfile(upload)
        finally:
            upload.seek(0)
        if not is_zip:  # an .xlsx is a zip archive; anything else cannot be one
            raise forms.ValidationError(
                _("“%(name)s” is not an Excel workbook (.xlsx) that can be read: it may be "
                  "damaged, or another kind of file renamed. Open it in Excel, save it as "
                  "“Excel Workbook (.xlsx)” and upload it again.")
                % {"name": PurePath(upload.name).name})
        return upload

    def original_name(self) -> str:
        """The uploaded file's own name, without any folder (for messages and history)."""
        return PurePath(self.cleaned_data["file"].name).name[:120]
