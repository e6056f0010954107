"""
How hard a text is to read: a reading-ease figure for each site language,
with the formula made for that language, against the charity's target
(`settings.READING_EASE_TARGET`; health bodies aim at plain language, NHS.UK
at a reading age of 9 to 11).

- English: Flesch reading ease (Flesch, 1948).
- Spanish: Szigriszt-Pazos perspicuity, read on the INFLESZ scale, which was
  validated on texts for patients (Barrio-Cantalejo et al., 2008).
- French: Kandel and Moles' adaptation of Flesch (1958).

All three run from about 0 (very hard) to 100 (very easy), with plain text
at about 60. Syllables are counted with vowel groups in English and with
pyphen's hyphenation dictionaries in Spanish and French; everything runs
here, nothing is fetched. (textstat counts English syllables with NLTK's
CMU dictionary, which it downloads at run time: not something a server
behind a strict firewall can do.)
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pyphen
from django.conf import settings
from django.utils.html import strip_tags

from . import languages, parts
from .markup import render_markdown

# Shorter texts (a name, a two-word symptom) get no figure: a formula says nothing about them.
MIN_WORDS = 5

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?…;:]+(?=\s|$)|\n+")
ENGLISH_VOWELS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Counts:
    words: int = 0
    sentences: int = 0
    syllables: int = 0

    def __add__(self, other):
        return Counts(self.words + other.words, self.sentences + other.sentences, self.syllables + other.syllables)


@dataclass(frozen=True)
class Figure:
    score: int  # 0 (very hard) to 100 (very easy)
    target: int
    formula: str
    words: int

    @property
    def meets_target(self):
        return self.score >= self.target


def english_syllables(word):
    """Vowel groups, less a silent final e; at least one."""
    word = word.lower()
    count = len(ENGLISH_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        count -= 1
    return max(count, 1)


@cache
def _dictionary(language):
    return pyphen.Pyphen(lang=language, left=1, right=1)


def hyphenated_syllables(word, language):
    """Hyphenation points, plus one."""
    return len(_dictionary(language).positions(word.lower())) + 1


# Each language's formula, from `languages`; how it counts syllables.
FORMULAS = languages.READING_EASE_FORMULAS
SYLLABLES = {
    "vowel groups": lambda word, language: english_syllables(word),
    "hyphenation": hyphenated_syllables,
}


# The same texts are measured again and again (each field as the form draws
# it, the whole page for its figures): what a text measures never changes.
@lru_cache(maxsize=4096)
def measure(text, language):
    """Words, sentences and syllables of a plain text in `language`."""
    if languages.reading_ease_formula(language) is None or not text:
        return Counts()
    words = WORD.findall(text)
    if not words:
        return Counts()
    sentences = sum(1 for chunk in SENTENCE_END.split(text) if WORD.search(chunk))
    syllables = SYLLABLES[FORMULAS[language].syllables]
    return Counts(len(words), max(sentences, 1), sum(syllables(word, language) for word in words))


def figure(counts, language):
    """The reading ease of texts with these counts, or None when there is too little to judge."""
    formula = languages.reading_ease_formula(language)
    if formula is None or counts.words < MIN_WORDS:
        return None
    score = round(min(max(formula.score(counts), 0), 100))
    return Figure(score=score, target=settings.READING_EASE_TARGET, formula=str(formula.name), words=counts.words)


@lru_cache(maxsize=1024)
def plain_text(value, markdown=False):
    """What a visitor reads of a field's value: Markdown without its markup."""
    return strip_tags(render_markdown(value)) if markdown else value


def text_figure(text, language, markdown=False):
    return figure(measure(plain_text(text, markdown), language), language)


def prose_fields(part):
    """The translated fields of a part that hold sentences (long text), not names or titles."""
    return [name for name in part.translated if part.model._meta.get_field(name).get_internal_type() == "TextField"]


# (model name, field) of every field written in Markdown, as `parts` declares them.
MARKDOWN_FIELDS = {(part.model._meta.model_name, name) for part in parts.all_parts() for name in part.markdown}


def is_markdown(model, field_name):
    return (model._meta.model_name, field_name) in MARKDOWN_FIELDS


def page_figures(document, languages):
    """{language: Figure or None} for all the prose of a page document, as visitors read it."""
    totals = dict.fromkeys(languages, Counts())

    def visit(part, row):
        for name in prose_fields(part):
            for language in languages:
                text = (row.get(name) or {}).get(language) or ""
                totals[language] += measure(plain_text(text, is_markdown(part.model, name)), language)
        for child in part.children:
            for item in child.items(row.get(child.key)):
                visit(child, item)

    for top in parts.DOCUMENT:
        for row in top.items(document.get(top.key)):
            visit(top, row)
    return {language: figure(counts, language) for language, counts in totals.items()}
