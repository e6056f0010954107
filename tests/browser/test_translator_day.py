"""
A Spanish volunteer's day in the real admin, read in Spanish: from the home
page to the Spanish queue, two texts translated in place with the English
beside them, the rest downloaded as a PO file, translated in a PO tool
(translate-toolkit) and uploaded, and the page submitted for medical review.
Found by the page's structure, not its words: the admin speaks the
translator's language.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from translate.storage import pypo

from diseases import workflow
from diseases.models import Disease, ReviewEvent, SymptomGroup

from .conftest import audit, log_in
from .test_admin_accessibility import nu_errors

WIDTHS = (360, 1280)
CHANGED_SENTENCE = "It is diagnosed once infections, cancers and other causes are ruled out."


@pytest.fixture
def spanish_work(work_site):
    """
    The demo's reviewed page, approved after a change to its English
    definition (one more sentence) and to two shared symptoms: all three outdated in Spanish.
    """
    users = get_user_model().objects
    editor, reviewer = users.get(username="editor"), users.get(username="reviewer")
    page = Disease.objects.get(slug="aosd")
    symptoms = SymptomGroup.objects.shared().first().symptoms.all()[:2]
    with workflow.editing(editor):
        page.definition_en = f"{page.definition_en} {CHANGED_SENTENCE}"
        page.save()
        for symptom in symptoms:
            symptom.text_en = f"{symptom.text_en}, most days"
            symptom.save()
    page.refresh_from_db()
    page.approve(reviewer, languages=["en"], full_review=True)
    return work_site


def audited(page, response, nu_checker, width):
    page.set_viewport_size({"width": width, "height": 800})
    assert nu_errors(nu_checker, response.text(), after_scripts=False) == []
    assert audit(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_spanish_volunteer_translates_two_texts_in_place_and_submits_the_page(
    page, spanish_work, nu_checker, tmp_path
):
    log_in(page, spanish_work, "translator", "translator-demo-password")

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#translation-queue-es strong").first).to_have_text("0")
    expect(page.locator("#translation-queue-es strong").last).to_have_text("3")
    expect(page.locator("#editor-work")).to_have_count(0)
    assert audit(page) == []

    with page.expect_response(lambda response: "/translations/es/" in response.url) as opened:
        page.locator("#translation-queue-es > a").click()
    items = page.locator("li.queue-item")
    expect(items).to_have_count(3)
    # Only the sentence the English gained is marked, and a screen reader hears that it was added.
    definition = items.filter(has=page.locator("ins", has_text=CHANGED_SENTENCE))
    expect(definition.locator("del")).to_have_count(0)
    assert definition.locator("ins .visually-hidden").bounding_box()["width"] <= 1
    for width in WIDTHS:
        audited(page, opened.value, nu_checker, width)

    with page.expect_response(lambda response: "/definition/" in response.url) as opened:
        definition.locator("a.button").click()
    expect(page.locator(".translate-source")).to_contain_text(CHANGED_SENTENCE)
    expect(page.locator(".translate-target .reading-ease-figure")).to_be_visible()
    for width in WIDTHS:
        audited(page, opened.value, nu_checker, width)
    text = page.locator("#id_text")
    text.fill(f"{text.input_value()} Se diagnostica tras descartar infecciones, cánceres y otras causas.")
    page.locator("#translation-form input[type=submit]").click()

    expect(page.locator("ul.messagelist .success")).to_have_count(1)
    expect(items).to_have_count(2)
    items.first.locator("a.button").click()
    text = page.locator("#id_text")
    text.fill(f"{text.input_value()}, casi todos los días")
    page.locator("#translation-form input[type=submit]").click()
    expect(items).to_have_count(1)

    # The rest in a PO tool: downloaded from the queue's link, translated, uploaded.
    with page.expect_download() as downloaded:
        page.locator("#translation-files-es a.download-po").click()
    store = pypo.pofile.parsestring(downloaded.value.path().read_bytes())
    (remaining,) = [entry for entry in store.units if not entry.isheader()]
    assert remaining.source.endswith(", most days") and remaining.prev_source
    remaining.target = f"{remaining.target}, casi todos los días"
    remaining.markfuzzy(False)
    translated = tmp_path / "aosd-es.po"
    translated.write_bytes(bytes(store))

    page.locator("#translation-files-es a.upload-file").click()
    expect(page.locator("#id_language")).to_have_value("es")
    page.locator("#id_file").set_input_files(translated)
    with page.expect_response(lambda response: response.request.method == "POST") as opened:
        page.locator("#translation-import-form input[type=submit]").click()
    assert opened.value.status == 200
    expect(page.locator("#import-applied > li")).to_have_count(1)
    for width in WIDTHS:
        audited(page, opened.value, nu_checker, width)

    page.goto(f"{spanish_work}/admin/diseases/disease/translations/es/")
    expect(items).to_have_count(0)
    page.locator("#to-submit button").click()

    expect(page.locator("ul.messagelist .success")).to_have_count(1)
    aosd = Disease.objects.get(slug="aosd")
    assert aosd.status == Disease.Status.IN_REVIEW
    assert aosd.definition_es.endswith("otras causas.")
    symptoms = SymptomGroup.objects.shared().first().symptoms.all()[:2]
    assert [symptom.text_es.endswith(", casi todos los días") for symptom in symptoms] == [True, True]
    submitted = aosd.review_events.first()
    assert (submitted.action, submitted.actor.username) == (ReviewEvent.Action.SUBMITTED, "translator")
