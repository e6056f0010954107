import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.formats import date_format
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import languages, pages
from ..browse_by_symptom import symptom_slug as slug_of_symptom
from ..markup import render_markdown
from ..models import HelpItem
from ..pages import plain
from ..structured_data import medical_web_page

register = template.Library()


def _in_language(value, render):
    """Render a page value; English standing in for a translation is marked lang="en"."""
    if isinstance(value, dict):
        return format_html('<div lang="{}">{}</div>', value["lang"], render(value["text"]))
    return render(value or "")


@register.filter
def text(value):
    """A short page value, such as a title or a list item."""
    if isinstance(value, dict):
        return format_html('<span lang="{}">{}</span>', value["lang"], value["text"])
    return value


@register.filter
def symptom_slug(value):
    """The address of a symptom's page (browse by symptom) from its text, whatever its language."""
    return slug_of_symptom(plain(value) or "")


@register.filter
def time_element(value):
    """A date as visitors read it in their language (“1 September 2023”), for machines in `datetime`."""
    if not value:
        return ""
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), date_format(value, "DATE_FORMAT"))


@register.filter
def paragraphs(value):
    """Plain text with its paragraphs and line breaks; nothing in it becomes HTML."""
    # linebreaks() has escaped the text itself.
    return _in_language(value, lambda text: mark_safe(linebreaks(text, autoescape=True)))  # noqa: S308


@register.filter
def markdown(value):
    """An editor's Markdown as sanitised HTML."""
    return _in_language(value, lambda text: mark_safe(render_markdown(text)))  # noqa: S308 - nh3 sanitised it


# As in django.utils.html.json_script: nothing in the data can close the script element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def help_items(rows):
    """The items of “When to get help” by kind: {"see_doctor": [...], "urgent": [...]}."""
    kinds = {kind: [] for kind in HelpItem.Kind.values}
    for row in rows:
        kinds.setdefault(row["kind"], []).append(row)
    return kinds


@register.simple_tag
def emergency_number():
    """The number to call in an emergency, for the visitor's language (`settings.EMERGENCY_NUMBERS`)."""
    return languages.emergency_number(get_language())


@register.simple_tag
def page_layout(page):
    """The sections of the page in order, each with its template and its entry in "On this page" (`pages.layout`)."""
    return pages.layout(page)


@register.simple_tag(takes_context=True)
def page_json_ld(context):
    """The disease page's schema.org JSON-LD in a script element."""
    request = context["request"]
    data = medical_web_page(
        context["page"], context["publication"], request.build_absolute_uri(request.path), context["LANGUAGE_CODE"]
    )
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
