from django import template
from django.urls import translate_url
from django.utils.html import format_html_join
from django.utils.translation import get_language, get_language_info

from .. import languages

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every site language, as plain links (no cookie, no form)."""
    request = context["request"]
    # A page with no counterpart in other languages names the page to offer instead.
    path = context.get("translation_path") or request.get_full_path()
    current = get_language()
    links = []
    for code in languages.site_languages():
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(path, code),
                "is_current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """<link rel="alternate" hreflang> for every language and x-default (none for a page without counterparts)."""
    request = context["request"]
    if context.get("translation_path"):
        return ""
    links = [
        (code, request.build_absolute_uri(translate_url(request.path, code))) for code in languages.site_languages()
    ]
    # The path without a language prefix redirects each visitor to their own language.
    default = translate_url(request.path, languages.SOURCE_LANGUAGE)
    prefix = f"/{languages.SOURCE_LANGUAGE}/"
    unprefixed = "/" + default.removeprefix(prefix) if default.startswith(prefix) else default
    links.append(("x-default", request.build_absolute_uri(unprefixed)))
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', links)


@register.simple_tag(takes_context=True)
def url_in_language(context, language):
    """This page's address in another language."""
    return translate_url(context["request"].path, language)
