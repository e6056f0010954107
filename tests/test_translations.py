"""Translations never silently go stale: per-language review, outdated detection, status table, fallbacks."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from diseases import translation_status, workflow
from diseases.models import Disease, SymptomGroup

from .factories import make_disease
from .forms import form_data, forms_in
from .test_admin import change_url, post_change_form

pytestmark = pytest.mark.django_db


def public_text(client, language, slug="cno-crmo"):
    with translation.override(language):
        url = reverse("diseases:detail", kwargs={"slug": slug})
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def approve(disease, editor, reviewer, languages=None):
    disease.refresh_from_db()
    disease.submit_for_review(editor)
    disease.approve(reviewer, languages=languages)
    disease.refresh_from_db()


def test_unchecked_language_never_approved_is_marked_unreviewed(client, demo, editor, reviewer):
    approve(demo, editor, reviewer, languages=["en", "es"])

    assert "Revisado médicamente por Dr Ada Lane" in public_text(client, "es")
    french = public_text(client, "fr")
    assert "Cette traduction n’a pas encore été relue par un médecin." in french
    assert 'href="/en/diseases/cno-crmo/" hreflang="en"' in french
    assert "Relue médicalement par" not in french
    assert demo.live.languages == ["en", "es"]


def test_unchecked_language_keeps_its_earlier_approved_text(client, demo, editor, reviewer, editor_client):
    approve(demo, editor, reviewer)
    old_french = demo.definition_fr
    post_change_form(
        editor_client,
        change_url(demo),
        {"definition_fr": "Texte français pas encore relu.", "definition_es": "Texto español revisado."},
    )

    approve(demo, editor, reviewer, languages=["en", "es"])

    assert "Texto español revisado." in public_text(client, "es")
    french = public_text(client, "fr")
    assert old_french in french
    assert "Texte français pas encore relu." not in french
    assert "Relue médicalement par Dr Ada Lane" in french


def test_english_must_always_be_reviewed(demo, editor, reviewer):
    from django.core.exceptions import ValidationError

    demo.submit_for_review(editor)
    with pytest.raises(ValidationError):
        demo.approve(reviewer, languages=["es"])


def test_a_normal_english_change_makes_translations_outdated(client, demo, editor_client):
    old_english = demo.definition_en

    post_change_form(editor_client, change_url(demo), {"definition_en": "A clearer definition."})

    demo.refresh_from_db()
    assert translation_status.field_status(demo, "definition", "es") == "outdated"
    assert translation_status.field_status(demo, "definition", "fr") == "outdated"
    admin_page = html.unescape(editor_client.get(change_url(demo)).content.decode())
    assert "Outdated translations" in admin_page
    assert old_english in admin_page and "A clearer definition." in admin_page
    assert "La versión en inglés de esta página se ha actualizado" in public_text(client, "es")


def test_a_minor_english_change_keeps_translations_current(client, demo, editor_client):
    post_change_form(editor_client, change_url(demo), {"definition_en": demo.definition_en + " ", "minor_change": "on"})
    post_change_form(
        editor_client,
        change_url(demo),
        {"definition_en": demo.definition_en.replace("bones", "bones,"), "minor_change": "on"},
    )

    demo.refresh_from_db()
    assert translation_status.field_status(demo, "definition", "es") == "complete"
    assert "La versión en inglés de esta página se ha actualizado" not in public_text(client, "es")


def test_a_minor_english_change_leaves_an_outdated_translation_outdated(client, demo, editor_client):
    """A typo fixed in English after a real change: the Spanish still translates the English before that change."""
    post_change_form(editor_client, change_url(demo), {"definition_en": "A clearer definition of bones."})
    demo.refresh_from_db()

    post_change_form(
        editor_client,
        change_url(demo),
        {"definition_en": demo.definition_en.replace("bones", "bones,"), "minor_change": "on"},
    )

    demo.refresh_from_db()
    assert translation_status.field_status(demo, "definition", "es") == "outdated"
    assert "La versión en inglés de esta página se ha actualizado" in public_text(client, "es")


def test_updating_the_translation_makes_it_current_again(demo, editor_client):
    post_change_form(editor_client, change_url(demo), {"definition_en": "A clearer definition."})
    post_change_form(editor_client, change_url(demo), {"definition_es": "Una definición más clara."})

    demo.refresh_from_db()
    assert translation_status.field_status(demo, "definition", "es") == "complete"
    assert translation_status.field_status(demo, "definition", "fr") == "outdated"


def test_only_the_outdated_translations_a_reviewer_confirms_become_current(
    client, demo, editor, reviewer, editor_client
):
    post_change_form(editor_client, change_url(demo), {"definition_en": "A clearer definition."})
    demo.submit_for_review(editor)
    client.force_login(reviewer)
    review_url = reverse("admin:diseases_disease_review", args=[demo.pk])
    screen = client.get(review_url).content.decode()
    data = form_data(screen, "approve-form")
    french, spanish = (translation_status.item_key(demo, "definition", code) for code in ("fr", "es"))
    assert f'value="{french}"' in screen and f'value="{spanish}"' in screen
    assert "<del>" in screen and "A clearer definition." in screen  # the English then and now

    in_spanish = html.unescape(client.get(review_url, headers={"accept-language": "es"}).content.decode())
    assert "(definición)" in in_spanish and "(definition)" not in in_spanish  # the field named in the reader's words

    data.update({"action": "approve", "approve-languages": ["en", "es", "fr"], "approve-current_items": [french]})
    assert client.post(review_url, data).status_code == 302

    demo.refresh_from_db()
    assert translation_status.field_status(demo, "definition", "fr") == "complete"
    assert translation_status.field_status(demo, "definition", "es") == "outdated"
    assert demo.live.content["languages"]["es"]["outdated"] is True
    assert demo.live.content["languages"]["fr"]["outdated"] is False


def approval_form_after_a_change(client, demo, editor, reviewer, editor_client):
    """The English definition changed and submitted: the review screen's address and its approval form, as shown."""
    post_change_form(editor_client, change_url(demo), {"definition_en": "A clearer definition."})
    demo.submit_for_review(editor)
    client.force_login(reviewer)
    review_url = reverse("admin:diseases_disease_review", args=[demo.pk])
    return review_url, form_data(client.get(review_url).content, "approve-form")


