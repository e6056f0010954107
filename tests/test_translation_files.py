"""
Translating with files: pages exported as PO, XLIFF 1.2 and XLIFF 2.0,
filled in with translate-toolkit (a translator's tool's library), checked
with gettext's `msgfmt`, imported back unit by unit checked, as an edit that
goes through medical review before the public reads it.
"""

import html
import io
import os
import shutil
import subprocess
import time

import pytest
import reversion
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from modeltranslation.utils import build_localized_fieldname
from translate.convert import po2xliff, xliff2po
from translate.storage import pypo, xliff, xliff2

from diseases import glossary, parts, translation_files, translation_status, workflow
from diseases.models import ContentEdit, Disease, Fact, GlossaryTerm, Section, Symptom
from diseases.translation_files import checks, formats, units

from .factories import approved_by, edit, make_disease

pytestmark = pytest.mark.django_db

FORMATS = (formats.PO, formats.XLIFF_12, formats.XLIFF_20)


def export(language="es", file_format=formats.PO, slugs=("cno-crmo",), needing_work_only=False):
    return translation_files.export(language, file_format, list(slugs), needing_work_only=needing_work_only)


def store_of(data, file_format):
    if file_format == formats.PO:
        return pypo.pofile.parsestring(data)
    if file_format == formats.XLIFF_12:
        return xliff.xlifffile.parsestring(data)
    return xliff2.Xliff2File.parsestring(data)


def unit_id(entry, file_format):
    if file_format == formats.PO:
        return entry.getcontext()
    if file_format == formats.XLIFF_12:
        return entry.xmlelement.get("id")
    return entry.getid()


def translate(data, file_format, translations):
    """A translator's tool at work: `translations` {unit id: text} filled in and marked done; bytes back."""
    store = store_of(data, file_format)
    for entry in store.units:
        if entry.isheader() or unit_id(entry, file_format) not in translations:
            continue
        entry.target = translations[unit_id(entry, file_format)]
        if file_format == formats.XLIFF_12:
            entry.markfuzzy(False)
            entry.xmlelement.find(entry.namespaced("target")).set("state", "translated")
        else:
            entry.markfuzzy(False)
    return bytes(store)


