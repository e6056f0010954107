import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..markup import render_markdown
from ..structured_data import medical_web_page

register = template.Library()


@register.filter
def markdown(text):
    """Render an editor's Markdown as sanitised HTML."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - nh3 has sanitised it


# As in django.utils.html.json_script: nothing in the data can close the script element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def page_json_ld(context):
    """The disease page's schema.org JSON-LD in a script element."""
    request = context["request"]
    data = medical_web_page(
        context["page"], context["publication"], request.build_absolute_uri(request.path), context["LANGUAGE_CODE"]
    )
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