def test_the_form_shown_again_after_an_approval_of_an_older_draft_still_lists_the_outdated_translations(
    client, demo, editor, reviewer, editor_client
):
    post_change_form(editor_client, change_url(demo), {"definition_en": "A clearer definition."})
    demo.submit_for_review(editor)
    client.force_login(reviewer)
    review_url = reverse("admin:diseases_disease_review", args=[demo.pk])
    data = form_data(client.get(review_url).content, "approve-form")
    demo.refresh_from_db()
    with workflow.editing(editor):
        demo.definition_en = "A clearer definition, again."
        demo.save()

    data.update({"action": "approve", "approve-languages": ["en", "es", "fr"]})
    response = client.post(review_url, data)

    assert response.status_code == 409
    shown_again = next(form for form in forms_in(response.content) if form.id == "approve-form")
    outdated = {translation_status.item_key(demo, "definition", code) for code in ("es", "fr")}
    assert outdated <= set(shown_again.choices["approve-current_items"])


def test_confirming_a_translation_in_a_language_not_ticked_is_refused_not_ignored(
    client, demo, editor, reviewer, editor_client
):
    review_url, data = approval_form_after_a_change(client, demo, editor, reviewer, editor_client)
    french = translation_status.item_key(demo, "definition", "fr")

    data.update({"action": "approve", "approve-languages": ["en", "es"], "approve-current_items": [french]})
    response = client.post(review_url, data)

    assert response.status_code == 200
    assert "You confirmed outdated translations in languages you did not tick: tick French as well." in html.unescape(
        response.content.decode()
    )
    demo.refresh_from_db()
    assert demo.status == Disease.Status.IN_REVIEW
    assert translation_status.field_status(demo, "definition", "fr") == "outdated"


def test_a_reviewer_may_confirm_every_outdated_translation_at_once(client, demo, editor, reviewer, editor_client):
    review_url, data = approval_form_after_a_change(client, demo, editor, reviewer, editor_client)
    data.update({"action": "approve", "approve-languages": ["en", "es", "fr"], "approve-all_current": "on"})

    assert client.post(review_url, data).status_code == 302

    demo.refresh_from_db()
    assert translation_status.field_status(demo, "definition", "fr") == "complete"
    assert translation_status.field_status(demo, "definition", "es") == "complete"


def test_an_outdated_shared_item_says_on_how_many_pages_it_appears(client, demo, editor, reviewer):
    group = SymptomGroup.objects.shared().first()
    with workflow.editing(editor):
        group.title_en = "Common symptoms, renamed"
        group.save()
    demo.refresh_from_db()
    demo.submit_for_review(editor)
    client.force_login(reviewer)

    screen = client.get(reverse("admin:diseases_disease_review", args=[demo.pk])).content.decode()

    pages = Disease.objects.not_deleted().count()
    assert pages > 1
    assert f"on {pages} pages: confirming it holds for all of them" in screen