def msgfmt_check(data, tmp_path):
    path = tmp_path / "es.po"
    path.write_bytes(data)
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext is missing: `make test` installs it"
    result = subprocess.run(  # noqa: S603 - gettext's checker, on a file the test wrote
        [msgfmt, "--check", "--output-file", os.devnull, str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def public_text(client, slug="cno-crmo", language="es"):
    with translation.override(language):
        url = reverse("diseases:detail", kwargs={"slug": slug})
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def key(row, field):
    return units.unit_id(row, field)


def spanish(row, field):
    row.refresh_from_db()
    return getattr(row, build_localized_fieldname(field, "es"))


def fact_of(disease):
    return Fact.objects.filter(disease=disease).order_by("order", "pk").first()


MARKDOWN = {
    "en": "## Tests\n\nDoctors look at:\n\n- blood tests (ESR and CRP)\n- an MRI of 2 areas\n\n"
    "See [the guide](https://example.org/guide).",
    "es": "## Pruebas\n\nLos médicos miran:\n\n- análisis de sangre (VSG y PCR)\n- una RM de 2 zonas\n\n"
    "Vea [la guía](https://example.org/guide).",
    "fr": "## Examens\n\nLes médecins regardent\u00a0:\n\n- analyses de sang (VS et CRP)\n- une IRM de 2 zones\n\n"
    "Voir [le guide](https://example.org/guide).",
}


def section_with_list(disease, user=None):
    """The page's section, written in Markdown with a heading, a list and a link in every language."""
    section = Section.objects.filter(disease=disease).first()
    with workflow.editing(user):
        for language, body in MARKDOWN.items():
            setattr(section, build_localized_fieldname("body", language), body)
        section.save()
    return section


# Export: one unit per text, found by walking the page's parts.


def expected_ids(disease):
    page = translation_files.pages([disease.slug])[0]
    rows = translation_status.page_rows(page, units.documents.shared_groups())
    return {
        key(row, field)
        for row in rows
        for field in translation_status.translated_fields(type(row))
        if units.text(row, field, "en").strip()
    }


@pytest.mark.parametrize("file_format", FORMATS)
def test_export_holds_one_unit_per_text_of_the_page_its_shared_groups_and_references(demo, file_format):
    store = store_of(export(file_format=file_format), file_format)
    ids = [unit_id(entry, file_format) for entry in store.units if not entry.isheader()]

    assert len(ids) == len(set(ids))
    assert set(ids) == expected_ids(demo)
    assert any(name.startswith("diseases.symptomgroup:") for name in ids)
    assert any(name.startswith("diseases.reference:") for name in ids)


@pytest.mark.parametrize("file_format", FORMATS)
def test_each_unit_carries_its_english_intact_and_names_its_page_part_and_field(demo, file_format):
    section = section_with_list(demo)
    store = store_of(export(file_format=file_format), file_format)
    entry = next(entry for entry in store.units if unit_id(entry, file_format) == key(section, "body"))

    assert str(entry.source) == section.body_en  # Markdown, line breaks and all
    if file_format == formats.XLIFF_20:
        # XLIFF 2.0 holds notes on the unit, before its segment.
        notes = "".join(entry.getunitelement().find(entry.namespaced("notes")).itertext())
    else:
        notes = entry.getnotes("developer")
    assert "CNO/CRMO" in notes and "Section “" in notes and "body" in notes


def test_outdated_only_exports_the_missing_and_outdated_texts_with_the_english_then(demo, editor, tmp_path):
    fact = fact_of(demo)
    before, spanish_before = fact.text_en, fact.text_es
    with workflow.editing(editor):
        fact.text_en = "CNO/CRMO is rarer than 1 in 10,000 children."
        fact.save()
    symptom = Symptom.objects.filter(group__disease=demo).first()
    Symptom.objects.filter(pk=symptom.pk).update(text_es="")

    data = export(needing_work_only=True)
    store = pypo.pofile.parsestring(data)
    entries = {entry.getcontext(): entry for entry in store.units if not entry.isheader()}

    assert set(entries) == {key(fact, "text"), key(symptom, "text")}
    outdated = entries[key(fact, "text")]
    assert outdated.prev_source == before and outdated.isfuzzy() and outdated.target == spanish_before
    assert "\n#| msgid " in data.decode()
    assert entries[key(symptom, "text")].target == ""
    msgfmt_check(data, tmp_path)


def test_xliff_carries_the_english_then_of_an_outdated_text(demo, editor):
    fact = fact_of(demo)
    before = fact.text_en
    with workflow.editing(editor):
        fact.text_en = "CNO/CRMO is rare."
        fact.save()

    old = xliff.xlifffile.parsestring(export(file_format=formats.XLIFF_12, needing_work_only=True))
    (entry,) = [entry for entry in old.units if entry.xmlelement.get("id") == key(fact, "text")]
    (alternative,) = entry.xmlelement.findall(entry.namespaced("alt-trans"))
    assert alternative.get("alttranstype") == "previous-version"
    assert alternative.find(entry.namespaced("source")).text == before

    new = export(file_format=formats.XLIFF_20, needing_work_only=True).decode()
    assert f'<note category="previous-source">{before}</note>' in new
    assert 'state="initial"' in new


@pytest.mark.parametrize("file_format", FORMATS)
def test_exported_units_carry_the_glossary_terms_they_use(demo, file_format):
    data = export(file_format=file_format).decode()

    assert "Glossary: osteomyelitis → osteomielitis" in data
    if file_format == formats.PO:
        assert "#. Glossary: osteomyelitis → osteomielitis" in data


@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"), min_size=1
    ).filter(str.strip)
    | st.sampled_from(["## Title\n\n- one\n- [two](https://example.org/a?b=1&c=2)\n\n1. *three* <b>4</b>"])
)
@settings(max_examples=60, deadline=None)
def test_every_format_keeps_any_text_exactly(text):
    unit = units.Unit(id="diseases.fact:1:text", source=text, target=text, context="Fact")
    for file_format in FORMATS:
        read = formats.read(formats.write([unit], "es", file_format))
        assert [(found.id, found.source, found.target) for found in read.units] == [(unit.id, text, text)]


@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
@settings(max_examples=150, deadline=None)
def test_any_text_passes_the_checks_against_itself(text):
    assert checks.problems(text, text) == []


