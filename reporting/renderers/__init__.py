"""Turning a built :class:`reporting.document.Document` into files: PDF (WeasyPrint), SVG
charts (matplotlib) and xlsx (openpyxl)."""
