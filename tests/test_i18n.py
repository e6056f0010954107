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


def unquote(lines):
    return (
        "".join(re.match(r'^(?:msg\w+(?:\[\d\])? )?"(.*)"$', line).group(1) for line in lines)
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


def entries(po_file):
    """(msgid, [msgstr…], flags) for every entry but the header."""
    for block in po_file.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r"^(msg\w+(?:\[\d\])?) ", line)
            if match:
                current = match.group(1)
                fields[current] = [line]
            elif current:
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        msgid = unquote(fields["msgid"])
        if not msgid:
            continue
        strings = [unquote(value) for key, value in fields.items() if key.startswith("msgstr")]
        yield msgid, strings, flags


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalog = list(entries(LOCALE / language / "LC_MESSAGES" / "django.po"))

    assert len(catalog) > 100
    assert [msgid for msgid, strings, flags in catalog if "fuzzy" in flags] == []
    assert [msgid for msgid, strings, flags in catalog if not all(strings)] == []


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_compiled_catalog_matches_the_sources(language):
    directory = LOCALE / language / "LC_MESSAGES"
    with open(directory / "django.mo", "rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    stale = [
        msgid
        for msgid, strings, _flags in entries(directory / "django.po")
        if len(strings) == 1 and translations.gettext(msgid) != strings[0]
    ]

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
        path = Path("LC_MESSAGES") / "django.po"
        committed = {msgid for msgid, _strings, _flags in entries(LOCALE / language / path)}
        extracted = {msgid for msgid, _strings, _flags in entries(tmp_path / "locale" / language / path)}
        assert extracted - committed == set(), language


def catalog_path(language):
    return LOCALE / language / "LC_MESSAGES" / "django.po"


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

    # (translate-toolkit reads a path only as a string: a Path object reads as an empty catalog.)
    units = [unit for unit in factory.getobject(str(catalog_path(language))).units if unit.source]
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
        (english_term, msgid)
        for msgid, strings, _flags in entries(catalog_path(language))
        for english, translated, english_term in terms
        if english.search(without_placeholders(msgid))
        and not all(translated.search(without_placeholders(string)) for string in strings)
    ]

    assert departures == []
