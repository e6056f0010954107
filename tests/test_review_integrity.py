"""
The public reads exactly what a medical reviewer approved: shared content, references,
delete and recover, revert, stale forms, names and credits. Each scenario was found by
using the product as its editors, reviewers and visitors would.
"""

import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from diseases import candidates, translation_status
from diseases.models import Disease, PatientAdvice, Publication, ReviewEvent, SymptomGroup

from .factories import make_disease, make_reference, make_shared_group
from .forms import form_data

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def review_url(disease):
    return reverse("admin:diseases_disease_review", args=[disease.pk])


def change_url(obj):
    return reverse(f"admin:diseases_{obj._meta.model_name}_change", args=[obj.pk])


def public_url(disease, language="en"):
    with translation.override(language):
        return reverse("diseases:detail", kwargs={"slug": disease.slug})


def save_in_admin(client, url, form_id, changes):
    """Open the admin form at `url`, type `changes` and save; the response."""
    data = form_data(client.get(url).content, form_id)
    data.update(changes)
    return client.post(url, data)


def open_review_screen(client, disease):
    """What the reviewer's browser holds once the review screen is shown: the approve form."""
    response = client.get(review_url(disease))
    assert response.status_code == 200
    return form_data(response.content, "approve-form")


def approve_from_screen(client, disease, data, **changes):
    return client.post(review_url(disease), {**data, **changes, "action": "approve"})


@pytest.fixture
def reference(editor):
    return make_reference(editor)


@pytest.fixture
def shared_group(editor):
    return make_shared_group(editor)


@pytest.fixture
def sjia(editor, reference, shared_group):
    """A page citing `reference`, with the shared group on it, written by the editor."""
    return make_disease(editor, reference=reference)


@pytest.fixture
def approved(sjia, editor, reviewer):
    sjia.submit_for_review(editor)
    sjia.approve(reviewer)
    sjia.refresh_from_db()
    return sjia


# 1. Approve what you saw: references and shared groups are part of the page.


def test_a_reference_changed_after_the_review_screen_was_shown_is_not_published(client, sjia, editor, reviewer):
    sjia.submit_for_review(editor)
    client.force_login(reviewer)
    seen = open_review_screen(client, sjia)

    client.force_login(editor)
    reference = sjia.symptom_groups.get().reference
    saved = save_in_admin(client, change_url(reference), "reference_form", {"url": "https://changed.example/"})
    assert saved.status_code == 302

    client.force_login(reviewer)
    response = approve_from_screen(client, sjia, seen)

    assert response.status_code == 409
    assert '<li class="error">The page changed since you opened this screen' in response.content.decode()
    assert "https://changed.example/" in text(response)  # the fresh difference, shown at once
    sjia.refresh_from_db()
    assert sjia.status == Disease.Status.IN_REVIEW
    assert sjia.live is None
    assert client.get(public_url(sjia)).status_code == 404


def test_a_shared_group_changed_after_the_review_screen_was_shown_is_not_published(
    client, approved, editor, reviewer, shared_group
):
    live_before = approved.live_id
    client.force_login(editor)
    save_in_admin(client, change_url(approved), "disease_form", {"definition_en": "A clearer definition."})
    approved.refresh_from_db()
    approved.submit_for_review(editor)
    client.force_login(reviewer)
    seen = open_review_screen(client, approved)

    client.force_login(editor)
    url = reverse("admin:diseases_sharedsymptomgroup_change", args=[shared_group.pk])
    saved = save_in_admin(client, url, "sharedsymptomgroup_form", {"title_en": "Changed while under review"})
    assert saved.status_code == 302

    client.force_login(reviewer)
    response = approve_from_screen(client, approved, seen)

    assert response.status_code == 409
    assert "Changed while under review" in text(response)
    approved.refresh_from_db()
    assert approved.live_id == live_before
    client.logout()
    assert "Changed while under review" not in text(client.get(public_url(approved)))
    assert "A clearer definition." not in text(client.get(public_url(approved)))


