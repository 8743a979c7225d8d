"""What WeasyPrint's PDF/UA tagging leaves out, completed on its structure tree before the PDF
is written (issue 11, point 7).

WeasyPrint (70) tags tables, cells, paragraphs and headings, but

- a header cell (``TH``) carries no ``/Scope``, so a screen reader cannot tell a column header
  from a row header (PDF/UA-1, ISO 14289-1 7.5): a ``TH`` under ``THead`` gets ``/Column``,
  one in a body row ``/Row``;
- footnotes (CSS ``float: footnote``) come out as ``/Span`` inside an untyped ``/NonStruct`` (the
  footnote area, which has no element): they become ``/Note`` elements with a unique ``/ID``
  (7.9), in a ``/Div``.

:func:`complete_tags` is a WeasyPrint *finisher* (``write_pdf(finisher=...)``, a public hook
called with the document and the pydyf PDF once the tags are built); every PDF the reports make
passes through it. What WeasyPrint cannot meet at all is listed in docs/reports.md.
"""
from __future__ import annotations

from typing import Any

import pydyf


def _struct_elements(pdf: Any) -> dict[bytes, Any]:
    """The PDF's structure elements by reference (``b"12 0 R"``)."""
    return {obj.reference: obj for obj in pdf.objects
            if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"}


def _kids(element: Any, by_ref: dict[bytes, Any]) -> list[Any]:
    return [by_ref[k] for k in element.get("K", ()) if isinstance(k, bytes) and k in by_ref]


def _is_footnote_area(element: Any, by_ref: dict[bytes, Any]) -> bool:
    """The footnote area: an untyped element straight under ``/Document`` whose children are
    all footnote bodies (a ``/Span`` that opens with its marker, an untyped pseudo-element)."""
    if element.get("S") != "/NonStruct":
        return False
    parent = by_ref.get(element.get("P"))
    if parent is None or parent.get("S") != "/Document":
        return False
    kids = _kids(element, by_ref)
    return bool(kids) and all(kid.get("S") == "/Span" and _opens_with_marker(kid, by_ref)
                              for kid in kids)


def _opens_with_marker(span: Any, by_ref: dict[bytes, Any]) -> bool:
    first = _kids(span, by_ref)[:1]
    return bool(first) and first[0].get("S") == "/NonStruct"


def complete_tags(document: Any, pdf: Any) -> None:
    """Scope on header cells and notes tagged as notes (see the module's docstring)."""
    by_ref = _struct_elements(pdf)
    note_number = 0
    for element in by_ref.values():
        tag = element.get("S")
        if tag == "/TH":
            row = by_ref.get(element.get("P"))
            section = by_ref.get(row.get("P")) if row is not None else None
            in_head = section is not None and section.get("S") == "/THead"
            attributes = element.get("A") or pydyf.Dictionary({"O": "/Table"})
            attributes["Scope"] = "/Column" if in_head else "/Row"
            element["A"] = attributes
        elif _is_footnote_area(element, by_ref):
            element["S"] = "/Div"
            for note in _kids(element, by_ref):
                note_number += 1
                note["S"] = "/Note"
                note["ID"] = pydyf.String(f"note-{note_number}")
