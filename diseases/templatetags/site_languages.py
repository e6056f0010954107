from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html_join
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every site language, as plain links (no cookie, no form)."""
    request = context["request"]
    # A page with no counterpart in other languages names the page to offer instead.
    path = context.get("translation_path") or request.get_full_path()
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
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
        (code, request.build_absolute_uri(translate_url(request.path, code))) for code, _name in settings.LANGUAGES
    ]
    # The path without a language prefix redirects each visitor to their own language.
    default = translate_url(request.path, settings.LANGUAGE_CODE)
    prefix = f"/{settings.LANGUAGE_CODE}/"
    unprefixed = "/" + default.removeprefix(prefix) if default.startswith(prefix) else default
    links.append(("x-default", request.build_absolute_uri(unprefixed)))
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', links)


@register.simple_tag(takes_context=True)
def url_in_language(context, language):
    """This page's address in another language."""
    return translate_url(context["request"].path, language)
