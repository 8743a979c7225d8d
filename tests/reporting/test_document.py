"""The Governing Body document template: cover block, numbering, footnotes, draft decision,
escaping of user text and the restricted URL fetcher."""
import socket

import pytest
from django.utils import timezone

from reporting.document.builder import DocumentBuilder
from reporting.document.values import roman
from reporting.renderers.pdf import (
    RefusedURL,
    RestrictedURLFetcher,
    html_to_pdf,
    render_html,
    render_pdf,
    stylesheet_path,
)
from tests.reporting.helpers import (
    front,
    numbers_in_document,
    paragraph_numbers,
    pdf_pages,
    pdf_reader,
    pdf_text,
    sample_document,
)

HOSTILE = '<script>alert("x")</script><img src="http://example.org/x.png"><b>bold</b>'


@pytest.fixture(scope="module")
def pdf():
    return render_pdf(sample_document(), language="en")


def test_roman_numerals():
    assert [roman(n) for n in (1, 2, 4, 9, 14, 40)] == ["I", "II", "IV", "IX", "XIV", "XL"]


def test_cover_block_has_every_field(pdf):
    first = pdf_pages(pdf)[0]
    for expected in ("Governing Body", "350th Session, Geneva, 9–19 March 2024", "GB.350/POL/3",
                     "Policy Development Section", "POL", "Date: 1 February 2024",
                     "Original: English", "THIRD ITEM ON THE AGENDA",
                     "Decent work results: état des lieux, año", "Purpose of the document",
                     "Relevant strategic objective: Employment.", "Policy implications: None.",
                     "Legal implications: None.", "Financial implications: None.",
                     "Follow-up action required:", "Author unit: PARDEV.",
                     "Related documents: GB.317/POL/6."):
        assert expected in first, expected


def test_symbol_runs_in_the_header_of_every_later_page():
    builder = DocumentBuilder(front())
    builder.section("Long")
    for n in range(40):
        builder.paragraph(f"Paragraph {n} " + "text of some length " * 30)
    pages = pdf_pages(render_pdf(builder.build(), language="en"))
    assert len(pages) > 3
    assert all("GB.350/POL/3" in page for page in pages[1:])
    # Page numbers at the foot.
    assert all(page.rstrip().endswith(str(n)) for n, page in enumerate(pages, start=1))


def test_paragraphs_are_numbered_continuously_and_the_decision_is_last(pdf):
    document = sample_document()
    text = pdf_text(pdf)
    # Paragraphs 1-4 and the decision (5); "1." between 2 and 3 is the sub-section heading.
    assert [p.number for p in document.paragraphs] == [1, 2, 3, 4, 5]
    assert paragraph_numbers(text) == numbers_in_document(document) == [1, 2, 1, 3, 4, 5]
    after = text.split("Draft decision")[1]
    assert paragraph_numbers(after) == [5]
    assert "The Governing Body requests the Office to continue." in after
    assert "I.\n\nBackground" in text and "II.\n\nFindings" in text
    flat = " ".join(text.split())
    assert "(a) alpha point (b) beta point" in flat


def test_tables_boxes_and_footnotes_are_numbered(pdf):
    text = pdf_text(pdf)
    assert "Table 1. Resources by CPO" in text
    assert "Box 1\nA good practice" in text and "Source: ILO Tirana." in text
    # Each footnote is called where it belongs and printed at the foot of that same page,
    # numbered through the document.
    calls = {"First paragraph of the background.1": "First note.",
             "Third paragraph.2": "Second note.", "Fourth paragraph.3": "Third note."}
    pages = pdf_pages(pdf)
    for call, note in calls.items():
        page = next(p for p in pages if call in p)
        assert note in page.split(call, 1)[1]
    flat = " ".join(text.split())
    assert "1 2 First note. Second note." in flat


def test_draft_decision_is_in_italics():
    html = render_html(sample_document(), language="en")
    decision = html.split("draft-decision__title")[1]
    assert 'class="para__text decision-text"' in decision
    assert "<span class=\"para__num\">5.</span>" in decision


def test_hostile_user_text_is_printed_as_text():
    document = sample_document(hostile=HOSTILE, title="Title " + HOSTILE)
    html = render_html(document, language="en")
    assert "<script>" not in html and "<img src=\"http://example.org" not in html
    assert "&lt;script&gt;" in html
    text = pdf_text(render_pdf(document, language="en"))
    assert '<script>alert("x")</script>' in text.replace("\n", "")


