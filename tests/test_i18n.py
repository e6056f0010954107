"""Every interface string is translated, and the compiled catalogs are current."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


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
    import shutil
    import subprocess
    import sys

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
