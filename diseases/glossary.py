"""
The medical glossary at work: which approved terms a text uses, and whether
a translation keeps to them. A term matches as a whole word or phrase,
whatever its case or accents, each of its words with or without a plural
ending (“douleurs articulaires” uses “douleur articulaire”).
"""

import functools
import re

from .folding import fold
from .models import GlossaryTerm

PLURAL_ENDINGS = "(?:s|es|x)?"


@functools.lru_cache(maxsize=1024)
def _pattern(phrase):
    words = [re.escape(word) + PLURAL_ENDINGS for word in fold(phrase).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def uses(text, phrase):
    """Whether `text` uses `phrase` as a whole word or phrase, folding case and accents."""
    return _folded_uses(fold(text or ""), phrase)


def _folded_uses(folded, phrase):
    return bool(phrase.strip()) and _pattern(phrase).search(folded) is not None


def terms_in(text, language, terms=None):
    """
    The glossary terms of `language` that the English `text` uses, in the
    glossary's order (`terms`: the glossary, when already read).
    """
    if terms is None:
        terms = GlossaryTerm.objects.filter(language=language)
    folded = fold(text or "")
    return [term for term in terms if term.language == language and _folded_uses(folded, term.term)]


def missing_translations(source, target, language, terms=None):
    """The terms `source` uses whose approved translation `target` lacks."""
    return [term for term in terms_in(source, language, terms) if not uses(target, term.translation)]