def test_numbers_are_compared_whatever_the_language_groups_them_by():
    assert checks.problems("2,000 children, 1.5%", "2000 niños, 1,5 %") == []
    assert checks.problems("2,000 children", "2 000 enfants") == []
    assert checks.problems("2,000 children", "200 enfants") == ["Numbers of the English are missing: 2000."]


# The round trip: export, a translator's tool, import, medical review, the public page.


def test_po_round_trip_through_msgfmt_import_review_and_the_public_page(
    client, demo, editor, other_editor, reviewer, tmp_path
):
    approved_by(demo, editor, reviewer)
    fact = fact_of(demo)
    with workflow.editing(editor):
        fact.text_en = "CNO/CRMO is rarer than 1 in 10,000 children."
        fact.save()
    versions_before = reversion.models.Version.objects.get_for_object(demo).count()
    data = export(needing_work_only=True)

    translated = translate(
        data, formats.PO, {key(fact, "text"): "La CNO/CRMO afecta a menos de 1 de cada 10 000 niños."}
    )
    msgfmt_check(translated, tmp_path)
    path = tmp_path / "es.po"
    path.write_bytes(translated)
    out = io.StringIO()
    call_command("import_translations", str(path), user=other_editor.username, stdout=out)

    assert f"Applied: {key(fact, 'text')}" in out.getvalue()
    assert spanish(fact, "text") == "La CNO/CRMO afecta a menos de 1 de cada 10 000 niños."
    assert translation_status.field_status(fact, "text", "es") == translation_status.COMPLETE
    assert translation_status.field_status(fact, "text", "fr") == translation_status.OUTDATED
    demo.refresh_from_db()
    assert demo.status == Disease.Status.DRAFT
    versions = reversion.models.Version.objects.get_for_object(demo)
    assert versions.count() == versions_before + 1
    assert versions.first().revision.user == other_editor
    assert ContentEdit.objects.filter(object_id=demo.pk, user=other_editor).exists()
    assert "menos de 1 de cada 10 000" not in public_text(client)

    demo.submit_for_review(editor)
    demo.approve(reviewer, languages=["en", "es"])

    assert "La CNO/CRMO afecta a menos de 1 de cada 10 000 niños." in public_text(client)


@pytest.mark.parametrize("file_format", [formats.XLIFF_12, formats.XLIFF_20])
def test_xliff_round_trip_through_import_and_review(client, demo, editor, other_editor, reviewer, file_format):
    approved_by(demo, editor, reviewer)
    symptom = Symptom.objects.filter(group__disease=demo).first()
    data = export(file_format=file_format)

    translated = translate(data, file_format, {key(symptom, "text"): f"{symptom.text_es} (revisado)"})
    report = translation_files.import_file(translated, other_editor)

    assert [outcome.id for outcome in report.applied] == [key(symptom, "text")]
    assert report.format == file_format and not report.failed
    demo.submit_for_review(editor)
    demo.approve(reviewer)
    assert f"{spanish(symptom, 'text')}" in public_text(client)
    assert spanish(symptom, "text").endswith("(revisado)")


def test_round_trip_through_po2xliff_and_xliff2po(demo, other_editor, tmp_path):
    """A PO file converted to XLIFF for a CAT tool and back keeps its units' ids."""
    fact = fact_of(demo)
    as_xliff = po2xliff.po2xliff().convertstore(pypo.pofile.parsestring(export()))
    store = xliff.xlifffile.parsestring(as_xliff)
    for entry in store.units:
        if entry.getlocations() == [key(fact, "text")]:
            entry.target = "Un dato revisado sobre la CNO/CRMO."
            entry.markfuzzy(False)
    back = bytes(xliff2po.xliff2po().convertstore(bytes(store)))
    msgfmt_check(back, tmp_path)

    report = translation_files.import_file(back, other_editor)

    assert [outcome.id for outcome in report.applied] == [key(fact, "text")]
    assert spanish(fact, "text") == "Un dato revisado sobre la CNO/CRMO."


