"""PDF/UA-1 structure of a Governing Body document, read back from the PDF's structure tree
(issue 11, point 7): header cells carry their scope, footnotes are notes, the document language
is the text's."""
import pytest

from reporting.renderers.pdf import render_pdf
from tests.reporting.helpers import pdf_reader, sample_document


def _elements(pdf: bytes) -> list[tuple[str, object, list[str]]]:
    """Every structure element as (tag, element, tags of its ancestors), in document order."""
    root = pdf_reader(pdf).trailer["/Root"]["/StructTreeRoot"].get_object()
    found: list[tuple[str, object, list[str]]] = []

    def walk(node, ancestors):
        node = node.get_object()
        if not hasattr(node, "get"):
            return  # a marked-content id
        tag = node.get("/S")
        if tag:
            found.append((str(tag), node, ancestors))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid, ancestors + ([str(tag)] if tag else []))

    walk(root, [])
    return found


@pytest.mark.parametrize("language", ["en", "fr"])
def test_header_cells_have_a_scope_and_footnotes_are_notes(language):
    pdf = render_pdf(sample_document(), language=language)
    elements = _elements(pdf)

    headers = [(node, ancestors) for tag, node, ancestors in elements if tag == "/TH"]
    assert headers
    for node, ancestors in headers:
        scope = node["/A"]["/Scope"]
        assert scope == ("/Column" if "/THead" in ancestors else "/Row"), ancestors
    # The resources table: two column headers, a row header per row and the total's.
    assert sum(1 for node, a in headers if node["/A"]["/Scope"] == "/Column") == 2
    assert sum(1 for node, a in headers if node["/A"]["/Scope"] == "/Row") == 3

    notes = [node for tag, node, _ in elements if tag == "/Note"]
    assert len(notes) == 3  # the sample document's three footnotes
    assert len({str(n["/ID"]) for n in notes}) == 3  # each with an ID of its own
    assert all(ancestors[-1] == "/Div" for tag, _, ancestors in elements if tag == "/Note")

    root = pdf_reader(pdf).trailer["/Root"]
    assert root["/Lang"] == language
