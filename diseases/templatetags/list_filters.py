"""The admin's long list filters (one choice per page), written without a template loop per choice."""

from django import template
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()
SELECTED = mark_safe(' class="selected"')  # noqa: S308 - a constant


@register.filter
def choice_items(choices):
    """The items of admin/filter.html's list of choices, in its markup."""
    return format_html_join(
        "",
        '\n    <li{}>\n    <a href="{}">{}</a></li>\n  ',
        (
            (SELECTED if choice["selected"] else "", iri_to_uri(choice["query_string"]), choice["display"])
            for choice in choices
        ),
    )