def test_fetcher_refuses_the_network_and_files_outside_static():
    fetcher = RestrictedURLFetcher()
    for url in ("http://example.org/x.png", "https://example.org/a.css", "file:///etc/passwd",
                stylesheet_path().as_uri().replace("gb-print.css", "../../../../etc/passwd"),
                "ftp://example.org/x"):
        with pytest.raises(RefusedURL):
            fetcher.check(url)
    assert fetcher.check(stylesheet_path().as_uri())


def test_rendering_never_opens_a_connection_nor_reads_other_files(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("rendering tried to open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    fetcher = RestrictedURLFetcher()
    html = ('<html><body><p>x</p><img src="http://example.org/x.png" alt="x">'
            '<img src="file:///etc/passwd" alt="y">'
            '<link rel="stylesheet" href="file:///etc/passwd"></body></html>')
    pdf = html_to_pdf(html, fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert "http://example.org/x.png" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert b"root:" not in pdf


def test_pdf_is_tagged_with_embedded_fonts(pdf):
    reader = pdf_reader(pdf)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    fonts = [font.get_object() for page in reader.pages
             for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        descriptor = (font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                      if "/DescendantFonts" in font else font["/FontDescriptor"])
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object())


def test_a_demonstration_instance_marks_every_page_as_illustrative(settings):
    settings.DEMO_MODE = True
    pages = pdf_pages(render_pdf(sample_document(), language="en"))
    assert len(pages) > 1
    mark = "Illustrative data from a demonstration instance: not real programme figures."
    assert all(mark in " ".join(page.split()) for page in pages)
    settings.DEMO_MODE = False
    assert mark not in pdf_text(render_pdf(sample_document(), language="en"))


def test_pdf_metadata_names_the_document(settings):
    settings.DEMO_MODE = False
    document = sample_document(symbol="GB.350/POL/3", author_unit="PARDEV")
    meta = pdf_reader(render_pdf(document, language="en")).metadata
    assert meta.title == f"GB.350/POL/3 – {document.front.title}"
    assert meta.subject == "GB.350/POL/3"
    assert meta.author == "International Labour Office, PARDEV"
    assert "GB.350/POL/3" in meta["/Keywords"] and "Governing Body" in meta["/Keywords"]
    assert meta.creation_date is not None
    assert abs((timezone.now() - meta.creation_date).total_seconds()) < 600


def test_the_purpose_box_points_to_the_draft_decision(pdf):
    flat = " ".join(pdf_text(pdf).split())
    purpose = flat.split("Purpose of the document")[1].split("Relevant strategic objective")[0]
    assert "See the draft decision in paragraph 5." in purpose
    assert flat.rstrip().endswith("Point for decision: Paragraph 5.") or \
        "Point for decision: Paragraph 5." in flat.split("Draft decision")[1]


def test_a_document_without_a_decision_is_for_information():
    builder = DocumentBuilder(front(), as_of=None)
    builder.section("Background")
    builder.paragraph("Only a paragraph.")
    flat = " ".join(pdf_text(render_pdf(builder.build(), language="en")).split())
    assert "This document is submitted for information." in flat
    assert "For information." in flat and "Point for decision" not in flat


def test_successive_footnote_calls_are_separated_and_a_biennium_heading_stays_whole():
    """Two notes on one sentence are called "status.1,2", never "status.12", which reads as
    a twelfth note; a biennium heading a narrow column is never cut after its dash."""
    from reporting.document.blocks import Column

    builder = DocumentBuilder(front())
    builder.section("Results")
    builder.paragraph("Tables give the status.", footnotes=["First note.", "Second note."])
    builder.table("Status by biennium",
                  [Column("Country programme outcome " * 6)]
                  + [Column(f"{y}–{str(y + 1)[2:]}") for y in range(2016, 2028, 2)],
                  [["CPO " * 20] + ["Partly achieved"] * 6])
    text = pdf_text(render_pdf(builder.build(), language="en"))
    assert "status.1,2" in text and "status.12" not in text
    for year in range(2016, 2028, 2):
        assert f"{year}–{str(year + 1)[2:]}" in text
