"""Markdown for section bodies, sanitised so no HTML or script reaches a visitor."""

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text):
    """Markdown to HTML; raw HTML in the source is dropped, links are limited to safe schemes."""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
