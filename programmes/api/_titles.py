"""Titles in each language in the API (``core.content``): beside ``title`` — read in the
request's language (``Accept-Language``), falling back to the original; written as the
original, whatever the language — ``title_en`` (the original, read-only here: write it as
``title``), ``title_fr`` and ``title_es`` (the translations; empty or null: none, the
original is shown instead). A client that sends none of them leaves the translations as
they are."""
from core import content

ORIGINAL = content.original_column()
COLUMNS = [ORIGINAL, *content.translation_columns()]
READ_ONLY = [ORIGINAL]
EXTRA_KWARGS = {
    ORIGINAL: {"help_text": "The original title, as entered (written through `title`)."},
    **{name: {"help_text": f"The title in {name.rsplit('_', 1)[1].upper()}; empty or null "
                           "for none (the original is shown instead).",
              "allow_blank": True}
       for name in content.translation_columns()},
}
