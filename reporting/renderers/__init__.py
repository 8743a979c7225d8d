"""Turning a built :class:`reporting.document.blocks.Document` into files: PDF (WeasyPrint), SVG
charts (matplotlib) and xlsx (openpyxl)."""
