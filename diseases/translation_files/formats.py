"""
Translation files in the formats translators' tools read and write: PO
(gettext), XLIFF 1.2 and XLIFF 2.0, written and read with translate-toolkit.

Each unit carries its stable id (PO: `msgctxt` and the `#:` location, which
survive translate-toolkit's `po2xliff` and `xliff2po`; XLIFF: the unit's id),
the English source, a note naming the page, part and field, the glossary terms
the English uses, and, for an outdated translation, the English it was
written against with that translation to start from:
- PO: `#| msgid` (previous msgid), the translation as `msgstr`, marked fuzzy,
  as `msgmerge` leaves an entry whose English changed;
- XLIFF 1.2: `<alt-trans alttranstype="previous-version">` holding the
  previous English and its translation, the target `needs-review-translation`;
- XLIFF 2.0: a `<note category="previous-source">`, the segment `initial`.
XML is parsed with translate-toolkit's parser, which never expands entities
nor reads the network; a file that declares a DTD is refused outright.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from lxml import etree
from translate.misc.xml_helpers import parse_xml
from translate.storage import pypo, xliff, xliff2

from .units import ID_PATTERN

PO = "po"
XLIFF_12 = "xliff-1.2"
XLIFF_20 = "xliff-2.0"
FORMATS = {
    # Names of formats, the same in every language.
    PO: ("PO (gettext)", "po", "text/x-gettext-translation"),
    XLIFF_12: ("XLIFF 1.2", "xlf", "application/xliff+xml"),
    XLIFF_20: ("XLIFF 2.0", "xlf", "application/xliff+xml"),
}
FILE_NAME = "disease-pages"
XLIFF_12_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
# XLIFF 1.2 target states that say the translation is not done yet.
UNFINISHED_12 = {
    "new",
    "needs-translation",
    "needs-review-translation",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-adaptation",
    "needs-review-l10n",
}
GETTEXT_HEADER = "x-gettext-domain-header"


class FileRefused(Exception):
    """A file that cannot be read as a translation file: the message says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class ReadUnit:
    id: str
    source: str
    target: str
    unfinished: bool  # marked fuzzy, or as needing translation or review


@dataclass
class ReadFile:
    format: str
    language: str
    units: list


def notes(unit):
    """The context line, then one line per glossary term the English uses."""
    lines = [unit.context]
    for term in unit.glossary:
        line = f"Glossary: {term.term} → {term.translation}"
        lines.append(f"{line} ({term.note})" if term.note else line)
    return lines


def write(units, language, file_format, translator=""):
    """The units (`units.Unit`) as a file of `file_format` into `language`, as bytes."""
    return {PO: _write_po, XLIFF_12: _write_xliff_12, XLIFF_20: _write_xliff_20}[file_format](
        units, language, translator
    )


def _write_po(units, language, translator):
    store = pypo.pofile()
    store.init_headers(
        charset="UTF-8",
        encoding="8bit",
        project_id_version="AiArthritis disease pages",
        po_revision_date=timezone.now().strftime("%Y-%m-%d %H:%M%z"),
        last_translator=translator or "AiArthritis",
        language_team=language,
        language=language,
        x_generator="AiArthritis",
    )
    for unit in units:
        entry = store.addsourceunit(unit.source)
        entry.setcontext(unit.id)
        entry.addlocation(unit.id)
        entry.addnote("\n".join(notes(unit)), origin="developer")
        entry.target = unit.target
        if unit.outdated:
            entry.prev_source = unit.previous_source
            entry.markfuzzy(True)
    return bytes(store)


class _Xliff12Unit(xliff.xliffunit):
    namespace = XLIFF_12_NAMESPACE


class _Xliff12File(xliff.xlifffile):
    UnitClass = _Xliff12Unit
    namespace = XLIFF_12_NAMESPACE
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{XLIFF_12_NAMESPACE}'>
<file original='{FILE_NAME}' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""


