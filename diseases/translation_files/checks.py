"""
Checks of one translated text against its English: the same Markdown
structure (headings, list items, links), every link address and every number
of the English kept. Texts are read with a Markdown parser (markdown-it), so
that a link's address is never taken for a number of the text.
"""

import re
from collections import Counter

from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

STRUCTURE = {
    "heading_open": _("headings"),
    "list_item_open": _("list items"),
    "link_open": _("links"),
}
BARE_ADDRESS = re.compile(r"(?:https?://|mailto:)[^\s<>()\[\]]+")
# A number, with its thousands grouped (“2,000”, “2 000”) or its decimals (“1.5”, “1,5”) in any language's way.
NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f.,]\d{3})*(?:[.,]\d+)?")

_parser = MarkdownIt("commonmark")


def _tokens(text):
    for token in _parser.parse(text or ""):
        yield token
        yield from token.children or ()


def structure(text):
    """How many headings, list items and links the Markdown `text` has."""
    counts = Counter(token.type for token in _tokens(text) if token.type in STRUCTURE)
    return {kind: counts[kind] for kind in STRUCTURE}


def _words(text):
    """The text a reader reads, without link addresses."""
    return " ".join(token.content for token in _tokens(text) if token.type in ("text", "code_inline"))


def addresses(text):
    """The link addresses of `text`: its Markdown links' and the bare ones."""
    linked = [str(token.attrGet("href")) for token in _tokens(text) if token.type == "link_open"]
    bare = [address.rstrip(".,;:!?") for address in BARE_ADDRESS.findall(_words(text))]
    return Counter(linked + bare)


def numbers(text):
    """The numbers of `text`, each as its digits alone (“2,000”, “2 000” and “2000” alike)."""
    return Counter(re.sub(r"\D", "", number) for number in NUMBER.findall(BARE_ADDRESS.sub(" ", _words(text))))


def problems(source, target):
    """Why `target` cannot stand for `source`: a list of sentences, empty when it can."""
    found = []
    before, after = structure(source), structure(target)
    if before != after:
        differences = ", ".join(
            f"{STRUCTURE[kind]} {before[kind]} → {after[kind]}" for kind in STRUCTURE if before[kind] != after[kind]
        )
        found.append(
            _("The Markdown structure differs from the English (%(differences)s).") % {"differences": differences}
        )
    missing = addresses(source) - addresses(target)
    if missing:
        found.append(_("Links of the English are missing: %(links)s.") % {"links": ", ".join(sorted(missing))})
    missing = numbers(source) - numbers(target)
    if missing:
        found.append(_("Numbers of the English are missing: %(numbers)s.") % {"numbers": ", ".join(sorted(missing))})
    return found
