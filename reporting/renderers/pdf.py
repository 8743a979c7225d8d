"""The Governing Body document as HTML and PDF (WeasyPrint).

WeasyPrint fetches stylesheets, fonts and images through :class:`RestrictedURLFetcher`, which
serves only files under the application's own static and media folders (and ``data:`` URLs,
which carry no request); anything else — ``http(s)://``, ``file:///etc/passwd``, a path
escaping a static folder through ``..`` or a symlink — is refused and logged. Together with
Django's autoescaping of every user text, a report cannot make the server fetch a URL or read
a file it names.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from reporting.document.blocks import Document

from .paging import layout_with_continued_labels
from .tagging import complete_tags

logger = logging.getLogger(__name__)

TEMPLATE = "reporting/document/gb_document.html"
STYLESHEET = "css/gb-print.css"
# Tagged PDF for screen readers (PDF/UA-1); fonts are embedded by WeasyPrint.
PDF_VARIANT = "pdf/ua-1"


def allowed_roots() -> list[Path]:
    roots = [Path(p) for p in settings.STATICFILES_DIRS]
    roots += [Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT)]
    return [r.resolve() for r in roots]


class RefusedURL(ValueError):
    """WeasyPrint was asked for something outside the application's own files."""


class RestrictedURLFetcher(URLFetcher):
    """WeasyPrint fetcher of local static/media files and ``data:`` URLs only."""

    def __init__(self, roots: list[Path] | None = None):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=5)
        self.roots = roots if roots is not None else allowed_roots()
        self.refused: list[str] = []

    def check(self, url: str) -> str:
        """The URL when it may be fetched; raises :class:`RefusedURL` otherwise."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return url
        if scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                return url
        self.refused.append(url)
        logger.warning("report rendering refused to fetch %s", url)
        raise RefusedURL(f"not one of the application's own files: {url}")

    def fetch(self, url, headers=None):
        return super().fetch(self.check(url), headers)


def render_html(document: Document, *, language: str, extra: dict | None = None) -> str:
    """The document's HTML in ``language`` (autoescaped template)."""
    with translation.override(language):
        return render_to_string(TEMPLATE, {
            "doc": document, "language": language,
            # Provenance: the PDF's creation date, and on every page of a demonstration
            # instance's reports a mark that the figures are illustrative.
            "generated_at": timezone.now(), "illustrative": settings.DEMO_MODE,
            **(extra or {})})


def stylesheet_path() -> Path:
    found = finders.find(STYLESHEET)
    if not found:
        raise FileNotFoundError(STYLESHEET)
    return Path(found)


PDF_OPTIONS = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}


def write_pdf(laid_out: Any) -> bytes:
    """The PDF of a laid-out document, its PDF/UA tags completed (:mod:`.tagging`)."""
    return laid_out.write_pdf(finisher=complete_tags, **PDF_OPTIONS)


def layout_html(html: str, *, fetcher: RestrictedURLFetcher | None = None):
    """WeasyPrint's layout of ``html`` with the GB print stylesheet (pages and boxes, not yet
    a PDF), fetching only our own files."""
    fetcher = fetcher or RestrictedURLFetcher()
    css_path = stylesheet_path()
    base_url = css_path.parent.parent.as_uri() + "/"
    stylesheet = CSS(filename=str(css_path), url_fetcher=fetcher)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=[stylesheet], **PDF_OPTIONS)


def html_to_pdf(html: str, *, fetcher: RestrictedURLFetcher | None = None) -> bytes:
    """PDF bytes of ``html`` as it stands (one layout: WeasyPrint alone)."""
    return write_pdf(layout_html(html, fetcher=fetcher))


def render_pdf(document: Document, *, language: str) -> bytes:
    """The document's PDF; grouped tables that run over pages repeat their group label atop
    each page (:mod:`.paging`), which may take a second layout."""
    laid_out = layout_with_continued_labels(
        document, lambda: render_html(document, language=language), layout_html)
    return write_pdf(laid_out)
