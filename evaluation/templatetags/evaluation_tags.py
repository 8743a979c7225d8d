from django import template
from django.utils.safestring import SafeString

from evaluation.selectors import highlight as _highlight

register = template.Library()


@register.filter
def highlight(headline: str) -> SafeString:
    """A search snippet: its text escaped, the matched words marked (``<mark>``)."""
    return _highlight(headline)