def test_an_import_is_one_revision_per_page_and_per_shared_group(demo, other_editor):
    second = make_disease(slug="second")
    shared_symptom = Symptom.objects.filter(group__disease__isnull=True).first()
    fact, other_fact = fact_of(demo), fact_of(second)
    data = export(slugs=("cno-crmo", "second"))
    translated = translate(
        data,
        formats.PO,
        {
            key(fact, "text"): f"{fact.text_es} Nuevo.",
            key(demo, "definition"): f"{demo.definition_es} Nuevo.",
            key(other_fact, "text"): f"{other_fact.text_es} Nuevo.",
            key(shared_symptom, "text"): f"{shared_symptom.text_es} Nuevo.",
        },
    )
    revisions = reversion.models.Revision.objects.count()

    report = translation_files.import_file(translated, other_editor)

    assert len(report.applied) == 4
    assert reversion.models.Revision.objects.count() == revisions + 3
    assert {str(owner) for owner in report.changed} == {str(demo), str(second), str(shared_symptom.group)}


def test_an_importer_who_reviews_may_not_approve_what_they_imported(demo, editor, editor_and_reviewer):
    fact = fact_of(demo)
    translated = translate(export(), formats.PO, {key(fact, "text"): "Otro dato."})
    translation_files.import_file(translated, editor_and_reviewer)
    demo.refresh_from_db()
    demo.submit_for_review(editor)

    assert workflow.four_eyes_obstacle(demo, editor_and_reviewer) is not None


# Each unit checked on its own: what is wrong is skipped and said, the rest applied.


def import_one(demo, user, row, field, target, data=None):
    data = translate(data or export(), formats.PO, {key(row, field): target})
    return translation_files.import_file(data, user)


def skipped_reasons(report):
    return {outcome.id: " ".join(map(str, outcome.reasons)) for outcome in report.skipped}


def test_unknown_ids_are_skipped(demo, other_editor):
    fact = fact_of(demo)
    data = export().decode().replace(key(fact, "text"), "diseases.advice:1:text")
    report = import_one(demo, other_editor, fact, "text", "x", data=data.encode())

    assert "names no text" in skipped_reasons(report)["diseases.advice:1:text"]
    assert report.failed


def test_ids_of_deleted_texts_are_skipped_and_the_rest_applied(demo, other_editor):
    fact = fact_of(demo)
    fact_key = key(fact, "text")
    definition = f"{demo.definition_es} Nuevo."
    data = translate(export(), formats.PO, {fact_key: "Un dato.", key(demo, "definition"): definition})
    with workflow.editing(other_editor):
        fact.delete()

    report = translation_files.import_file(data, other_editor)

    assert "deleted since" in skipped_reasons(report)[fact_key]
    assert [outcome.id for outcome in report.applied] == [key(demo, "definition")]
    assert spanish(demo, "definition") == definition


def test_a_text_whose_english_changed_since_the_export_is_skipped(demo, editor, other_editor):
    fact = fact_of(demo)
    data = export()
    edit(demo, editor)  # unrelated
    with workflow.editing(editor):
        fact.text_en = "A new English text."
        fact.save()
    spanish_before = fact.text_es

    report = import_one(demo, other_editor, fact, "text", "Un dato nuevo.", data=data)

    assert "English has changed" in skipped_reasons(report)[key(fact, "text")]
    assert spanish(fact, "text") == spanish_before and report.failed


def test_a_translation_with_another_markdown_structure_is_skipped(demo, other_editor):
    section = section_with_list(demo)
    target = section.body_es.replace("\n- ", "\n", 1)

    report = import_one(demo, other_editor, section, "body", target)

    assert "Markdown structure differs" in skipped_reasons(report)[key(section, "body")]
    assert "list items" in skipped_reasons(report)[key(section, "body")]


def test_a_translation_missing_a_link_or_a_number_of_the_english_is_skipped(demo, other_editor):
    section = section_with_list(demo)
    address = checks.addresses(section.body_en).most_common(1)[0][0]
    report = import_one(demo, other_editor, section, "body", section.body_es.replace(address, "https://example.org/"))
    assert "Links of the English are missing" in skipped_reasons(report)[key(section, "body")]

    fact = fact_of(demo)
    with workflow.editing(other_editor):
        fact.text_en = "About 1 in 2,000,000 children has CNO/CRMO; 70% are girls."
        fact.save()
    report = import_one(demo, other_editor, fact, "text", "Afecta a 1 de cada 2 000 000 niños; son niñas.")
    assert "Numbers of the English are missing: 70." in skipped_reasons(report)[key(fact, "text")]
    report = import_one(demo, other_editor, fact, "text", "Afecta a 1 de cada 2 000 000 niños; el 70 % son niñas.")
    assert [outcome.id for outcome in report.applied] == [key(fact, "text")]