def test_the_review_screen_shows_a_changed_reference_url(client, approved, editor, reviewer, reference):
    client.force_login(editor)
    save_in_admin(client, change_url(reference), "reference_form", {"url": "https://example.org/study-2024"})
    approved.refresh_from_db()
    assert approved.status == Disease.Status.DRAFT
    approved.submit_for_review(editor)

    client.force_login(reviewer)
    screen = text(client.get(review_url(approved)))

    assert "No differences." not in screen
    assert "https://example.org/study" in screen
    assert "https://example.org/study-2024" in screen


def test_the_fresh_candidate_can_be_approved_after_a_refusal(client, sjia, editor, reviewer):
    sjia.submit_for_review(editor)
    client.force_login(reviewer)
    seen = open_review_screen(client, sjia)
    client.force_login(editor)
    save_in_admin(client, change_url(sjia.symptom_groups.get().reference), "reference_form", {"year": "2020"})
    client.force_login(reviewer)
    refused = approve_from_screen(client, sjia, seen)
    assert refused.status_code == 409

    response = approve_from_screen(client, sjia, form_data(refused.content, "approve-form"))

    assert response.status_code == 302
    sjia.refresh_from_db()
    assert sjia.status == Disease.Status.APPROVED
    client.logout()
    assert "2020" in text(client.get(public_url(sjia)))


# 2. Four-eyes covers everything on the page.


