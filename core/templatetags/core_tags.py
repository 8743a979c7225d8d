from typing import Any

from django import template
from django.db.models import Model
from django.forms import BaseForm, BoundField
from django.template.context import Context
from django.urls import reverse
from django.utils.html import conditional_escape, format_html

from core import content, policy
from core.numbers import format_for_template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: Context, **kwargs: Any) -> str:
    """The current query string with some parameters replaced (keeps filters on paging)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    encoded: str = query.urlencode()
    return encoded


@register.simple_tag
def history_url(obj: Model) -> str:
    return reverse("object-history",
                   args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@register.filter
def can_change(user: Any, obj: Model) -> bool:
    return policy.can_change(user, obj)


@register.filter
def fields(form: BaseForm, names: str) -> list[BoundField]:
    """The bound fields of ``form`` named in ``names`` (separated by spaces), in that order;
    a name the form does not have (a field only the create form offers) is skipped."""
    return [form[name] for name in names.split() if name in form.fields]


@register.filter
def number(value: Any, arg: str | int = -1) -> str:
    """A figure as every page prints it (:mod:`core.numbers`): like ``floatformat`` but
    rounded half away from zero, the rule of the reports and exports."""
    return format_for_template(value, arg)


@register.filter
def translated(obj: Model | None, field: str = "title") -> str:
    """A translated field of ``obj`` (``core.content``) in the active language; where it has
    no translation, the value in the language of entry, marked as such — in its own language
    (``lang``) followed by that language's name, e.g. "Employment (English)" — never
    silently."""
    if obj is None:
        return ""
    value = getattr(obj, field, "") or ""
    fallback = content.fallback_language(obj, field)
    if fallback is None or not value:
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span> <small class="fallback">({})</small>',
                       fallback, value, content.language_name(fallback))


@register.filter
def translated_text(obj: Model | None, field: str = "title") -> str:
    """As :func:`translated`, as plain text (a page's ``<title>``, an attribute, a value
    truncated after): "Employment (English)" where the original stands in."""
    return "" if obj is None else content.text(obj, field)
