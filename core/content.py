"""Translated content (django-modeltranslation, ``<app>/translation.py``): a field such as
``title`` has a column per language (``title_en``, ``title_fr``, ``title_es``); reading
``title`` gives the active language's value or, where that is empty, the value in the language
of entry (``MODELTRANSLATION_DEFAULT_LANGUAGE``, English). Such a fallback is shown as such,
never silently: ``text`` for reports and exports, the ``translated`` template filter
(``core_tags``) for pages."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language, get_language_info, gettext


def source_language() -> str:
    """The language content is entered in."""
    return str(settings.MODELTRANSLATION_DEFAULT_LANGUAGE)


def fallback_language(obj: Any, field: str = "title") -> str | None:
    """The language whose value ``obj.<field>`` shows instead of the active language's (which
    has none), or None when it is in the active language (or the field is not translated)."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    source = source_language()
    if code == source or not hasattr(obj, f"{field}_{code}") or getattr(obj, f"{field}_{code}"):
        return None
    return source


def language_name(code: str) -> str:
    """The language's name in the active language, e.g. "anglais"."""
    return gettext(get_language_info(code)["name"])


def text(obj: Any, field: str = "title") -> str:
    """``obj.<field>`` in the active language, followed by the name of the language it is
    in when it is a fallback: "Employment (English)"."""
    value = str(getattr(obj, field, "") or "")
    fallback = fallback_language(obj, field)
    return f"{value} ({language_name(fallback)})" if fallback and value else value


def record_in_history(*models: Any) -> None:
    """Give each model's django-simple-history table its per-language columns too, so the
    history records a change of any language. Called by each ``translation.py`` after it
    registers the models: simple-history builds its historical models when their models are
    defined, before modeltranslation adds the columns, and would otherwise refuse to save."""
    from modeltranslation.translator import translator

    for model in models:
        history = model.history.model
        present = {f.name for f in history._meta.get_fields()}
        for fields in translator.get_options_for_model(model).all_fields.values():
            for field in sorted(fields, key=lambda f: f.name):
                if field.name in present:
                    continue
                copy: Any = field.clone()
                copy._unique = False  # a history holds many versions of the same value
                copy.db_index = False
                copy.contribute_to_class(history, field.name)
