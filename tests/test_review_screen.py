"""The medical review screen tells the truth: who may approve, why not, what changes and where it shows."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from diseases import versioning, workflow
from diseases.models import Disease, ReviewEvent

from .factories import approved_by, make_disease, make_reference, make_shared_group
from .forms import form_data
from .test_admin import change_url, post_change_form

pytestmark = pytest.mark.django_db


def review_url(disease):
    return reverse("admin:diseases_disease_review", args=[disease.pk])


def review_screen(client, user, disease):
    client.force_login(user)
    response = client.get(review_url(disease))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def save_in_admin(client, user, model, obj, changes):
    """`user` changes a shared symptom group or a reference on its admin form."""
    client.force_login(user)
    url = reverse(f"admin:diseases_{model}_change", args=[obj.pk])
    data = form_data(client.get(url).content, f"{model}_form")
    data.update(changes)
    assert client.post(url, data).status_code == 302


@pytest.fixture
def bone_pain(editor):
    return make_shared_group(editor, title="Bone pain", symptoms=("Aching bones",))


@pytest.fixture
def study(editor):
    return make_reference(editor, title="Early Symptoms Study")


@pytest.fixture
def sjia(editor, reviewer, bone_pain, study):
    """An approved page that shows the shared group “Bone pain” and cites the study in its own group."""
    return approved_by(make_disease(editor, reference=study), editor, reviewer)


def approve_as_another_reviewer_would(client, reviewer, user, disease):
    """`user` posts the approval form exactly as `reviewer` was shown it."""
    client.force_login(reviewer)
    data = {**form_data(client.get(review_url(disease)).content, "approve-form"), "action": "approve"}
    client.force_login(user)
    return client.post(review_url(disease), data)


def test_a_reviewer_who_edited_the_page_is_not_offered_approval_and_is_told_why(
    client, sjia, editor, reviewer, editor_and_reviewer
):
    client.force_login(editor_and_reviewer)
    post_change_form(client, change_url(sjia), {"definition_en": "Edited by a reviewer."})
    sjia.submit_for_review(editor)

    screen = review_screen(client, editor_and_reviewer, sjia)

    assert 'id="approve-form"' not in screen
    assert "You edited this draft, so another reviewer must approve it." in screen
    assert 'id="request-changes-form"' in screen  # sending it back stays open to them
    other = review_screen(client, reviewer, sjia)
    assert 'id="approve-form"' in other
    assert "another reviewer must approve it" not in other


def test_a_reviewer_who_edited_a_shared_group_is_told_which_and_cannot_approve(
    client, sjia, editor, reviewer, editor_and_reviewer, bone_pain
):
    save_in_admin(client, editor_and_reviewer, "sharedsymptomgroup", bone_pain, {"title_fr": "Douleurs osseuses"})
    sjia.refresh_from_db()
    sjia.submit_for_review(editor)
    told = "You edited the shared symptom group “Bone pain”, which this page shows: another reviewer must approve it."

    screen = review_screen(client, editor_and_reviewer, sjia)

    assert 'id="approve-form"' not in screen
    assert told in screen
    assert "You edited this draft" not in screen
    response = approve_as_another_reviewer_would(client, reviewer, editor_and_reviewer, sjia)
    assert response.status_code == 403
    refused = html.unescape(response.content.decode())
    assert f'<li class="error">{told}</li>' in refused
    assert "changes-comment" in form_data(refused, "request-changes-form")  # sending it back stays open
    sjia.refresh_from_db()
    assert sjia.status == Disease.Status.IN_REVIEW


@pytest.mark.parametrize(
    ("titles", "language", "named"),
    [
        (
            {"title_fr": "Douleurs osseuses"},
            "fr",
            "Vous avez modifié le groupe de symptômes partagé «\u00a0Douleurs osseuses\u00a0»",
        ),
        # Without a title in the reviewer's language: in English.
        ({"title_es": ""}, "es", "Usted editó el grupo de síntomas compartido “Bone pain”, que esta página muestra"),
    ],
)
def test_the_refusal_names_the_shared_group_in_the_reviewers_language(
    client, sjia, editor, editor_and_reviewer, bone_pain, titles, language, named
):
    save_in_admin(client, editor_and_reviewer, "sharedsymptomgroup", bone_pain, titles)
    sjia.refresh_from_db()
    sjia.submit_for_review(editor)
    client.force_login(editor_and_reviewer)

    shown = html.unescape(client.get(review_url(sjia), headers={"accept-language": language}).content.decode())

    assert named in shown


def test_a_reviewer_who_edited_the_page_and_a_reference_is_told_both(
    client, sjia, editor, reviewer, editor_and_reviewer, study
):
    save_in_admin(client, editor_and_reviewer, "reference", study, {"year": "2020"})
    post_change_form(client, change_url(sjia), {"definition_en": "Edited by a reviewer."})
    sjia.refresh_from_db()
    sjia.submit_for_review(editor)

    screen = review_screen(client, editor_and_reviewer, sjia)

    assert 'id="approve-form"' not in screen
    assert (
        "You edited this draft and the reference “Early Symptoms Study”, which this page shows: "
        "another reviewer must approve it."
    ) in screen


def test_shared_groups_appear_in_the_diff_where_the_page_shows_them(client, editor, reviewer, bone_pain, study):
    disease = make_disease(editor, reference=study)
    disease.resources.create(order=0, url="https://example.org", title_en="A charity")
    disease.submit_for_review(editor)

    client.force_login(reviewer)
    changes = client.get(review_url(disease)).context["changes"]

    order = [change.model for change in changes]
    # The page shows the shared groups right after its definition, before its own symptoms.
    assert order.index("Shared symptom group") < order.index("Symptom group")
    assert order.index("Name") < order.index("Shared symptom group")
    assert order.index("Symptom group") < order.index("Interesting fact") < order.index("Resource")


def test_a_changed_shared_item_says_how_many_pages_show_it(client, sjia, editor, reviewer, bone_pain, study):
    make_disease(editor, slug="aosd", name="Adult-Onset Still's Disease", abbreviation="AOSD")
    Disease.objects.filter(pk=make_disease(editor, slug="gone", abbreviation="GONE").pk).update(
        status=Disease.Status.DELETED
    )
    save_in_admin(client, editor, "sharedsymptomgroup", bone_pain, {"title_es": "Dolor de huesos"})
    save_in_admin(client, editor, "reference", study, {"year": "2020"})
    post_change_form(client, change_url(sjia), {"definition_en": "Edited."})
    sjia.refresh_from_db()
    sjia.submit_for_review(editor)

    screen = review_screen(client, reviewer, sjia)
    changes = {change.model: change for change in client.get(review_url(sjia)).context["changes"]}

    assert "Shown on 2 pages" in screen  # the shared group: on both pages not deleted
    assert "Shown on 1 page" in screen  # the study: only on this page
    assert changes["Shared symptom group"].pages == 2
    assert changes["Reference"].pages == 1
    assert changes["Disease"].pages is None  # the page's own text concerns this page only


def test_what_a_refusal_names_is_shown_as_text(client, sjia, editor, editor_and_reviewer, study):
    save_in_admin(client, editor_and_reviewer, "reference", study, {"title_en": "<b>Study</b>"})
    sjia.refresh_from_db()
    sjia.submit_for_review(editor)

    client.force_login(editor_and_reviewer)
    screen = client.get(review_url(sjia)).content.decode()

    assert "the reference “&lt;b&gt;Study&lt;/b&gt;”" in screen
    assert "<b>Study</b>" not in screen


def test_the_review_screen_of_a_draft_says_there_is_nothing_to_decide(client, editor, reviewer):
    page = make_disease(editor)
    page.submit_for_review(editor, comment="Ready")
    page.request_changes(reviewer, "Shorter, please.")
    with workflow.editing(editor):
        page.definition_en = "Shorter."
        page.save()

    screen = review_screen(client, reviewer, page)

    assert "What you are asked to review" not in screen and "Submitted by" not in screen
    assert "This page is not awaiting review" in screen
    assert "There is nothing to decide while the page is “Draft”" in screen


def test_a_reviewer_who_edited_a_draft_is_told_there_is_nothing_to_decide_not_that_they_edited_it(
    client, editor_and_reviewer
):
    page = make_disease(editor_and_reviewer)

    screen = review_screen(client, editor_and_reviewer, page)

    assert "There is nothing to decide while the page is “Draft”" in screen
    assert "You edited" not in screen and 'id="approval-refused"' not in screen


# A never-approved page sent back and resubmitted: what changed since the request for changes.


def section_since_request(screen):
    start = screen.index('id="since-change-request"')
    return screen[start : screen.index("</section>", start)]


def test_a_resubmitted_page_shows_what_changed_since_the_request_for_changes(client, editor, reviewer):
    page = make_disease(editor)
    page.submit_for_review(editor)
    page.request_changes(reviewer, "Say what the fever looks like.")
    with workflow.editing(editor):
        symptom = page.symptom_groups.get().symptoms.get()
        symptom.text_en = "Daily spiking fever, often in the evening"
        symptom.save()
    page.submit_for_review(editor)

    screen = review_screen(client, reviewer, page)
    since = section_since_request(screen)

    assert "Changes since changes were requested by rev on" in since
    assert "Say what the fever looks like." in since
    assert "often in the evening" in since
    # Only what the editor changed: the untouched definition and names are not listed again.
    assert "is a disease." not in since
    assert "Systemic Juvenile Idiopathic Arthritis" not in since.split("</h2>", 1)[1]
    # The diff against what the public reads (nothing: never approved) is still there, in full.
    assert "Everything on the page (it has never been approved)" in screen
    assert screen.count("often in the evening") >= 2


def test_the_diff_since_the_request_is_against_what_the_reviewer_saw_not_the_latest_edit_before_it(
    client, editor, reviewer
):
    page = make_disease(editor)
    page.submit_for_review(editor)
    request = page.request_changes(reviewer, "Shorter.")
    page.submit_for_review(editor)

    since = section_since_request(review_screen(client, reviewer, page))

    assert "No differences." in since
    # The request keeps the revision the reviewer saw: later revisions do not move it.
    assert request.revision == versioning.latest_revision(page)


def test_no_diff_since_a_request_for_changes_when_there_was_none_or_the_page_was_approved_since(
    client, editor, reviewer
):
    page = make_disease(editor)
    page.submit_for_review(editor)
    assert 'id="since-change-request"' not in review_screen(client, reviewer, page)

    page.request_changes(reviewer, "Shorter.")
    page.submit_for_review(editor)
    page.approve(reviewer)
    with workflow.editing(editor):
        page.definition_en = "SJIA is a rare disease."
        page.save()
    page.submit_for_review(editor)

    assert 'id="since-change-request"' not in review_screen(client, reviewer, page)


def test_the_review_screen_names_the_page_who_submitted_it_when_and_why_and_how_easy_it_reads(client, editor, reviewer):
    page = make_disease(editor)
    page.submit_for_review(editor, comment="Please check the new symptoms.")
    submitted = page.review_events.get(action=ReviewEvent.Action.SUBMITTED)

    screen = review_screen(client, reviewer, page)

    assert "<h1>Medical review of Systemic Juvenile Idiopathic Arthritis (SJIA)</h1>" in screen
    when = formats.date_format(timezone.localtime(submitted.created_at), "DATETIME_FORMAT")
    assert f"Submitted by ed on {when}." in screen
    assert "The editor's comment: “Please check the new symptoms.”" in screen
    table = re.search(r'<table class="readability-table".*?</table>', screen, re.S).group(0)
    assert re.findall(r'<th scope="row">(.*?)</th>', table) == ["English", "Spanish", "French"]
    assert "changes-comment" in form_data(screen, "request-changes-form")


def test_a_decision_the_screen_does_not_offer_is_refused_with_the_screen_and_changes_nothing(client, editor, reviewer):
    page = make_disease(editor)
    page.submit_for_review(editor)
    client.force_login(reviewer)
    data = {**form_data(client.get(review_url(page)).content, "approve-form"), "action": "<b>publish</b>"}

    response = client.post(review_url(page), data)

    assert response.status_code == 400
    screen = response.content.decode()
    assert "<h1>Medical review of Systemic Juvenile Idiopathic Arthritis (SJIA)</h1>" in screen
    assert "<b>publish" not in screen
    assert "approve-fingerprint" in form_data(screen, "approve-form")
    assert "changes-comment" in form_data(screen, "request-changes-form")
    page.refresh_from_db()
    assert page.status == Disease.Status.IN_REVIEW and page.live is None
