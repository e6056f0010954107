"""
A translator works with files and the glossary in their own languages only:
the download and upload screens and the import command refuse every other
language (and the workflow's scope check stands behind the import), the
queue and the admin home link to the files of what needs work, and the
in-place editor shows the glossary's terms and warns when one is not used.
"""

import html
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from translate.storage import pypo

from diseases import translation_files, translation_queue, workflow
from diseases.models import ContentEdit, Fact, GlossaryTerm
from diseases.translation_files import formats, importing, units

from .factories import edit, make_disease

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("admin:diseases_translation_export")
IMPORT_URL = reverse("admin:diseases_translation_import")


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    return client


def shown(response):
    return html.unescape(response.content.decode())


def language_options(response):
    """The languages a form's language field offers."""
    field = shown(response).split('name="language"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\w+)"', field)


def fill(data, translations):
    """A PO tool at work (translate-toolkit): the units of `translations` {id: text} translated; bytes back."""
    store = pypo.pofile.parsestring(data)
    for entry in store.units:
        if not entry.isheader() and entry.getcontext() in translations:
            entry.target = translations[entry.getcontext()]
            entry.markfuzzy(False)
    return bytes(store)


def upload(data, name):
    file = io.BytesIO(data)
    file.name = name
    return file


def fact_of(disease):
    return Fact.objects.filter(disease=disease).order_by("order", "pk").first()


def french_file(fact, text="Un fait nouveau."):
    return fill(translation_files.export("fr", formats.PO, ["cno-crmo"]), {units.unit_id(fact, "text"): text})


def columns(row, suffixes):
    """The stored values of the row's columns whose names end with one of `suffixes`."""
    stored = type(row)._base_manager.get(pk=row.pk)
    return {
        field.attname: getattr(stored, field.attname)
        for field in stored._meta.concrete_fields
        if field.attname.endswith(suffixes)
    }


# Download and upload: the translator's languages only; editors keep every language.


def test_a_translators_file_forms_offer_only_their_languages_and_an_editors_every_one(demo, translator_client, editor):
    editor_client = Client()
    editor_client.force_login(editor)
    for url in (EXPORT_URL, IMPORT_URL):
        assert language_options(translator_client.get(url)) == ["es"]
        assert language_options(editor_client.get(url)) == ["es", "fr"]


def test_a_translator_downloads_their_language_and_not_another(demo, translator_client):
    spanish = translator_client.get(EXPORT_URL, {"language": "es", "format": formats.PO})
    french = translator_client.get(EXPORT_URL, {"language": "fr", "format": formats.PO})

    assert spanish.status_code == 200
    assert spanish["Content-Disposition"] == 'attachment; filename="disease-pages-es.po"'
    assert french.status_code == 400 and "Content-Disposition" not in french
    assert "Choose one of the languages you translate into." in shown(french)


def test_a_translator_uploading_a_french_file_is_refused_and_nothing_changes(demo, translator, translator_client):
    fact = fact_of(demo)
    french_before = fact.text_fr

    as_spanish = translator_client.post(IMPORT_URL, {"language": "es", "file": upload(french_file(fact), "fr.po")})
    as_french = translator_client.post(IMPORT_URL, {"language": "fr", "file": upload(french_file(fact), "fr.po")})

    assert as_spanish.status_code == 400
    assert "This file is a translation into French, not into Spanish." in shown(as_spanish)
    assert as_french.status_code == 400 and "Choose one of the languages you translate into." in shown(as_french)
    fact.refresh_from_db()
    assert fact.text_fr == french_before
    assert not ContentEdit.objects.filter(user=translator).exists()


def test_the_import_command_refuses_a_translators_file_in_a_language_not_granted(demo, translator, tmp_path):
    fact = fact_of(demo)
    french_before = fact.text_fr
    path = tmp_path / "fr.po"
    path.write_bytes(french_file(fact))
    out = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was applied"):
        call_command("import_translations", str(path), user=translator.username, stdout=out)

    assert "You may not change the French texts." in out.getvalue()
    fact.refresh_from_db()
    assert fact.text_fr == french_before


def test_a_translator_imports_a_spanish_file_with_the_command(demo, translator, tmp_path):
    fact = fact_of(demo)
    path = tmp_path / "es.po"
    path.write_bytes(
        fill(translation_files.export("es", formats.PO, ["cno-crmo"]), {units.unit_id(fact, "text"): "Un dato."})
    )
    out = io.StringIO()

    call_command("import_translations", str(path), user=translator.username, stdout=out)

    assert "1 applied" in out.getvalue()
    fact.refresh_from_db()
    assert fact.text_es == "Un dato."
    assert ContentEdit.objects.filter(user=translator, object_id=demo.pk).exists()


def test_the_workflows_scope_check_stands_behind_the_import(demo, translator, monkeypatch):
    """Were the import's own language check gone, a translator's French file would still change nothing."""
    fact = fact_of(demo)
    french_before = fact.text_fr
    monkeypatch.setattr(importing.permissions, "may_edit_language", lambda user, language: True)

    with pytest.raises(PermissionDenied, match="only the texts in Spanish"):
        translation_files.import_file(french_file(fact), translator)

    fact.refresh_from_db()
    assert fact.text_fr == french_before


