"""Uploaded files are recognized by their content, not their name: the one check every upload
of documents goes through (evidence of progress updates, evaluation reports). A file whose
content is not of a kind the upload accepts, whose name says another kind than its content,
that is empty or too large, is refused with a sentence on the field. Markup (HTML, SVG,
XML with scripts) is never accepted as text, so nothing uploaded can run in a browser; files
are handed out as attachments anyway (``core.pages.file_download``, ``nosniff``)."""
from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import IO, Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.errors import ApplicationError

__all__ = ["DOCUMENTS", "EVIDENCE", "check_upload", "content_kind"]

# Kinds recognized, and the file name endings that may carry each.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "docx": (".docx",), "xlsx": (".xlsx",), "pptx": (".pptx",),
    "odt": (".odt",), "ods": (".ods",), "odp": (".odp",),
    "ole": (".doc", ".xls", ".ppt"),  # older Office files (compound documents)
    "jpeg": (".jpg", ".jpeg"), "png": (".png",),
    "text": (".csv", ".txt"),
    "zip": (".zip",),
}
EVIDENCE = frozenset(EXTENSIONS)
DOCUMENTS = frozenset({"pdf", "docx"})

OOXML = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx",
         "ppt/presentation.xml": "pptx"}
OPENDOCUMENT = {b"application/vnd.oasis.opendocument.text": "odt",
                b"application/vnd.oasis.opendocument.spreadsheet": "ods",
                b"application/vnd.oasis.opendocument.presentation": "odp"}
MARKUP = (b"<!doctype", b"<html", b"<svg", b"<script", b"<?xml", b"<body", b"<iframe")
SNIFF_BYTES = 4096


def _zip_kind(upload: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                kind = OPENDOCUMENT.get(archive.read("mimetype").strip())
                if kind:
                    return kind
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    if "[Content_Types].xml" in names:
        for part, kind in OOXML.items():
            if part in names:
                return kind
    return "zip"


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    lowered = text.lstrip("\ufeff \t\r\n").lower().encode()
    return not any(tag in lowered for tag in MARKUP)


def content_kind(upload: IO[bytes] | Any) -> str | None:
    """The kind of ``upload`` from its content (a key of :data:`EXTENSIONS`), else None. The
    file is read from its start and rewound."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return "ole"
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(upload)
        if head and _is_text(head):
            return "text"
        return None
    finally:
        upload.seek(0)


def check_upload(upload: Any, *, field: str, kinds: frozenset[str], max_bytes: int) -> str:
    """``upload``'s kind when it is one of ``kinds`` by its content, its name ends as that
    kind's files do, and it is neither empty nor larger than ``max_bytes``; otherwise an
    :class:`ApplicationError` on ``field`` saying which rule the file breaks."""
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    if not size:
        raise ApplicationError(field_errors={field: [
            _("%(name)s is empty.") % {"name": name}]})
    if size > max_bytes:
        raise ApplicationError(field_errors={field: [
            _("%(name)s is %(size)s; upload at most %(max)s.")
            % {"name": name, "size": filesizeformat(size), "max": filesizeformat(max_bytes)}]})
    allowed = sorted(ext for kind in kinds for ext in EXTENSIONS[kind])
    kind = content_kind(upload)
    if kind not in kinds:
        raise ApplicationError(field_errors={field: [
            _("%(name)s is not a file of an accepted kind (%(types)s), judging by its "
              "content.") % {"name": name, "types": ", ".join(allowed)}]})
    if PurePath(name).suffix.lower() not in EXTENSIONS[kind]:
        raise ApplicationError(field_errors={field: [
            _("%(name)s: its name does not match its content; name it with one of "
              "%(types)s.") % {"name": name, "types": ", ".join(EXTENSIONS[kind])}]})
    return kind