@pytest.fixture
def editing_reviewer(db, django_user_model):
    """A clinician who is also a content editor."""
    from django.contrib.auth.models import Group

    from diseases.models import ReviewerProfile

    user = django_user_model.objects.create_user("both", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Content editors"), Group.objects.get(name="Medical reviewers"))
    ReviewerProfile.objects.create(user=user, display_name="Dr Both", credentials_en="MD")
    return user


def test_nobody_approves_a_page_after_editing_its_shared_group(
    client, approved, editor, editing_reviewer, shared_group
):
    client.force_login(editing_reviewer)
    url = reverse("admin:diseases_sharedsymptomgroup_change", args=[shared_group.pk])
    assert (
        save_in_admin(client, url, "sharedsymptomgroup_form", {"title_en": "Edited by a reviewer"}).status_code == 302
    )
    approved.refresh_from_db()
    approved.submit_for_review(editor)

    response = approve_from_screen(client, approved, open_review_screen(client, approved))

    assert response.status_code == 403
    assert "another reviewer must approve" in text(response)
    approved.refresh_from_db()
    assert approved.status == Disease.Status.IN_REVIEW


def test_nobody_approves_a_page_after_editing_its_reference(approved, editor, editing_reviewer, reference, client):
    client.force_login(editing_reviewer)
    assert save_in_admin(client, change_url(reference), "reference_form", {"year": "2021"}).status_code == 302
    approved.refresh_from_db()
    approved.submit_for_review(editor)

    with pytest.raises(PermissionDenied):
        approved.approve(editing_reviewer)
    approved.refresh_from_db()
    assert approved.status == Disease.Status.IN_REVIEW


def test_editing_a_reference_another_page_cites_does_not_bar_approving_this_one(
    approved, editor, editing_reviewer, client
):
    other_reference = make_reference(editor, title="Another study", url="https://example.org/other")
    client.force_login(editing_reviewer)
    assert save_in_admin(client, change_url(other_reference), "reference_form", {"year": "2022"}).status_code == 302
    client.force_login(editor)
    save_in_admin(client, change_url(approved), "disease_form", {"definition_en": "Edited by the editor."})
    approved.refresh_from_db()
    approved.submit_for_review(editor)

    approved.approve(editing_reviewer)

    assert approved.status == Disease.Status.APPROVED


# 4. Delete and recover are no way around review.


def test_a_deleted_reviewed_page_comes_back_as_a_draft_that_needs_review(client, approved, editor):
    advice = PatientAdvice.objects.create(
        disease=approved, text="Keep moving.", role="patient", language="en", consent=True, status="approved"
    )
    events = ReviewEvent.objects.filter(disease=approved).count()
    client.force_login(editor)
    delete_url = reverse("admin:diseases_disease_delete", args=[approved.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert client.get(public_url(approved)).status_code == 404

    recover_list = text(client.get(reverse("admin:diseases_disease_recoverlist")))
    assert "Systemic Juvenile Idiopathic Arthritis" in recover_list
    recover_url = reverse("admin:diseases_disease_recover", args=[approved.pk])
    assert client.post(recover_url, {"post": "yes"}).status_code == 302
    save_in_admin(client, change_url(approved), "disease_form", {"definition_en": "Unreviewed text."})
    published = client.post(reverse("admin:diseases_disease_publish", args=[approved.pk]), {"comment": ""})

    assert published.status_code == 302
    approved.refresh_from_db()
    assert approved.live is None
    assert approved.status == Disease.Status.DRAFT
    client.logout()
    assert client.get(public_url(approved)).status_code == 404
    assert PatientAdvice.objects.filter(pk=advice.pk, disease=approved).exists()
    log = ReviewEvent.objects.filter(disease=approved)
    assert log.count() == events + 2
    assert {event.action for event in log} >= {"approved", "deleted", "recovered"}
    client.force_login(editor)
    history = text(client.get(reverse("admin:diseases_disease_history", args=[approved.pk])))
    assert "Recovered" in history


def test_a_deleted_page_keeps_its_address_from_new_pages(client, approved, editor):
    client.force_login(editor)
    client.post(reverse("admin:diseases_disease_delete", args=[approved.pk]), {"post": "yes"})

    response = save_in_admin(
        client,
        reverse("admin:diseases_disease_add"),
        "disease_form",
        {
            "slug": approved.slug,
            "definition_en": "Imposter.",
            "names-TOTAL_FORMS": "1",
            "names-0-name_en": "Imposter",
        },
    )

    assert response.status_code == 200
    assert Disease.objects.filter(slug=approved.slug).count() == 1


# 5. History is per page.


def test_reverting_one_page_leaves_other_pages_and_shared_groups_alone(client, demo, editor):
    aosd = Disease.objects.get(slug="aosd")
    shared = SymptomGroup.objects.shared().first()
    client.force_login(editor)
    save_in_admin(client, change_url(demo), "disease_form", {"definition_en": "Edited CNO."})
    save_in_admin(client, change_url(aosd), "disease_form", {"definition_en": "Edited AOSD."})
    url = reverse("admin:diseases_sharedsymptomgroup_change", args=[shared.pk])
    save_in_admin(client, url, "sharedsymptomgroup_form", {"title_en": "Edited shared group"})

    first = Version.objects.get_for_object(demo).order_by("pk").first()
    revert_url = reverse("admin:diseases_disease_revision", args=[demo.pk, first.pk])
    assert client.post(revert_url, form_data(client.get(revert_url).content, "revert-form")).status_code == 302

    demo.refresh_from_db()
    aosd.refresh_from_db()
    shared.refresh_from_db()
    assert demo.definition_en != "Edited CNO."
    assert aosd.definition_en == "Edited AOSD."
    assert shared.title_en == "Edited shared group"


def test_each_demo_object_has_a_history_of_its_own(client, demo, editor):
    first = Version.objects.get_for_object(demo).order_by("pk").first()
    labels = {version.content_type.model for version in first.revision.version_set.all()}
    assert "reference" not in labels
    diseases = [v for v in first.revision.version_set.all() if v.content_type.model == "disease"]
    assert [v.object_id for v in diseases] == [str(demo.pk)]

    client.force_login(editor)
    save_in_admin(client, change_url(demo), "disease_form", {"definition_en": "Edited CNO."})
    versions = list(Version.objects.get_for_object(demo).order_by("pk"))
    compare = text(
        client.get(
            reverse("admin:diseases_disease_compare", args=[demo.pk]),
            {"old": versions[0].pk, "new": versions[-1].pk},
        )
    )
    assert "Removed" not in compare
    assert "Adult-Onset" not in compare
    assert "Edited CNO." in compare


# 6. Two editors on one page.


def test_a_stale_form_is_refused_and_keeps_what_was_typed(client, sjia, editor, other_editor):
    client.force_login(editor)
    first_form = form_data(client.get(change_url(sjia)).content, "disease_form")
    client.force_login(other_editor)
    second_form = form_data(client.get(change_url(sjia)).content, "disease_form")

    client.force_login(editor)
    assert client.post(change_url(sjia), {**first_form, "definition_en": "First editor's text."}).status_code == 302
    client.force_login(other_editor)
    response = client.post(change_url(sjia), {**second_form, "definition_es": "Texto del segundo."})

    assert response.status_code == 200
    body = text(response)
    assert "changed this page while you were editing" in body
    assert "First editor's text." in body  # what changed meanwhile
    assert "Texto del segundo." in body  # nothing typed is lost
    sjia.refresh_from_db()
    assert sjia.definition_en == "First editor's text."
    assert sjia.definition_es != "Texto del segundo."

    again = client.post(change_url(sjia), form_data(response.content, "disease_form"))
    assert again.status_code == 302
    sjia.refresh_from_db()
    assert sjia.definition_es == "Texto del segundo."


def test_a_stale_shared_group_form_is_refused(client, shared_group, editor, other_editor):
    url = reverse("admin:diseases_sharedsymptomgroup_change", args=[shared_group.pk])
    client.force_login(editor)
    first_form = form_data(client.get(url).content, "sharedsymptomgroup_form")
    client.force_login(other_editor)
    second_form = form_data(client.get(url).content, "sharedsymptomgroup_form")
    client.force_login(editor)
    assert client.post(url, {**first_form, "title_en": "First"}).status_code == 302
    client.force_login(other_editor)

    response = client.post(url, {**second_form, "title_en": "Second"})

    assert response.status_code == 200
    shared_group.refresh_from_db()
    assert shared_group.title_en == "First"


# 7. A page always keeps a name.


def test_the_last_name_cannot_be_removed(client, sjia, editor):
    client.force_login(editor)
    data = form_data(client.get(change_url(sjia)).content, "disease_form")

    response = client.post(change_url(sjia), {**data, "names-0-DELETE": "on"})

    assert response.status_code == 200
    assert "A page needs at least one name." in text(response)
    assert sjia.names.count() == 1


def test_a_page_without_a_name_cannot_be_published(sjia, editor):
    sjia.names.all().delete()

    with pytest.raises(ValidationError):
        sjia.publish_provisionally(editor)
    sjia.refresh_from_db()
    assert sjia.live is None


# 8. Credits name a reviewer with credentials, never a user name.


def test_approval_needs_a_reviewer_profile_with_credentials(client, sjia, editor, second_reviewer):
    sjia.submit_for_review(editor)
    client.force_login(second_reviewer)

    response = approve_from_screen(client, sjia, open_review_screen(client, sjia))

    assert response.status_code == 200
    assert "reviewer profile" in text(response)
    sjia.refresh_from_db()
    assert sjia.status == Disease.Status.IN_REVIEW
    with pytest.raises(ValidationError):
        sjia.approve(second_reviewer)


def test_the_public_credit_names_the_reviewer_and_credentials(client, approved, reviewer):
    body = text(client.get(public_url(approved)))

    assert "Medically reviewed by Dr Ada Lane, MD, paediatric rheumatologist on" in body
    assert f"by {reviewer.username} " not in body


# 9. Translations and approval.


def test_a_translation_the_reviewer_checked_is_not_published_as_outdated(client, approved, editor, reviewer):
    client.force_login(editor)
    save_in_admin(client, change_url(approved), "disease_form", {"definition_en": "New English definition."})
    approved.refresh_from_db()
    approved.submit_for_review(editor)

    checked = [translation_status.item_key(approved, "definition", code) for code in ("es", "fr")]
    approved.approve(reviewer, languages=["en", "es", "fr"], current_items=checked)

    client.logout()
    spanish = text(client.get(public_url(approved, "es")))
    assert "La versión en inglés de esta página se ha actualizado" not in spanish
    assert "Revisado médicamente por" in spanish


def test_outdated_translations_are_unticked_on_the_review_screen_with_the_reason(client, approved, editor, reviewer):
    client.force_login(editor)
    save_in_admin(client, change_url(approved), "disease_form", {"definition_en": "New English definition."})
    save_in_admin(client, change_url(approved), "disease_form", {"definition_fr": "Nouvelle définition."})
    approved.refresh_from_db()
    approved.submit_for_review(editor)

    client.force_login(reviewer)
    response = client.get(review_url(approved))

    assert form_data(response.content, "approve-form")["approve-languages"] == ["en", "fr"]
    assert "The English text changed since the Spanish translation was written" in text(response)


def test_outdated_shared_group_translations_show_a_notice_and_in_the_status_table(client, sjia, editor, shared_group):
    sjia.publish_provisionally(editor)
    client.force_login(editor)
    url = reverse("admin:diseases_sharedsymptomgroup_change", args=[shared_group.pk])
    save_in_admin(client, url, "sharedsymptomgroup_form", {"title_en": "Symptoms common to every disease"})

    table = client.get(reverse("admin:diseases_disease_translations"))
    cells = {
        (row["disease"].slug, cell["language"]): cell["status"]
        for row in table.context["rows"]
        for cell in row["cells"]
    }
    assert cells[(sjia.slug, "es")] == "outdated"
    client.logout()
    assert "La versión en inglés de esta página se ha actualizado" in text(client.get(public_url(sjia, "es")))


# The snapshot's schema.


def first_schema_page(language):
    """A page as the first version froze it: one rendered page per language."""
    return {
        "slug": "sjia",
        "title": f"Old title ({language})",
        "short_name": "SJIA",
        "names": [{"name": f"Old title ({language})", "abbreviation": "SJIA"}],
        "pronunciations": [{"term": "Arthritis", "respelling": "ar-THRY-tis"}],
        "definition": f"Frozen definition ({language}).",
        "category": "autoinflammatory",
        "category_label": "Autoinflammatory",
        "cytokines": "",
        "body_areas": "",
        "mostly_affected": "",
        "typical_onset": "",
        "codes": [],
        "shared_groups": [],
        "groups": [
            {
                "id": 1,
                "title": "Old group",
                "introduction": "",
                "guidance": "",
                "symptoms": ["Old symptom"],
                "reference": None,
            }
        ],
        "sections": [{"title": "Old section", "body": "Old **body**"}],
        "facts": ["Old fact"],
        "resources": [],
        "last_updated": "2023-09-01",
        "has_fallback": False,
        "outdated": False,
    }


def test_a_publication_of_the_first_schema_still_renders(client, sjia, editor):
    sjia.publish_provisionally(editor)
    content = {language: first_schema_page(language) for language in ("en", "es", "fr")}
    Publication.objects.filter(pk=sjia.live_id).update(content=content)

    body = text(client.get(public_url(sjia, "es")))

    assert "Frozen definition (es)." in body
    assert ">Old symptom</a></li>" in body
    assert "<li>Old fact</li>" in body
    assert "<strong>body</strong>" in body


def test_a_publication_records_its_schema_and_what_was_approved(sjia, editor, reviewer):
    sjia.submit_for_review(editor)
    shown = candidates.for_review(sjia)

    sjia.approve(reviewer, fingerprint=shown.fingerprint)

    content = Publication.objects.get(pk=sjia.live_id).content
    assert content["schema"] == 2
    assert content["documents"] == {shown.fingerprint: shown.document}
