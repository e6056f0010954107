"""
The site's languages, and what each of them needs that is not a translation.

The site's languages are `settings.LANGUAGES`, English (`LANGUAGE_CODE`) the
source language every translation is made from. Adding a language is a
settings change, a migration and a catalog; the tables below say how each
language is searched, how its reading ease is measured and which number a
visitor calls in an emergency. A site language missing from one of them
still works (plain word matching, no reading-ease figure, the source
language's emergency number), and `manage.py check` names it
(`checks.check_language_tables`).
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

SOURCE_LANGUAGE = settings.LANGUAGE_CODE

# PostgreSQL's text search configuration of each language: its stemming and stop words.
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french"}
# PostgreSQL's configuration without stemming, for a language it has none for.
PLAIN_TEXT_SEARCH_CONFIG = "simple"


@dataclass(frozen=True)
class Formula:
    """A reading-ease formula: base − a × words per sentence − b × syllables per word."""

    name: str
    base: float
    per_word_in_sentence: float  # times the words per sentence
    per_syllable_in_word: float  # times the syllables per word
    syllables: str  # how syllables are counted: "vowel groups", or "hyphenation" with the language's dictionary

    def score(self, counts):
        return (
            self.base
            - self.per_word_in_sentence * counts.words / counts.sentences
            - self.per_syllable_in_word * counts.syllables / counts.words
        )


# The formula made for each language (see `readability`).
READING_EASE_FORMULAS = {
    "en": Formula(_("Flesch reading ease"), 206.835, 1.015, 84.6, "vowel groups"),
    "es": Formula(_("Szigriszt-Pazos perspicuity (INFLESZ)"), 206.835, 1.0, 62.3, "hyphenation"),
    "fr": Formula(_("Kandel and Moles reading ease"), 207.0, 1.015, 73.6, "hyphenation"),
}


def site_languages():
    """The codes of the site's languages, the source language first as settings list it."""
    return [code for code, _name in settings.LANGUAGES]


@functools.cache
def column(field, language):
    """The attribute holding `field`'s text in `language` (modeltranslation's `field_es`), named once."""
    return build_localized_fieldname(field, language)


def translated_languages():
    """The site's languages that are translations of the source language."""
    return [code for code in site_languages() if code != SOURCE_LANGUAGE]


def language_name(code):
    """The name of the site language `code`, in the language being read (“Spanish”, “espagnol”)."""
    return get_language_info(code)["name_translated"]


def text_search_config(language):
    """PostgreSQL's text search configuration for `language`."""
    return TEXT_SEARCH_CONFIGS.get(language, PLAIN_TEXT_SEARCH_CONFIG)


def reading_ease_formula(language):
    """The reading-ease formula of `language`, or None when it has none."""
    return READING_EASE_FORMULAS.get(language)


def emergency_number(language):
    """The number a visitor reading `language` calls in an emergency (`settings.EMERGENCY_NUMBERS`)."""
    numbers = settings.EMERGENCY_NUMBERS
    return numbers.get(language) or numbers.get(SOURCE_LANGUAGE, "")


def language_tables():
    """{what a table gives a language: the languages it has} for each per-language table, for the system check."""
    return {
        "TEXT_SEARCH_CONFIGS (search stemming)": TEXT_SEARCH_CONFIGS,
        "READING_EASE_FORMULAS (reading ease)": READING_EASE_FORMULAS,
        "settings.EMERGENCY_NUMBERS (the emergency number of “When to get help”)": settings.EMERGENCY_NUMBERS,
    }
