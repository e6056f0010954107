"""Every interface string is translated, and the compiled catalogs are current."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from translate.filters import checks
from translate.storage import factory

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"

# translate-toolkit's checks (pofilter) that a good translation never fails:
# placeholders, markup, spacing and punctuation as the target language writes them.
SUSPICIOUS = [
    "variables",
    "printf",
    "pythonbraceformat",
    "xmltags",
    "escapes",
    "newlines",
    "startwhitespace",
    "endwhitespace",
    "doublespacing",
    "puncspacing",
    "endpunc",
    "doublequoting",
    "urls",
    "emails",
    "numbers",
    "unchanged",
]


def catalog_path(language, locale=LOCALE):
    return locale / language / "LC_MESSAGES" / "django.po"


def messages(po_file):
    """translate-toolkit's units of a catalog: every message but the header and obsolete ones."""
    # (translate-toolkit reads a path only as a string: a Path object reads as an empty catalog.)
    units = factory.getobject(str(po_file)).units
    return [unit for unit in units if unit.source and not unit.isheader() and not unit.isobsolete()]


def strings(unit):
    """The translation's strings: one, or one per plural form."""
    return list(unit.target.strings) if unit.hasplural() else [str(unit.target)]


def key(unit):
    """What gettext looks a message up by: its context and its English (singular)."""
    return unit.getcontext(), str(unit.source.strings[0]) if unit.hasplural() else str(unit.source)


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalog = messages(catalog_path(language))

    assert len(catalog) > 100
    assert [key(unit) for unit in catalog if unit.isfuzzy()] == []
    assert [key(unit) for unit in catalog if not all(strings(unit))] == []


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_compiled_catalog_matches_the_sources(language):
    with open(catalog_path(language).with_suffix(".mo"), "rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    def compiled_strings(unit):
        context, english = key(unit)
        if unit.hasplural():
            plural = str(unit.source.strings[1])
            # One and two: the singular and plural forms in English, Spanish and French.
            if context:
                return [translations.npgettext(context, english, plural, count) for count in (1, 2)]
            return [translations.ngettext(english, plural, count) for count in (1, 2)]
        return [translations.pgettext(context, english) if context else translations.gettext(english)]

    stale = [key(unit) for unit in messages(catalog_path(language)) if compiled_strings(unit) != strings(unit)]

    assert stale == []


def test_makemessages_finds_nothing_new(tmp_path):
    """Every translatable string in the code and templates is already in the catalogs."""
    root = Path(settings.BASE_DIR)
    for name in ("aiarthritis", "diseases", "templates", "locale"):
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--all", "--no-location", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )

    for language in TRANSLATED_LANGUAGES:
        committed = {key(unit) for unit in messages(catalog_path(language))}
        extracted = {key(unit) for unit in messages(catalog_path(language, tmp_path / "locale"))}
        assert extracted - committed == set(), language


def glossary_table(heading):
    """The table under `## heading` in the glossary: (its header's cells, its rows' cells)."""
    section = GLOSSARY.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("|")]
    header, _rule, *body = [[cell.strip() for cell in row] for row in rows]
    return header, body


def forms_pattern(cell):
    """A regular expression for a glossary cell: comma-separated forms, a trailing `*` for any ending."""
    forms = [form.strip() for form in cell.split(",")]
    alternatives = [re.escape(form[:-1]) + r"\w*" if form.endswith("*") else re.escape(form) + r"\b" for form in forms]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def without_placeholders(text):
    return re.sub(r"%\(\w+\)[sd]|\{\w*\}", " ", text)


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalog_passes_msgfmt_check(language):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext is missing: `make test` installs it"
    checked = subprocess.run(  # noqa: S603 - gettext's own tool, on our catalog
        [msgfmt, "--check", "--output-file", os.devnull, catalog_path(language)], capture_output=True, text=True
    )

    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_no_translation_is_suspicious(language):
    """Placeholders, tags, numbers and addresses kept; spacing, quotes and punctuation as the language writes them."""
    written_as_in_english = {
        word.strip()
        for code, words in glossary_table("Written as in English")[1]
        if code == language
        for word in words.split(",")
    }
    # Spanish writes “2000” for the English “2,000”, which the spacing check takes for a missing space.
    tests = [test for test in SUSPICIOUS if not (language == "es" and test == "puncspacing")]
    checker = checks.StandardChecker(checkerconfig=checks.CheckerConfig(targetlanguage=language), limitfilters=tests)

    units = messages(catalog_path(language))
    assert len(units) > 100

    suspicious = {}
    for unit in units:
        failures = set(checker.run_filters(unit))
        words = re.findall(r"[^\W\d_]+", without_placeholders(unit.source))
        if unit.source in written_as_in_english or not words:
            failures.discard("unchanged")
        if language == "fr" and re.search(r" [:;?!»]|« ", str(unit.target)):
            failures.add("a breaking space where French has a no-break space")
        if failures:
            suspicious[unit.source] = sorted(failures)

    assert suspicious == {}


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_the_glossary_terms_are_used_everywhere(language):
    header, rows = glossary_table("Terms")
    column = next(index for index, name in enumerate(header) if name.endswith(f"({language})"))
    terms = [(forms_pattern(row[0]), forms_pattern(row[column]), row[0]) for row in rows]

    departures = [
        (english_term, key(unit))
        for unit in messages(catalog_path(language))
        for english, translated, english_term in terms
        if english.search(without_placeholders(key(unit)[1]))
        and not all(translated.search(without_placeholders(string)) for string in strings(unit))
    ]

    assert departures == []
