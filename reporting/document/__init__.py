"""The structure of a Governing Body document, numbered in Python [DOMAIN §6; seeds/001, 002].

A report builds a :class:`Document` through :class:`DocumentBuilder`: Roman-numbered sections,
Arabic sub-sections, paragraphs numbered continuously through the whole document, lettered
sub-paragraphs, boxes, tables and figures numbered through the document, footnotes numbered
in order of appearance, the draft decision as the last numbered paragraph, and appendices.
The template only lays out what is numbered here, so the PDF, the xlsx export and the tests
all see the same numbers.

Every text is plain text (user text included): the template escapes it. The only markup that
goes through unescaped is a figure's SVG, which our own chart code draws (renderers/charts).

:mod:`.values` formats the numbers and values printed, :mod:`.blocks` holds the parts of a
document (paragraphs, tables, figures, front matter) and :mod:`.builder` the
:class:`~.builder.DocumentBuilder`.
"""