def test_status_table_shows_each_cell_with_counts(demo, editor, reviewer, editor_client):
    aosd = Disease.objects.get(slug="aosd")
    post_change_form(editor_client, change_url(demo), {"definition_es": ""})
    post_change_form(editor_client, change_url(demo), {"cytokines_en": "IL-1β, IL-10, IL-6"})
    approve(aosd, editor, reviewer)

    response = editor_client.get(reverse("admin:diseases_disease_translations"))

    cells = {
        (row["disease"].slug, cell["language"]): cell["status"]
        for row in response.context["rows"]
        for cell in row["cells"]
    }
    assert cells[("cno-crmo", "es")] == "missing"
    assert cells[("cno-crmo", "fr")] == "outdated"
    assert cells[("cno-crmo", "en")] == "draft"
    assert cells[("aosd", "fr")] == "reviewed"
    counts = {code: dict(per_status) for code, _name, per_status in response.context["counts"]}
    assert counts["es"]["missing"] == 1 and counts["fr"]["reviewed"] == 1
    filtered = editor_client.get(
        reverse("admin:diseases_disease_translations"), {"language": "fr", "status": "outdated"}
    )
    assert [row["disease"].slug for row in filtered.context["rows"]] == ["cno-crmo"]


def test_status_table_tells_drafts_submissions_sent_back_and_reviewed_languages_apart(client, editor, reviewer):
    def page(slug, name):
        return make_disease(editor, slug=slug, name=name, abbreviation=slug.upper())

    page("draft", "Draft page")
    page("submitted", "Submitted page").submit_for_review(editor)
    sent_back = page("sent-back", "Sent back page")
    sent_back.submit_for_review(editor)
    sent_back.request_changes(reviewer, "Check the dose.")
    approve(page("reviewed", "Reviewed page"), editor, reviewer, languages=["en", "es"])
    # Deleting and recovering a reviewed page makes a draft that nobody has submitted.
    recovered = page("recovered", "Recovered page")
    approve(recovered, editor, reviewer)
    workflow.delete(recovered, editor)
    workflow.recover(recovered, editor)
    client.force_login(editor)

    response = client.get(reverse("admin:diseases_disease_translations"))

    cells = {
        (row["disease"].slug, cell["language"]): cell["label"]
        for row in response.context["rows"]
        for cell in row["cells"]
    }
    shown = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))
    for slug, label in (
        ("draft", "Draft"),
        ("recovered", "Draft"),
        ("submitted", "In review"),
        ("sent-back", "Changes requested"),
    ):
        assert [cells[(slug, code)] for code in ("en", "es", "fr")] == [label] * 3
    assert [cells[("reviewed", code)] for code in ("en", "es", "fr")] == [
        "Reviewed",
        "Reviewed",
        "Left out of the last review",
    ]
    assert "Recovered page (RECOVERED) Draft Draft Draft" in shown
    assert "Awaiting review" not in shown
    drafts = client.get(reverse("admin:diseases_disease_translations"), {"language": "es", "status": "draft"})
    assert [row["disease"].slug for row in drafts.context["rows"]] == ["draft", "recovered"]


def test_missing_translation_falls_back_to_english_marked_for_screen_readers(client, demo, editor_client):
    symptom = demo.symptom_groups.get().symptoms.get(text_en="Synovial thickening")
    form = editor_client.get(change_url(demo)).content.decode()
    field = re.search(rf'name="(symptom_groups-0-symptoms-\d+)-id" value="{symptom.pk}"', form).group(1)

    post_change_form(editor_client, change_url(demo), {f"{field}-text_es": "", "definition_es": ""})

    spanish = public_text(client, "es")
    assert '"><span lang="en">Synovial thickening</span></a></li>' in spanish
    assert '<div lang="en"><p>Chronic Nonbacterial Osteomyelitis (CNO)' in spanish
    assert "Algunas partes de esta página aún no están traducidas y se muestran en inglés." in spanish


def test_reviewer_chooses_the_languages_in_the_review_screen(client, demo, editor, reviewer):
    from .forms import form_data

    demo.submit_for_review(editor)
    client.force_login(reviewer)
    url = reverse("admin:diseases_disease_review", args=[demo.pk])
    data = form_data(client.get(url).content, "approve-form")
    assert data["approve-languages"] == ["en", "es", "fr"]

    refused = client.post(url, {**data, "approve-languages": ["es", "fr"], "action": "approve"})
    assert refused.status_code == 200
    assert "English, the source of every translation, must be reviewed." in html.unescape(refused.content.decode())

    client.post(url, {**data, "approve-languages": ["en", "es"], "action": "approve"})
    demo.refresh_from_db()
    assert demo.live.languages == ["en", "es"]
