"""The report and summary files of an evaluation: PDF or Word (DOCX), recognized by their
content (not their name), and no larger than :data:`MAX_BYTES`."""
from __future__ import annotations

import zipfile
from typing import IO, Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.errors import ApplicationError

MAX_BYTES = 20 * 1024 * 1024
PDF, DOCX = "pdf", "docx"


def document_kind(upload: IO[bytes] | Any) -> str | None:
    """``"pdf"`` or ``"docx"`` from the file's content, else None. The file is read from its
    start and rewound."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def check_document(upload: Any, *, field: str) -> None:
    """Refuse (an ApplicationError on ``field``) a file that is not a PDF or DOCX document
    by its content, is empty, or is larger than :data:`MAX_BYTES`."""
    size = getattr(upload, "size", None)
    if not size:
        raise ApplicationError(field_errors={field: [_("The file is empty.")]})
    if size > MAX_BYTES:
        raise ApplicationError(field_errors={field: [
            _("The file is %(size)s; upload at most %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_BYTES)}]})
    if document_kind(upload) is None:
        raise ApplicationError(field_errors={field: [
            _("Upload a PDF or Word (.docx) document; this file is neither.")]})
