from django import template
from django.utils.safestring import mark_safe

from ..markup import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render an editor's Markdown as sanitised HTML."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - nh3 has sanitised it