def test_empty_and_unfinished_translations_are_skipped_not_applied(demo, other_editor):
    fact = fact_of(demo)
    spanish_before = fact.text_es
    store = pypo.pofile.parsestring(export())
    for entry in store.units:
        if entry.getcontext() == key(fact, "text"):
            entry.target = "Un dato que falta revisar."
            entry.markfuzzy(True)
        elif not entry.isheader():
            entry.target = ""

    report = translation_files.import_file(bytes(store), other_editor)

    assert not report.applied and not report.failed
    assert "fuzzy" in skipped_reasons(report)[key(fact, "text")]
    assert "Empty" in skipped_reasons(report)[key(demo, "definition")]
    assert spanish(fact, "text") == spanish_before


def test_a_file_in_another_language_is_refused(demo, other_editor):
    data = export(language="fr")

    assert "not into Spanish" in translation_files.import_file(data, other_editor, expected_language="es").refusal
    english = export().decode().replace('"Language: es\\n"', '"Language: en\\n"').encode()
    assert "does not name a language" in translation_files.import_file(english, other_editor).refusal


def test_a_language_the_user_may_not_edit_is_refused(demo, reviewer):
    fact = fact_of(demo)
    spanish_before = fact.text_es

    report = import_one(demo, reviewer, fact, "text", "Un dato.")

    assert "You may not change the Spanish texts" in report.refusal and report.failed
    assert spanish(fact, "text") == spanish_before


def test_an_unexpected_error_saves_nothing_of_the_file(demo, other_editor, monkeypatch):
    second = make_disease(slug="second")
    fact, other_fact = fact_of(demo), fact_of(second)
    data = translate(
        export(slugs=("cno-crmo", "second")),
        formats.PO,
        {key(fact, "text"): "Primero.", key(other_fact, "text"): "Segundo."},
    )
    saved = []
    real_save = Fact.save

    def failing_save(self, *args, **kwargs):
        if saved:
            raise RuntimeError("disk full")
        real_save(self, *args, **kwargs)
        saved.append(self)

    monkeypatch.setattr(Fact, "save", failing_save)

    with pytest.raises(RuntimeError):
        translation_files.import_file(data, other_editor)

    assert saved and spanish(fact, "text") != "Primero." and spanish(other_fact, "text") != "Segundo."
    assert not ContentEdit.objects.filter(user=other_editor).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'msgid "unterminated\nmsgstr ""\n', "not a PO file"),
        (b"<xliff version='1.2'><file></xliff>", "not well-formed XML"),
        (b"<html><body>no</body></html>", "neither a PO file nor an XLIFF file"),
        (b"\xff\xfe\x00\x01garbage", "not a PO file"),
        (b"", "holds no translation units"),
    ],
)
def test_a_malformed_file_is_refused_with_a_clear_message(demo, other_editor, data, message):
    report = translation_files.import_file(data, other_editor)

    assert message in report.refusal and report.failed


def test_a_file_above_the_size_limit_is_refused(demo, other_editor, settings):
    settings.TRANSLATION_FILE_MAX_SIZE = 1024 * 1024
    data = export() + b"\n" * (1024 * 1024)

    assert "larger than 1 MB" in translation_files.import_file(data, other_editor).refusal


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="es">
 <file id="f1"><unit id="ID"><segment><source>x</source><target>&lol9;</target></segment></unit></file>
