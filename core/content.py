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


def translation_languages() -> list[str]:
    """The languages a translated field has a column for besides the language of entry."""
    return [code for code, _name in settings.LANGUAGES if code != source_language()]


def translation_columns(field: str = "title") -> list[str]:
    """``title_fr``, ``title_es``: the columns of ``field``'s translations."""
    return [f"{field}_{code}" for code in translation_languages()]


def original_column(field: str = "title") -> str:
    """``title_en``: the column of ``field`` in the language of entry."""
    return f"{field}_{source_language()}"


def translations_from(data: Any, field: str = "title") -> dict[str, str] | None:
    """The translations of ``field`` that ``data`` (a form's cleaned data, a serializer's
    validated data) gives, e.g. ``{"title_fr": "Emploi"}``; None when it gives none (a client
    that does not know of translations leaves them as they are)."""
    given = {name: data[name] for name in translation_columns(field) if name in data}
    return given or None


def set_translations(obj: Any, translations: dict[str, str | None] | None) -> list[str]:
    """Set the translation columns given (empty: no translation, the language of entry is
    shown instead); return the ones set, for ``save(update_fields=...)``."""
    names = []
    for name, value in (translations or {}).items():
        setattr(obj, name, (value or "").strip() or None)
        names.append(name)
    return names


def enter_in_original(model: Any, *fields: str) -> None:
    """Make writes of ``model.<field>`` go to the column of the language of entry, whatever
    the page's language: modeltranslation would write ``title`` of a French page to
    ``title_fr`` (leaving a record created there without its original title) and leaves
    ``save(update_fields=["title"])`` writing the base column only. The services, forms and
    serializers that write ``title`` thus keep writing the original; translations are
    written to their own columns (``title_fr``), e.g. by :func:`set_translations`. Reading
    ``title`` still gives the active language's value, or the original."""
    import functools

    from modeltranslation.fields import TranslationFieldDescriptor

    class OriginalOnWrite(TranslationFieldDescriptor):
        def __set__(self, instance: Any, value: Any) -> None:
            instance.__dict__[self.field.name] = value
            if getattr(instance, "_mt_init", False) or getattr(instance, "_mt_disable", False):
                return
            setattr(instance, original_column(self.field.name), value)

    for field in fields:
        descriptor = model.__dict__[field]
        assert isinstance(descriptor, TranslationFieldDescriptor), (model, field)
        descriptor.__class__ = OriginalOnWrite

    init, save = model.__init__, model.save

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        for field in fields:
            if field in kwargs:  # Model(title=...) under any language: the original
                kwargs.setdefault(original_column(field), kwargs.pop(field))
        init(self, *args, **kwargs)

    @functools.wraps(save)
    def save_all_columns(self: Any, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            names = set(update_fields)
            for field in fields:
                columns = {original_column(field), *translation_columns(field)}
                if field in names or names & columns:
                    names |= {field} | columns
            kwargs["update_fields"] = sorted(names)
        save(self, *args, **kwargs)

    model.__init__, model.save = __init__, save_all_columns


def title_labels() -> dict[str, Any]:
    """The labels of a title's fields on the forms, by language."""
    from django.utils.translation import gettext_lazy as _

    return {"en": _("Title (English)"), "fr": _("Title (French)"), "es": _("Title (Spanish)")}


def empty_as_none(data: Any, field: str = "title") -> None:
    """An empty translation is no translation (None), so that the original is shown for it:
    modeltranslation would show an empty string as the translation."""
    for name in translation_columns(field):
        if name in data:
            data[name] = (data[name] or "").strip() or None


def add_title_fields(form: Any, *, instance: Any = None, field: str = "title") -> None:
    """Give ``form`` (whose ``field`` is the original title, required) a field for the title
    in each other language, optional, after it, and label them by language. With
    ``instance``, the fields start from its stored columns (a model form's ``title`` would
    otherwise start from the page language's translation, and saving it would make that
    translation the original)."""
    from django import forms
    from django.utils.translation import gettext_lazy as _

    labels = title_labels()
    original = form.fields[field]
    original.label = labels[source_language()]
    original.help_text = _("The original: shown, marked as such, where a translation is "
                           "missing.")
    names = list(form.fields)
    for code in translation_languages():
        name = f"{field}_{code}"
        form.fields[name] = forms.CharField(
            label=labels.get(code, name), required=False, empty_value=None,
            max_length=getattr(original, "max_length", None),
            widget=type(original.widget)(attrs=dict(original.widget.attrs)))
    position = names.index(field) + 1
    order = names[:position] + translation_columns(field) + names[position:]
    form.order_fields([n for n in order if n in form.fields])
    if instance is not None and instance.pk:
        form.initial[field] = getattr(instance, original_column(field))
        for name in translation_columns(field):
            form.initial[name] = getattr(instance, name)


def matches(path: str, value: str, lookup: str = "icontains") -> Any:
    """A ``Q`` matching ``value`` in a translated field (``path``, e.g. ``cpo__title``) in
    any language: a lookup on ``title`` alone would search the page language's column only,
    where most records have no translation."""
    from django.db.models import Q

    field = path.rsplit("__", 1)[-1]
    prefix = path[: -len(field)]
    query = Q()
    for column in (original_column(field), *translation_columns(field)):
        query |= Q(**{f"{prefix}{column}__{lookup}": value})
    return query