def _write_xliff_12(units, language, translator):
    store = _Xliff12File(sourcelanguage="en")
    store.settargetlanguage(language)
    for unit in units:
        entry = store.addsourceunit(unit.source, filename=FILE_NAME)
        entry.setid(unit.id)
        if unit.target:
            entry.target = unit.target
            target = entry.xmlelement.find(entry.namespaced("target"))
            target.set("state", "needs-review-translation" if unit.outdated else "translated")
        entry.xmlelement.attrib.pop("approved", None)
        for line in notes(unit):
            entry.addnote(line, origin="developer")
        if unit.outdated:
            entry.addalttrans(unit.target, sourcetxt=unit.previous_source, origin="previous")
            entry.xmlelement.find(entry.namespaced("alt-trans")).set("alttranstype", "previous-version")
        # Kept through `xliff2po` as the PO entry's location.
        entry.addlocation(unit.id)
    return bytes(store)


def _write_xliff_20(units, language, translator):
    store = xliff2.Xliff2File(sourcelanguage="en")
    store.settargetlanguage(language)
    for unit in units:
        entry = store.addsourceunit(unit.source)
        entry.setid(unit.id)
        if unit.target:
            entry.target = unit.target
        segment = entry.xmlelement
        segment.set("state", "initial" if unit.outdated or not unit.target else "translated")
        element = entry.getunitelement()
        # XLIFF 2.0 puts notes before the segments, and xml:space on the unit.
        space = segment.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
        if space:
            element.set("{http://www.w3.org/XML/1998/namespace}space", space)
        container = etree.Element(entry.namespaced("notes"))
        element.insert(0, container)
        lines = notes(unit)
        _note(entry, container, "context", lines[0])
        for line in lines[1:]:
            _note(entry, container, "glossary", line)
        if unit.outdated:
            _note(entry, container, "previous-source", unit.previous_source)
    return bytes(store)


def _note(entry, container, category, text):
    note = etree.SubElement(container, entry.namespaced("note"))
    note.set("category", category)
    note.text = text


def read(data):
    """The language and units of a translation file (bytes); raises `FileRefused` saying what is wrong."""
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return _read_xliff(data)
    return _read_po(data)


def _unit_id(candidates):
    """The first of a unit's names that has the form of a unit id, else its first name."""
    candidates = [str(candidate) for candidate in candidates if candidate]
    return next((name for name in candidates if ID_PATTERN.match(name)), candidates[0] if candidates else "")


def _read_po(data):
    try:
        store = pypo.pofile.parsestring(data)
    except (ValueError, UnicodeError, LookupError) as error:
        raise FileRefused(_("This is not a PO file that can be read: %(error)s") % {"error": error}) from None
    units = [
        ReadUnit(
            id=_unit_id([entry.getcontext(), *entry.getlocations()]),
            source=str(entry.source),
            target=str(entry.target or ""),
            unfinished=entry.isfuzzy(),
        )
        for entry in store.units
        if not entry.isheader() and not entry.isobsolete()
    ]
    return ReadFile(PO, store.gettargetlanguage() or "", units)


def _read_xliff(data):
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError as error:
        raise FileRefused(_("This file is not well-formed XML: %(error)s") % {"error": error}) from None
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise FileRefused(_("This file declares a DTD or entities, which translation files never need."))
    if etree.QName(root).localname != "xliff":
        raise FileRefused(_("This is neither a PO file nor an XLIFF file."))
    version = root.get("version", "")
    try:
        if version.startswith("2."):
            return _read_xliff_20(xliff2.Xliff2File.parsestring(data))
        return _read_xliff_12(xliff.xlifffile.parsestring(data))
    except (ValueError, StopIteration, AssertionError, etree.XMLSyntaxError) as error:
        raise FileRefused(_("This XLIFF file cannot be read: %(error)s") % {"error": error}) from None


def _read_xliff_12(store):
    units = []
    for entry in store.units:
        if entry.getrestype() == GETTEXT_HEADER:
            continue
        target = entry.xmlelement.find(entry.namespaced("target"))
        state = target.get("state", "") if target is not None else ""
        units.append(
            ReadUnit(
                id=_unit_id([entry.xmlelement.get("id"), *entry.getlocations()]),
                source=str(entry.source or ""),
                target=str(entry.target or ""),
                unfinished=not entry.isapproved() and state in UNFINISHED_12,
            )
        )
    return ReadFile(XLIFF_12, store.gettargetlanguage() or "", units)


def _read_xliff_20(store):
    units = [
        ReadUnit(
            id=entry.getid() or "",
            source=str(entry.source or ""),
            target=str(entry.target or ""),
            unfinished=entry.isfuzzy(),
        )
        for entry in store.units
    ]
    return ReadFile(XLIFF_20, store.gettargetlanguage() or "", units)