</xliff>"""


SMALL_ENTITIES = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY word "hola"><!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="es">
 <file id="f1"><unit id="ID"><segment><source>x</source><target>&word;&secret;</target></segment></unit></file>
</xliff>"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, SMALL_ENTITIES])
def test_xml_entities_are_never_expanded(demo, other_editor, document):
    data = document.replace(b"ID", key(demo, "definition").encode())
    definition = demo.definition_es
    started = time.process_time()

    report = translation_files.import_file(data, other_editor)

    assert "entit" in report.refusal and report.failed
    assert time.process_time() - started < 5
    assert spanish(demo, "definition") == definition


# The glossary.


def test_glossary_terms_are_found_whatever_the_case_accents_and_plural(demo):
    assert [term.term for term in glossary.terms_in("Two FLARES of Osteomyelitis.", "es")] == [
        "flare",
        "osteomyelitis",
    ]
    assert glossary.uses("Douleurs articulaires", "douleur articulaire")
    assert not glossary.uses("inflammatory", "inflammation")


def test_an_import_warns_of_a_glossary_term_not_used_and_still_applies_it(demo, other_editor):
    fact = fact_of(demo)
    with workflow.editing(other_editor):
        fact.text_en = "Osteomyelitis means bone inflammation."
        fact.save()

    report = import_one(demo, other_editor, fact, "text", "La osteítis es una inflamación del hueso.")
    (applied,) = report.applied
    assert [str(warning) for warning in applied.warnings] == [
        "“osteomyelitis” is translated “osteomielitis” in the glossary."
    ]

    report = import_one(demo, other_editor, fact, "text", "La OSTEOMIELITIS es una inflamacion del hueso.")
    (applied,) = report.applied
    assert applied.warnings == []


def test_a_glossary_term_in_the_source_language_is_refused(db):
    term = GlossaryTerm(language="en", term="flare", translation="flare")

    with pytest.raises(Exception, match="source|translated from"):
        term.full_clean()


# The commands.


def test_export_command_writes_to_standard_output_or_a_file(demo, tmp_path):
    out = io.StringIO()
    call_command("export_translations", "cno-crmo", language="es", format="po", stdout=out)
    assert 'msgctxt "diseases.disease:' in out.getvalue()

    path = tmp_path / "fr.xlf"
    call_command(
        "export_translations", language="fr", format="xliff", xliff_version="2.0", outdated_only=True, output=str(path)
    )
    assert b'trgLang="fr"' in path.read_bytes()

    with pytest.raises(CommandError, match="no-such-page"):
        call_command("export_translations", "no-such-page", language="es", format="po", stdout=io.StringIO())


def test_import_command_fails_when_nothing_could_be_applied(demo, other_editor, tmp_path):
    path = tmp_path / "bad.po"
    path.write_bytes(b"<xliff")
    out = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was applied"):
        call_command("import_translations", str(path), user=other_editor.username, stdout=out)
    assert "not well-formed XML" in out.getvalue()

    with pytest.raises(CommandError, match="No active user"):
        call_command("import_translations", str(path), user="nobody", stdout=out)


# The admin.


def test_an_editor_downloads_a_file_from_the_admin(demo, editor_client):
    page = editor_client.get(reverse("admin:diseases_translation_export"))
    assert page.status_code == 200

    response = editor_client.get(
        reverse("admin:diseases_translation_export"),
        {"language": "fr", "format": formats.XLIFF_12, "pages": [demo.pk], "needing_work_only": ""},
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="disease-pages-fr.xlf"'
    assert b'target-language="fr"' in response.content


def test_an_editor_uploads_a_file_and_reads_the_report(demo, editor_client):
    fact = fact_of(demo)
    data = translate(export(), formats.PO, {key(fact, "text"): "Un dato nuevo sobre la CNO/CRMO."})
    upload = io.BytesIO(data)
    upload.name = "es.po"

    response = editor_client.post(reverse("admin:diseases_translation_import"), {"language": "es", "file": upload})

    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert "1 text applied" in content and key(fact, "text") in content
    assert "Unchanged: the translation is already this text." in content
    assert spanish(fact, "text") == "Un dato nuevo sobre la CNO/CRMO."


def test_the_admin_refuses_a_file_in_another_language_than_chosen(demo, editor_client):
    upload = io.BytesIO(export(language="fr"))
    upload.name = "fr.po"

    response = editor_client.post(reverse("admin:diseases_translation_import"), {"language": "es", "file": upload})

    assert response.status_code == 400
    assert "not into Spanish" in html.unescape(response.content.decode())


def test_staff_who_may_translate_nothing_cannot_use_the_translation_files(demo, client, reviewer):
    client.force_login(reviewer)

    assert client.get(reverse("admin:diseases_translation_export")).status_code == 403
    assert client.get(reverse("admin:diseases_translation_import")).status_code == 403


def test_every_part_declared_is_exported(demo):
    """No field is named by hand: every translated field of every part holds units."""
    ids = {unit.id.split(":")[0] + ":" + unit.id.split(":")[2] for unit in units.units_for("es", units.pages())}
    declared = {f"{part.model._meta.label_lower}:{field}" for part in parts.all_parts() for field in part.translated}

    assert declared - ids <= {"diseases.symptomgroup:introduction", "diseases.symptomgroup:guidance"}