def test_a_translators_import_writes_only_the_files_languages_columns(demo, translator):
    data = translation_files.export("es", formats.PO, ["cno-crmo"])
    store = pypo.pofile.parsestring(data)
    # Every unit translated as its English (which passes every check), and units crafted to name
    # the English column, an untranslated field and the page's address: none is a text of the file's language.
    translations = {entry.getcontext(): entry.source for entry in store.units if not entry.isheader()}
    crafted = [f"diseases.disease:{demo.pk}:definition_en", f"diseases.disease:{demo.pk}:slug"]
    for unit_id in crafted:
        store.addsourceunit("cno-crmo").setcontext(unit_id)
        translations[unit_id] = "otro-sitio"
    rows = [units.parse_id(unit_id) for unit_id in translations if units.parse_id(unit_id)]
    rows = [model._base_manager.get(pk=pk) for model, pk, _field in rows]
    untouched = {(type(row), row.pk): columns(row, ("_en", "_fr", "slug")) for row in rows}

    report = translation_files.import_file(fill(bytes(store), translations), translator)

    assert report.applied and not report.refusal
    skipped = {outcome.id: " ".join(map(str, outcome.reasons)) for outcome in report.skipped}
    assert all("names no text" in skipped[unit_id] for unit_id in crafted)
    assert {(type(row), row.pk): columns(row, ("_en", "_fr", "slug")) for row in rows} == untouched
    demo.refresh_from_db()
    assert demo.definition_es == demo.definition_en


# The queue and the admin home link to the files of what needs work, and to the upload.


def test_the_queue_and_the_home_link_to_the_spanish_file_of_what_needs_work_and_to_the_upload(
    demo, editor, translator_client
):
    edit(demo, editor, definition_en=f"{demo.definition_en} It is rare.")
    queue = shown(translator_client.get(reverse("admin:diseases_translation_queue", args=["es"])))
    home = shown(translator_client.get(reverse("admin:index")))
    download = f"{EXPORT_URL}?language=es&format=po&needing_work_only=on"
    upload_link = f"{IMPORT_URL}?language=es"

    for page in (queue, home):
        assert f'href="{download}"' in page
        assert f'href="{EXPORT_URL}?language=es&format=xliff-1.2&needing_work_only=on"' in page
        assert f'href="{upload_link}"' in page
        assert "language=fr" not in page

    response = translator_client.get(download)
    store = pypo.pofile.parsestring(response.content)
    needing_work = {
        units.unit_id(item.row, item.field)
        for item in translation_queue.needing_translation("es", translation_queue.BY_PAGE)
        if item.english_now.strip()
    }
    assert {entry.getcontext() for entry in store.units if not entry.isheader()} == needing_work
    assert needing_work
    upload_form = translator_client.get(upload_link)
    assert '<option value="es" selected>' in shown(upload_form)


# The glossary beside a text translated in place.


@pytest.fixture
def page_with_fever(editor):
    """A page whose Spanish definition is missing and whose English uses a glossary term, in each language."""
    page = make_disease(editor)
    edit(page, editor, definition_en="SJIA causes a daily fever.", definition_es="")
    GlossaryTerm.objects.create(language="es", term="fever", translation="fiebre", note="Not “calentura”.")
    GlossaryTerm.objects.create(language="fr", term="fever", translation="fièvre")
    GlossaryTerm.objects.create(language="es", term="rash", translation="erupción")
    return page


def item_url(page):
    kwargs = {"language": "es", "model": "disease", "pk": page.pk, "field": "definition"}
    return reverse("admin:diseases_translation_item", kwargs=kwargs)


def translate_in_place(client, page, text):
    url = item_url(page)
    opened_edit = shown(client.get(url)).split('name="opened_edit" value="', 1)[1].split('"', 1)[0]
    return client.post(url, {"text": text, "opened_edit": opened_edit}, follow=True)


def test_the_in_place_editor_shows_the_glossary_terms_the_english_uses(translator_client, page_with_fever):
    terms = shown(translator_client.get(item_url(page_with_fever))).split('id="glossary-terms">', 1)[1]
    terms = " ".join(re.sub("<[^>]+>", " ", terms.split("</dl>", 1)[0]).split())

    assert terms == "fever fiebre Not “calentura”."


def test_saving_a_translation_without_the_glossarys_term_warns_and_saves(translator_client, page_with_fever):
    warning = "The glossary translates “fever” as “fiebre”, which the translation does not use: check it."

    response = translate_in_place(translator_client, page_with_fever, "La AIJS causa calentura diaria.")

    assert warning in shown(response)
    page_with_fever.refresh_from_db()
    assert page_with_fever.definition_es == "La AIJS causa calentura diaria."

    response = translate_in_place(translator_client, page_with_fever, "La AIJS causa fiebre diaria.")

    assert "Translation saved" in shown(response) and warning not in shown(response)
    page_with_fever.refresh_from_db()
    assert page_with_fever.definition_es == "La AIJS causa fiebre diaria."
    assert workflow.last_edit(page_with_fever)
