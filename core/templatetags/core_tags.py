from django import template
from django.urls import reverse

from core import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (keeps filters on paging)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def history_url(obj) -> str:
    return reverse("object-history",
                   args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@register.filter
def can_change(user, obj) -> bool:
    return policy.can_change(user, obj)


@register.filter
def fields(form, names: str) -> list:
    """The bound fields of ``form`` named in ``names`` (separated by spaces), in that order;
    a name the form does not have (a field only the create form offers) is skipped."""
    return [form[name] for name in names.split() if name in form.fields]
