"""The disease form as editors use it: one action to save and submit, notes next to each translated text."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from diseases import translation_status
from diseases.models import ContentEdit, Disease, ReviewEvent, SearchEntry, Symptom

from .factories import make_disease, make_shared_group, translated
from .forms import add_inline_rows, form_data

pytestmark = pytest.mark.django_db


def change_url(disease):
    return reverse("admin:diseases_disease_change", args=[disease.pk])


def save_and_submit(client, disease, changes, comment=""):
    data = form_data(client.get(change_url(disease)).content, "disease_form")
    data.update(changes)
    data["_save_and_submit"] = "1"
    data["comment"] = comment
    return client.post(change_url(disease), data)


def test_save_and_submit_saves_the_changes_then_submits_with_the_comment(
    editor_client, editor, reviewer, django_capture_on_commit_callbacks
):
    page = make_disease(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = save_and_submit(editor_client, page, {"definition_en": "A clearer definition."}, "Clearer wording")

    assert response.status_code == 302 and response["Location"] == change_url(page)
    page.refresh_from_db()
    assert page.definition_en == "A clearer definition."
    assert page.status == Disease.Status.IN_REVIEW
    submitted = page.review_events.get(action=ReviewEvent.Action.SUBMITTED)
    assert (submitted.actor, submitted.comment) == (editor, "Clearer wording")
    assert [message.to for message in mail.outbox] == [["rev@example.org"]]
    shown = html.unescape(editor_client.get(response["Location"]).content.decode())
    assert "Submitted for medical review" in shown and "Status: <strong>In review</strong>" in shown


def test_save_and_submit_on_an_approved_page_makes_the_draft_then_submits_it(editor_client, editor, reviewer):
    page = make_disease(editor)
    page.submit_for_review(editor)
    page.approve(reviewer)

    save_and_submit(editor_client, page, {"definition_en": "Updated after the review."})

    page.refresh_from_db()
    assert page.status == Disease.Status.IN_REVIEW
    assert list(page.review_events.values_list("action", flat=True)[:2]) == ["submitted", "edited"]
    assert page.live.content["documents"]  # the public still reads the approved version


def test_save_and_submit_with_errors_saves_nothing_and_submits_nothing(editor_client, editor):
    page = make_disease(editor)

    response = save_and_submit(editor_client, page, {"slug": "not a slug!"})

    assert response.status_code == 200
    page.refresh_from_db()
    assert page.status == Disease.Status.DRAFT and page.slug == "sjia"


def test_the_button_is_offered_only_where_submitting_is_possible(client, editor, reviewer):
    page = make_disease(editor)
    client.force_login(editor)
    assert "Save and submit for medical review" in client.get(change_url(page)).content.decode()
    page.submit_for_review(editor)

    assert "Save and submit for medical review" not in client.get(change_url(page)).content.decode()
    client.force_login(reviewer)
    assert "Save and submit for medical review" not in client.get(change_url(page)).content.decode()


def test_view_on_site_appears_once_and_only_for_a_public_page(editor_client, editor):
    page = make_disease(editor)
    assert "View on site" not in editor_client.get(change_url(page)).content.decode()

    page.publish_provisionally(editor)

    assert editor_client.get(change_url(page)).content.decode().count("View on site") == 1


def test_the_form_loads_the_scripts_its_rows_need_once_each_and_in_order(editor_client, editor):
    page = make_disease(editor)  # symptom groups with a reference picker in each group's row

    text = editor_client.get(change_url(page)).content.decode()

    scripts = [re.sub(r"\.[0-9a-f]{12}\.", ".", src) for src in re.findall(r'<script src="([^"]+)"', text)]
    assert len(scripts) == len(set(scripts))
    # The reference picker of a group's row (select2 and the admin's autocomplete), after jQuery…
    assert scripts.index("/static/admin/js/jquery.init.js") < scripts.index("/static/admin/js/autocomplete.js")
    assert "/static/admin/js/vendor/select2/select2.full.min.js" in scripts
    # …and the nested admin's script after those it patches when it loads, the autocomplete's among them.
    nested_admin = scripts.index("/static/nested_admin/dist/nested_admin.min.js")
    assert scripts.index("/static/admin/js/autocomplete.js") < nested_admin
    assert scripts.index("/static/admin/js/inlines.js") < nested_admin
    assert "/static/diseases/admin/row_order.js" in scripts


def test_translated_fields_are_marked_by_language_and_grouped_by_field(editor_client, editor):
    page = make_disease(editor)

    text = editor_client.get(change_url(page)).content.decode()

    assert re.search(r'<textarea name="definition_fr"[^>]*data-language="fr"', text)
    assert "data-language-tabs" in text
    # Every language of a field together, not a fieldset per language.
    assert text.index('name="definition_en"') < text.index('name="definition_es"') < text.index('name="cytokines_en"')
    # Rows are moved, not numbered by hand.
    assert re.search(r'<input type="hidden" name="names-0-order" value="0"', text)


def test_each_text_shows_its_reading_ease_and_each_translation_its_state(editor_client, editor):
    page = make_disease(editor, symptoms=("Fever that comes back every day and a rash that fades with it.",))
    Symptom.objects.filter(group__disease=page).update(text_es="")
    with translation_status.minor_change(False):
        page.definition_en = "It is a rare disease. It makes joints hurt and swell."
        page.save()

    text = html.unescape(editor_client.get(change_url(page)).content.decode())

    english = re.search(r'id="id_symptom_groups-0-symptoms-0-text_en_notes">(.*?)</div>', text, re.S).group(1)
    assert re.search(r"Reading ease \d+ \(target 60\)", english)
    spanish = re.search(r'id="id_symptom_groups-0-symptoms-0-text_es_notes">(.*?)</details>', text, re.S).group(1)
    assert "translation-flag-missing" in spanish and ">Missing<" in spanish
    assert "Fever that comes back every day" in spanish  # the English it translates
    french = re.search(r'id="id_definition_fr_notes">(.*?)</details>', text, re.S).group(1)
    assert ">Outdated<" in french
    assert re.search(r'<textarea name="definition_fr"[^>]*data-translation-status="outdated"', text)
    assert re.search(r'aria-describedby="[^"]*id_definition_fr_notes"', text)


def test_the_form_speaks_the_editors_language_and_shows_typed_text_as_text(client, editor):
    page = make_disease(editor, symptoms=('Fever <img src=x onerror="alert(1)"> & rash',))
    Symptom.objects.filter(group__disease=page).update(text_es="Fiebre")
    client.force_login(editor)

    text = client.get(change_url(page), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    notes = re.search(r'id="id_symptom_groups-0-symptoms-0-text_es_notes">(.*?)</div></details>', text, re.S).group(1)
    assert "<img" not in notes
    assert "Fever &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; rash" in notes
    assert "<summary>El texto en inglés</summary>" in notes
    # The rows' own links speak Spanish too.
    assert re.search(r'class="inline-deletelink[^"]*" href="javascript:void\(0\)">Quitar</a>', text)
    assert re.search(r'class="add-handler[^"]*">\s*Añadir Síntoma\s*</a>', text)


def test_the_form_shows_the_page_reading_ease_per_language(editor_client, editor, settings):
    settings.READING_EASE_TARGET = 70
    page = make_disease(editor)
    page.definition_en = "It is a rare disease. It makes the joints hurt. It starts in children."
    page.save()

    text = html.unescape(editor_client.get(change_url(page)).content.decode())

    table = re.search(r'<table class="readability-table".*?</table>', text, re.S).group(0)
    assert "Flesch reading ease" in table and "Kandel and Moles reading ease" in table
    assert "Szigriszt-Pazos perspicuity (INFLESZ)" in table
    assert "<td>70</td>" in table


def test_admin_names_read_as_english(editor_client, demo):
    assert str(SearchEntry._meta.verbose_name_plural) == "search entries"
    page = editor_client.get(reverse("admin:diseases_disease_delete", args=[demo.pk])).content.decode()
    assert "entrys" not in page


def test_a_page_sent_back_shows_what_the_reviewer_asked_for_and_goes_back_in_one_step(editor_client, editor, reviewer):
    page = make_disease(editor)
    page.submit_for_review(editor)
    page.request_changes(reviewer, "Cite the 2019 study.")

    form = html.unescape(editor_client.get(change_url(page)).content.decode())
    request = re.search(r'<p class="errornote" id="changes-requested">(.*?)</p>', form, re.S).group(1)
    assert " ".join(request.split()) == "rev asked for changes: “Cite the 2019 study.”"

    save_and_submit(editor_client, page, {"definition_en": "Cited the 2019 study."}, "Added the citation")

    page.refresh_from_db()
    assert page.status == Disease.Status.IN_REVIEW
    # Back to the reviewer who asked for the changes, as the form offered.
    assert page.review_assignee == reviewer
    assert list(page.review_events.values_list("action", flat=True)[:4]) == [
        "assigned",
        "submitted",
        "edited",
        "changes_requested",
    ]


def symptom_order(page):
    return list(Symptom.objects.filter(group__disease=page).order_by("order").values_list("text_en", "order"))


def spaced_out_approved_page(editor, reviewer):
    """An approved page whose symptoms are numbered 10, 20, 30, as a page kept since an older version may be."""
    page = make_disease(editor, symptoms=("Fever", "Rash", "Joint pain"))
    for symptom in Symptom.objects.filter(group__disease=page):
        Symptom.objects.filter(pk=symptom.pk).update(order=(symptom.order + 1) * 10)
    page.submit_for_review(editor)
    page.approve(reviewer)
    return page


def test_saving_the_form_unchanged_changes_nothing(editor_client, editor, reviewer):
    page = spaced_out_approved_page(editor, reviewer)
    edits = ContentEdit.objects.count()

    data = form_data(editor_client.get(change_url(page)).content, "disease_form")
    response = editor_client.post(change_url(page), data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == Disease.Status.APPROVED
    assert ContentEdit.objects.count() == edits
    assert symptom_order(page) == [("Fever", 10), ("Rash", 20), ("Joint pain", 30)]


def test_moving_a_row_puts_it_in_its_new_place(editor_client, editor, reviewer):
    page = spaced_out_approved_page(editor, reviewer)
    data = form_data(editor_client.get(change_url(page)).content, "disease_form")
    rows = "symptom_groups-0-symptoms"
    # "Move up" on the last symptom: it changes places with the one above.
    data[f"{rows}-1-order"], data[f"{rows}-2-order"] = data[f"{rows}-2-order"], data[f"{rows}-1-order"]

    assert editor_client.post(change_url(page), data).status_code == 302

    page.refresh_from_db()
    assert page.status == Disease.Status.DRAFT
    assert [text for text, _ in symptom_order(page)] == ["Fever", "Joint pain", "Rash"]


def test_a_new_row_without_a_place_goes_last_and_every_row_keeps_a_place_of_its_own(editor_client, editor, reviewer):
    page = spaced_out_approved_page(editor, reviewer)
    data = form_data(editor_client.get(change_url(page)).content, "disease_form")
    rows = "symptom_groups-0-symptoms"
    number = int(data[f"{rows}-TOTAL_FORMS"])
    add_inline_rows(data, rows, [{"text_en": "Tiredness", "order": data[f"{rows}-{number - 1}-order"]}])

    assert editor_client.post(change_url(page), data).status_code == 302

    order = symptom_order(page)
    assert [text for text, _ in order] == ["Fever", "Rash", "Joint pain", "Tiredness"]
    assert len({position for _, position in order}) == 4


def test_saving_a_shared_group_unchanged_leaves_its_pages_approved(editor_client, editor, reviewer):
    group = make_shared_group(editor)  # no introduction: the column holds NULL, the form sends ""
    page = spaced_out_approved_page(editor, reviewer)
    url = reverse("admin:diseases_sharedsymptomgroup_change", args=[group.pk])
    edits = ContentEdit.objects.count()

    response = editor_client.post(url, form_data(editor_client.get(url).content, "sharedsymptomgroup_form"))

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == Disease.Status.APPROVED
    assert ContentEdit.objects.count() == edits


def test_saving_the_form_unchanged_with_a_translation_never_written_changes_nothing(editor_client, editor, reviewer):
    page = make_disease(editor)
    Disease.objects.filter(pk=page.pk).update(definition_fr=None)  # as a language added later starts out
    page.submit_for_review(editor)
    page.approve(reviewer, languages=["en", "es"])
    edits = ContentEdit.objects.count()

    editor_client.post(change_url(page), form_data(editor_client.get(change_url(page)).content, "disease_form"))

    page.refresh_from_db()
    assert (page.status, page.definition_fr) == (Disease.Status.APPROVED, None)
    assert ContentEdit.objects.count() == edits


def test_line_breaks_as_a_browser_sends_them_are_no_change(editor_client, editor, reviewer):
    page = make_disease(editor)
    page.sections.create(order=0, **translated(title="Diagnosis", body="One.\n\n- two\n- three"))
    page.submit_for_review(editor)
    page.approve(reviewer)
    data = form_data(editor_client.get(change_url(page)).content, "disease_form")
    # Browsers send a text area's line breaks as CR LF; text written outside the admin has LF.
    data = {key: value.replace("\n", "\r\n") for key, value in data.items()}

    assert editor_client.post(change_url(page), data).status_code == 302

    page.refresh_from_db()
    assert page.status == Disease.Status.APPROVED
    assert page.sections.get().body_en == "One.\n\n- two\n- three"
