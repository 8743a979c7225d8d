"""The report and summary files of an evaluation: PDF or Word (DOCX), recognized by their
content (not their name), and no larger than :data:`MAX_BYTES` — checked by
``core.uploads``, the one check of uploaded documents."""
from __future__ import annotations

from typing import IO, Any

from core import uploads

MAX_BYTES = 20 * 1024 * 1024
PDF, DOCX = "pdf", "docx"


def document_kind(upload: IO[bytes] | Any) -> str | None:
    """``"pdf"`` or ``"docx"`` from the file's content, else None."""
    kind = uploads.content_kind(upload)
    return kind if kind in uploads.DOCUMENTS else None


def check_document(upload: Any, *, field: str) -> None:
    """Refuse (an ApplicationError on ``field``) a file that is not a PDF or DOCX document
    by its content or whose name says otherwise, is empty, or is larger than
    :data:`MAX_BYTES`."""
    uploads.check_upload(upload, field=field, kinds=uploads.DOCUMENTS, max_bytes=MAX_BYTES)
