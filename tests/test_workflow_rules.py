"""
Every rule of the review workflow (`diseases.workflow`), one small page per
scenario. Each test fails when the rule it names is taken out.
"""

import datetime

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone, translation
from reversion.models import Version

from diseases import documents, publications, translation_status, workflow
from diseases.models import (
    ContentEdit,
    Disease,
    DiseaseName,
    Publication,
    ReviewerProfile,
    ReviewEvent,
    SearchEntry,
    SharedSymptomGroup,
)
from diseases.permissions import EDITORS_GROUP, REVIEWERS_GROUP
from diseases.workflow import snapshots

from .factories import approved_by, edit, make_disease, make_reference, make_shared_group

pytestmark = pytest.mark.django_db

Status = Disease.Status
ALL_STATES = list(Status.values)


@pytest.fixture
def sjia(editor):
    return make_disease(editor)


def set_status(disease, status):
    Disease.objects.filter(pk=disease.pk).update(status=status)
    disease.refresh_from_db()


def public_page(disease, language="en"):
    disease.refresh_from_db()
    return publications.page_in_language(disease.live.content, language)


# Who may make which transition, from which state.

ROLE_RULES = {
    # transition: (role that may, role that may not)
    "submit_for_review": ("editor", "reviewer"),
    "request_changes": ("reviewer", "editor"),
    "approve": ("reviewer", "editor"),
    "publish_provisionally": ("editor", "reviewer"),
    "delete": ("editor", "reviewer"),
    "recover": ("editor", "reviewer"),
}
SOURCE_STATES = {
    "submit_for_review": {Status.DRAFT, Status.CHANGES_REQUESTED},
    "request_changes": {Status.IN_REVIEW},
    "approve": {Status.IN_REVIEW, Status.APPROVED},  # from approved: a full review of the page as it stands
    "publish_provisionally": {Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED},
    "delete": {Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED},
    "recover": {Status.DELETED},
}
TRANSITION_NAMES = {
    "submit_for_review": "submit",
    "request_changes": "request_changes",
    "approve": "approve",
    "publish_provisionally": "publish",
    "delete": "delete",
    "recover": "recover",
}
TARGET_STATES = {
    "submit_for_review": Status.IN_REVIEW,
    "request_changes": Status.CHANGES_REQUESTED,
    "approve": Status.APPROVED,
    "delete": Status.DELETED,
    "recover": Status.DRAFT,
}


def act(transition, disease, user):
    if transition == "approve":
        return workflow.approve(disease, user)
    return getattr(workflow, transition)(disease, user, comment="Needs a source")


@pytest.fixture
def users(editor, reviewer):
    return {"editor": editor, "reviewer": reviewer}


@pytest.mark.parametrize("status", ALL_STATES)
@pytest.mark.parametrize("transition", list(SOURCE_STATES))
def test_each_transition_starts_only_from_its_states(sjia, users, transition, status):
    set_status(sjia, status)
    actor = users[ROLE_RULES[transition][0]]
    events = ReviewEvent.objects.count()

    if status in SOURCE_STATES[transition]:
        event = act(transition, sjia, actor)
        sjia.refresh_from_db()
        assert event.from_status == status
        assert sjia.status == TARGET_STATES.get(transition, status)
        assert event.to_status == sjia.status
        assert ReviewEvent.objects.count() == events + 1
    else:
        with pytest.raises(workflow.TransitionNotAllowed) as refusal:
            act(transition, sjia, actor)
        assert refusal.value.code == "state"
        sjia.refresh_from_db()
        assert sjia.status == status
        assert ReviewEvent.objects.count() == events


@pytest.mark.parametrize("transition", list(ROLE_RULES))
def test_each_transition_is_refused_to_the_other_role(sjia, users, transition):
    status = sorted(SOURCE_STATES[transition])[0]
    set_status(sjia, status)
    events = ReviewEvent.objects.count()

    with pytest.raises(PermissionDenied) as refusal:
        act(transition, sjia, users[ROLE_RULES[transition][1]])

    assert str(refusal.value) == str(workflow.TRANSITIONS[TRANSITION_NAMES[transition]].refusal)
    sjia.refresh_from_db()
    assert sjia.status == status
    assert ReviewEvent.objects.count() == events


def test_inactive_users_may_do_nothing(sjia, editor):
    editor.is_active = False
    editor.save()

    with pytest.raises(PermissionDenied):
        sjia.submit_for_review(editor)
    with pytest.raises(PermissionDenied):
        sjia.publish_provisionally(editor)


def test_a_superuser_reviews_like_a_reviewer(sjia, editor, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    ReviewerProfile.objects.create(user=boss, display_name="Dr Boss", credentials_en="MD")
    sjia.submit_for_review(editor)

    sjia.approve(boss)

    assert sjia.live.reviewed_by == boss


def test_the_admin_offers_exactly_the_allowed_transitions(sjia, editor, reviewer):
    assert workflow.available(sjia, editor) == ["submit", "publish", "delete"]
    assert workflow.available(sjia, reviewer) == []
    sjia.submit_for_review(editor)
    assert workflow.available(sjia, reviewer) == ["request_changes", "approve"]
    assert workflow.available(sjia, editor) == ["publish", "delete"]
    sjia.approve(reviewer)
    assert workflow.available(sjia, editor) == ["delete"]
    workflow.delete(sjia, editor)
    assert workflow.available(sjia, editor) == ["recover"]


def test_each_event_records_who_and_the_comment(sjia, editor):
    event = sjia.submit_for_review(editor, comment="Please check the cytokines")

    assert (event.actor, event.comment, event.action) == (editor, "Please check the cytokines", "submitted")
    assert event.disease == sjia
    assert Disease.objects.get(pk=sjia.pk).status == Status.IN_REVIEW


# Requesting changes.


@pytest.mark.parametrize("comment", ["", "   \n"])
def test_requesting_changes_needs_a_comment(sjia, editor, reviewer, comment):
    sjia.submit_for_review(editor)

    with pytest.raises(ValidationError) as refusal:
        sjia.request_changes(reviewer, comment)

    assert refusal.value.code == "comment_required"
    assert Disease.objects.get(pk=sjia.pk).status == Status.IN_REVIEW


def test_requested_changes_reach_the_editors_and_the_submitter(
    sjia, editor, other_editor, reviewer, django_capture_on_commit_callbacks
):
    edit(sjia, other_editor, definition_en="Edited by the second editor.")
    sjia.submit_for_review(editor)

    with django_capture_on_commit_callbacks(execute=True):
        sjia.request_changes(reviewer, "Cite the study.")

    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"ed@example.org", "ed2@example.org"}
    assert "Cite the study." in mail.outbox[0].body


def test_decisions_go_to_those_who_worked_on_this_draft_only(
    sjia, editor, other_editor, reviewer, django_capture_on_commit_callbacks
):
    approved_by(sjia, editor, reviewer)
    edit(sjia, other_editor, definition_en="A later change.")
    sjia.submit_for_review(other_editor)

    with django_capture_on_commit_callbacks(execute=True):
        sjia.request_changes(reviewer, "Not yet.")
    edit(sjia, other_editor, definition_en="The change, corrected.")
    sjia.submit_for_review(other_editor)
    with django_capture_on_commit_callbacks(execute=True):
        sjia.approve(reviewer)

    assert [message.to for message in mail.outbox] == [["ed2@example.org"], ["ed2@example.org"]]


# Publishing awaiting review.


def test_publishing_awaiting_review_shows_the_page_marked_unreviewed(sjia, editor):
    event = sjia.publish_provisionally(editor, comment="Launch")

    sjia.refresh_from_db()
    assert event.action == "published_provisionally"
    assert sjia.status == Status.DRAFT
    assert sjia.live.published_by == editor
    assert sjia.live.reviewed_by is None
    assert sjia.live.fingerprint == documents.fingerprint(documents.candidate(sjia))
    assert not public_page(sjia)["translation_reviewed"]
    assert SearchEntry.objects.filter(disease=sjia).count() == 3


def test_a_published_page_is_not_published_twice(sjia, editor):
    sjia.publish_provisionally(editor)

    with pytest.raises(workflow.TransitionNotAllowed) as refusal:
        sjia.publish_provisionally(editor)

    assert "already published" in str(refusal.value)
    assert Publication.objects.filter(disease=sjia).count() == 1


def test_a_reviewed_page_is_never_published_awaiting_review_again(sjia, editor, reviewer):
    approved_by(sjia, editor, reviewer)
    workflow.delete(sjia, editor)
    workflow.recover(sjia, editor)

    with pytest.raises(workflow.TransitionNotAllowed) as refusal:
        sjia.publish_provisionally(editor)

    assert "medically reviewed" in str(refusal.value)
    assert Disease.objects.get(pk=sjia.pk).live is None


def test_a_page_without_names_is_never_published(sjia, editor, reviewer):
    sjia.names.all().delete()

    with pytest.raises(ValidationError) as refusal:
        sjia.publish_provisionally(editor)
    assert refusal.value.messages == ["A page needs at least one name."]
    sjia.submit_for_review(editor)
    with pytest.raises(ValidationError):
        sjia.approve(reviewer)
    assert not Publication.objects.filter(disease=sjia).exists()


# Approving.


def test_approval_publishes_the_candidate_credited_to_the_reviewer(sjia, editor, reviewer):
    candidate = documents.candidate(sjia)
    sjia.submit_for_review(editor)

    event = sjia.approve(reviewer, comment="Checked")

    sjia.refresh_from_db()
    live = sjia.live
    assert (event.action, event.comment, sjia.status) == ("approved", "Checked", Status.APPROVED)
    assert (live.reviewed_by, live.published_by) == (reviewer, reviewer)
    assert live.fingerprint == documents.fingerprint(candidate)
    assert live.languages == ["en", "es", "fr"]
    assert live.revision == Version.objects.get_for_object(sjia).first().revision
    today = timezone.localdate()
    assert live.next_review_due == today.replace(year=today.year + 3)
    english = public_page(sjia)
    assert english["reviewed_by"] == "Dr Ada Lane, MD, paediatric rheumatologist"
    assert english["reviewed_on"] == today
    assert public_page(sjia, "fr")["reviewed_by"] == "Dr Ada Lane, médecin, rhumatologue pédiatrique"
    assert english["definition"] == "Systemic Juvenile Idiopathic Arthritis is a disease."
    assert SearchEntry.objects.filter(disease=sjia, language="es").exists()


def test_approval_tells_the_editors(sjia, editor, reviewer, django_capture_on_commit_callbacks):
    sjia.submit_for_review(editor)

    with django_capture_on_commit_callbacks(execute=True):
        sjia.approve(reviewer, comment="Fine")

    assert mail.outbox[0].to == ["ed@example.org"]


def test_the_reviewer_sets_the_next_review_date(sjia, editor, reviewer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    sjia.submit_for_review(editor)

    sjia.approve(reviewer, next_review_due=tomorrow)

    assert sjia.live.next_review_due == tomorrow


@pytest.mark.parametrize("days", [0, -1])
def test_the_next_review_is_after_today(sjia, editor, reviewer, days):
    sjia.submit_for_review(editor)

    with pytest.raises(ValidationError) as refusal:
        sjia.approve(reviewer, next_review_due=timezone.localdate() + datetime.timedelta(days=days))

    assert refusal.value.code == "past"
    assert Disease.objects.get(pk=sjia.pk).live is None


@pytest.mark.parametrize(("languages", "code"), [(["es", "fr"], "source_language"), (["en", "de"], "unknown_language")])
def test_the_languages_checked_include_english_and_only_site_languages(sjia, editor, reviewer, languages, code):
    sjia.submit_for_review(editor)

    with pytest.raises(ValidationError) as refusal:
        sjia.approve(reviewer, languages=languages)

    assert refusal.value.code == code


@pytest.mark.parametrize("credentials", [None, "", "  "])
def test_approval_needs_a_named_reviewer_with_credentials(sjia, editor, second_reviewer, credentials):
    if credentials is not None:
        ReviewerProfile.objects.create(user=second_reviewer, display_name="Dr Second", credentials_en=credentials)
    sjia.submit_for_review(editor)

    with pytest.raises(ValidationError) as refusal:
        sjia.approve(second_reviewer)

    assert refusal.value.code == "reviewer_profile"
    assert Disease.objects.get(pk=sjia.pk).status == Status.IN_REVIEW


def test_approval_refuses_a_candidate_that_is_not_what_was_shown(sjia, editor, reviewer):
    sjia.submit_for_review(editor)
    shown = documents.fingerprint(documents.candidate(sjia))
    edit(sjia, editor, definition_en="Changed after the screen was shown.")

    with pytest.raises(workflow.StaleCandidate):
        sjia.approve(reviewer, fingerprint=shown)

    assert Disease.objects.get(pk=sjia.pk).live is None
    sjia.approve(reviewer, fingerprint=documents.fingerprint(documents.candidate(sjia)))
    assert public_page(sjia)["definition"] == "Changed after the screen was shown."


def test_a_shared_group_added_while_an_approval_waits_for_its_locks_makes_it_stale(sjia, editor, reviewer, monkeypatch):
    sjia.submit_for_review(editor)
    locking = workflow.edits.lock

    def lock_while_another_editor_adds_a_group(owners, pages=None):
        # The approval waited for its locks while another editor's new shared group committed.
        monkeypatch.setattr(workflow.edits, "lock", locking)
        locking(owners, pages)
        make_shared_group(editor, title="Added meanwhile")

    monkeypatch.setattr(workflow.edits, "lock", lock_while_another_editor_adds_a_group)

    assert refused(workflow.approve, sjia, reviewer) == (
        "stale",
        "The page changed since you opened this screen, so nothing was published. Review the changes as they are now.",
    )
    sjia.refresh_from_db()
    assert sjia.status == Status.IN_REVIEW and sjia.live is None


def test_checked_languages_are_current_before_the_snapshot(sjia, editor, reviewer):
    approved_by(sjia, editor, reviewer)
    edit(sjia, editor, definition_en="New English.")
    sjia.submit_for_review(editor)

    sjia.approve(
        reviewer, languages=["en", "es"], current_items=[translation_status.item_key(sjia, "definition", "es")]
    )

    assert not public_page(sjia, "es")["outdated"]
    assert public_page(sjia, "fr")["translation_reviewed"]  # kept from before, when it was current


def test_an_unchecked_language_keeps_its_earlier_approved_text(sjia, editor, reviewer):
    approved_by(sjia, editor, reviewer)
    edit(sjia, editor, definition_fr="Nouveau texte pas encore relu.", definition_es="Nuevo texto revisado.")
    sjia.submit_for_review(editor)

    sjia.approve(reviewer, languages=["en", "es"])

    assert public_page(sjia, "es")["definition"] == "Nuevo texto revisado."
    french = public_page(sjia, "fr")
    assert french["definition"] == "Systemic Juvenile Idiopathic Arthritis is a disease. (fr)"
    assert french["translation_reviewed"]
    assert sjia.live.languages == ["en", "es"]


def test_an_unchecked_language_never_approved_is_shown_unreviewed(sjia, editor, reviewer):
    sjia.submit_for_review(editor)

    sjia.approve(reviewer, languages=["en", "es"])

    french = public_page(sjia, "fr")
    assert not french["translation_reviewed"]
    assert french["definition"] == "Systemic Juvenile Idiopathic Arthritis is a disease. (fr)"


def test_a_language_kept_from_a_first_schema_publication_still_renders(sjia, editor, reviewer):
    approved_by(sjia, editor, reviewer)
    old_french = {**public_page(sjia, "fr"), "definition": "Texte de la première version."}
    old_french = {
        key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in old_french.items()
    }
    old_french["facts"] = [fact["text"] for fact in old_french["facts"]]
    for key in ("groups", "shared_groups"):
        old_french[key] = [{**g, "symptoms": [s["text"] for s in g["symptoms"]]} for g in old_french[key]]
    Publication.objects.filter(pk=sjia.live_id).update(content={"fr": old_french, "en": old_french})
    edit(sjia, editor, definition_en="Newer English.")
    sjia.submit_for_review(editor)

    sjia.approve(reviewer, languages=["en"])

    assert public_page(sjia, "fr")["definition"] == "Texte de la première version."
    assert public_page(sjia, "fr")["translation_reviewed"]
    # Approved in English once more: the French kept from the first schema is kept again.
    edit(sjia, editor, definition_en="Newest English.")
    sjia.submit_for_review(editor)
    sjia.approve(reviewer, languages=["en"])
    assert public_page(sjia, "fr")["definition"] == "Texte de la première version."


# Four-eyes.


@pytest.fixture
def clinician_editor(db, django_user_model):
    user = django_user_model.objects.create_user("both", password="pw", email="both@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP), Group.objects.get(name=REVIEWERS_GROUP))
    ReviewerProfile.objects.create(user=user, display_name="Dr Both", credentials_en="MD")
    return user


def test_nobody_approves_a_page_they_wrote(editor, clinician_editor):
    page = make_disease(clinician_editor)
    page.submit_for_review(editor)

    with pytest.raises(PermissionDenied):
        page.approve(clinician_editor)


def test_nobody_approves_a_page_whose_shared_group_they_edited(sjia, editor, reviewer, clinician_editor):
    approved_by(sjia, editor, reviewer)
    group = make_shared_group(editor)
    with workflow.editing(clinician_editor):
        group.title_en = "Edited"
        group.save()
    sjia.submit_for_review(editor)

    with pytest.raises(PermissionDenied):
        sjia.approve(clinician_editor)


def test_nobody_approves_a_page_after_deleting_a_shared_group_it_showed(editor, reviewer, clinician_editor):
    group = make_shared_group(editor)
    page = approved_by(make_disease(editor), editor, reviewer)
    with workflow.editing(clinician_editor):
        SharedSymptomGroup.objects.get(pk=group.pk).delete()
    page.submit_for_review(editor)

    with pytest.raises(PermissionDenied):
        page.approve(clinician_editor)


def test_nobody_approves_a_page_citing_a_reference_they_edited(editor, reviewer, clinician_editor):
    reference = make_reference(editor)
    page = approved_by(make_disease(editor, reference=reference), editor, reviewer)
    with workflow.editing(clinician_editor):
        reference.year = 2024
        reference.save()
    page.submit_for_review(editor)

    with pytest.raises(PermissionDenied):
        page.approve(clinician_editor)


def test_edits_reviewed_by_someone_else_no_longer_count(editor, reviewer, clinician_editor):
    page = make_disease(clinician_editor)
    approved_by(page, editor, reviewer)
    edit(page, editor, definition_en="An editor's change.")
    page.submit_for_review(editor)

    page.approve(clinician_editor)

    assert page.live.reviewed_by == clinician_editor


def test_the_first_edit_ever_recorded_counts_when_it_follows_an_approval(editor, reviewer, clinician_editor):
    # Imported without signals: the approval comes before any recorded edit.
    (page,) = Disease.objects.bulk_create([Disease(slug="imported", definition_en="Imported.")])
    DiseaseName.objects.bulk_create([DiseaseName(disease=page, order=0, name_en="Imported disease")])
    assert not ContentEdit.objects.exists()
    approved_by(page, editor, reviewer)
    edit(page, clinician_editor, definition_en="The first edit ever recorded.")
    page.submit_for_review(editor)

    with pytest.raises(PermissionDenied):
        page.approve(clinician_editor)


def test_edits_to_other_pages_do_not_count(sjia, editor, clinician_editor):
    other = make_disease(clinician_editor, slug="aosd", name="Adult-Onset Still's Disease", abbreviation="AOSD")
    edit(other, clinician_editor, definition_en="Changed.")
    sjia.submit_for_review(editor)

    sjia.approve(clinician_editor)

    assert sjia.live.reviewed_by == clinician_editor


# Edits, wherever they come from.


def test_an_edit_of_an_approved_page_is_a_draft_the_public_does_not_see(sjia, editor, reviewer):
    approved_by(sjia, editor, reviewer)

    edit(sjia, editor, definition_en="Unreviewed.")

    assert sjia.status == Status.DRAFT
    assert sjia.last_updated == timezone.localdate()
    event = sjia.review_events.first()
    assert (event.action, event.actor, event.from_status, event.to_status) == ("edited", editor, "approved", "draft")
    assert public_page(sjia)["definition"] == "Systemic Juvenile Idiopathic Arthritis is a disease."


def test_an_edit_of_a_page_sent_back_is_a_draft_again(sjia, editor, reviewer):
    sjia.submit_for_review(editor)
    sjia.request_changes(reviewer, "More detail.")

    edit(sjia, editor, definition_en="More detail.")

    assert sjia.status == Status.DRAFT


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_an_edit_of_a_draft_or_a_page_in_review_keeps_its_state(sjia, editor, status):
    set_status(sjia, status)
    events = ReviewEvent.objects.count()

    edit(sjia, editor, definition_en="Changed.")

    assert sjia.status == status
    assert ReviewEvent.objects.count() == events


def test_an_edit_of_a_page_published_awaiting_review_shows_at_once(sjia, editor):
    sjia.publish_provisionally(editor)
    first = sjia.live_id

    edit(sjia, editor, definition_en="Shown at once.")

    assert sjia.live_id != first
    assert public_page(sjia)["definition"] == "Shown at once."
    assert sjia.live.published_by == editor
    assert SearchEntry.objects.get(disease=sjia, language="en").body.startswith("Shown at once.")


def test_an_edit_from_the_shell_follows_the_same_rules(sjia, editor, reviewer):
    approved_by(sjia, editor, reviewer)

    with reversion.create_revision():
        reversion.set_user(editor)
        symptom = sjia.symptom_groups.get().symptoms.get()
        symptom.text_en = "Changed from the shell."
        symptom.save()

    sjia.refresh_from_db()
    assert sjia.status == Status.DRAFT
    assert ContentEdit.objects.filter(object_id=sjia.pk, user=editor).count() >= 2
    assert public_page(sjia)["groups"][0]["symptoms"][0]["text"] == "Daily spiking fever"


def test_a_save_that_changes_nothing_is_no_edit(sjia, editor, reviewer):
    approved_by(sjia, editor, reviewer)
    edits = ContentEdit.objects.count()

    edit(sjia, editor)

    assert sjia.status == Status.APPROVED
    assert ContentEdit.objects.count() == edits


def test_a_new_page_keeps_the_date_it_was_written_with(editor):
    written = datetime.date(2023, 9, 1)
    with workflow.editing(editor):
        page = Disease.objects.create(slug="new", definition_en="x", last_updated=written)
        # Its rows, saved after it in the same edit, as the admin's add form saves them.
        page.names.create(order=0, name_en="New")

    assert Disease.objects.get(pk=page.pk).last_updated == written
    edit(page, editor, definition_en="y")
    assert page.last_updated == timezone.localdate()


def test_one_edit_block_is_one_edit_per_page(sjia, editor):
    edits = ContentEdit.objects.count()

    with workflow.editing(editor):
        sjia.definition_en = "One"
        sjia.save()
        sjia.facts.create(text_en="Another fact")
        with workflow.editing(editor):
            sjia.names.update(name_en="Renamed")  # no signal: joins the block without a save
            sjia.facts.create(text_en="A third fact")

    assert ContentEdit.objects.count() == edits + 1
    assert ContentEdit.objects.first().user == editor


def test_an_edit_block_that_fails_records_nothing(sjia, editor):
    edits = ContentEdit.objects.count()

    with pytest.raises(RuntimeError), workflow.editing(editor):
        sjia.facts.create(text_en="Lost")
        raise RuntimeError

    assert ContentEdit.objects.count() == edits
    assert not sjia.facts.filter(text_en="Lost").exists()


def test_a_shared_group_edit_makes_every_approved_page_a_draft(editor, reviewer):
    group = make_shared_group(editor)
    first = approved_by(make_disease(editor), editor, reviewer)
    second = approved_by(make_disease(editor, slug="aosd", abbreviation="AOSD"), editor, reviewer)
    unpublished = make_disease(editor, slug="draft", abbreviation="DRAFT")

    with workflow.editing(editor):
        group.symptoms.create(text_en="A new shared symptom")

    for page in (first, second):
        page.refresh_from_db()
        assert page.status == Status.DRAFT
    unpublished.refresh_from_db()
    assert unpublished.status == Status.DRAFT
    assert ReviewEvent.objects.filter(action="edited").count() == 2


def test_a_reference_edit_reaches_only_the_pages_that_cite_it(editor, reviewer):
    # The same id as the reference: pages are found by what they cite, not by id.
    other = approved_by(make_disease(editor, slug="aosd", abbreviation="AOSD", pk=900_001), editor, reviewer)
    reference = make_reference(editor, pk=900_001)
    citing = approved_by(make_disease(editor, reference=reference), editor, reviewer)

    with workflow.editing(editor):
        reference.url = "https://example.org/moved"
        reference.save()

    citing.refresh_from_db()
    other.refresh_from_db()
    assert (citing.status, other.status) == (Status.DRAFT, Status.APPROVED)


def test_a_reference_cited_by_a_shared_group_reaches_every_page(editor, reviewer):
    reference = make_reference(editor)
    make_shared_group(editor, reference=reference)
    page = approved_by(make_disease(editor), editor, reviewer)

    with workflow.editing(editor):
        reference.year = 2030
        reference.save()

    page.refresh_from_db()
    assert page.status == Status.DRAFT


def test_a_shared_group_edit_refreshes_pages_awaiting_review(editor):
    group = make_shared_group(editor)
    page = make_disease(editor)
    page.publish_provisionally(editor)

    with workflow.editing(editor):
        group.title_en = "Renamed shared group"
        group.save()

    assert public_page(page)["shared_groups"][0]["title"] == "Renamed shared group"


def test_deleted_pages_are_left_alone(sjia, editor, reviewer):
    group = make_shared_group(editor)
    approved_by(sjia, editor, reviewer)
    workflow.delete(sjia, editor)

    with workflow.editing(editor):
        group.title_en = "Renamed"
        group.save()

    sjia.refresh_from_db()
    assert sjia.status == Status.DELETED
    assert not sjia.review_events.filter(action="edited").exists()


# Stale forms.


def test_a_form_opened_before_another_save_is_refused(sjia, editor):
    opened = workflow.last_edit(sjia)
    workflow.check_edit(sjia, opened)

    edit(sjia, editor, definition_en="Someone else's save.")

    assert workflow.last_edit(sjia) > opened
    with pytest.raises(workflow.EditConflict):
        workflow.check_edit(sjia, opened)
    workflow.check_edit(sjia, workflow.last_edit(sjia))


def test_who_edited_since_a_publication(sjia, editor, other_editor, reviewer):
    approved_by(sjia, editor, reviewer)
    edit(sjia, other_editor, definition_en="Later.")
    owners = {(Disease, sjia.pk)}

    assert workflow.editors_since(owners) == {editor.pk, other_editor.pk}
    assert workflow.editors_since(owners, sjia.live) == {other_editor.pk}
    assert workflow.editors_since({(Disease, sjia.pk + 1000)}) == set()


def test_an_edit_is_after_a_publication_by_its_id_whatever_the_clocks_said(sjia, editor, other_editor, reviewer):
    """An edit recorded after an approval, with a clock running behind, still counts for the next review."""
    approved_by(sjia, editor, reviewer)
    edit(sjia, other_editor, definition_en="Later.")
    behind = sjia.live.published_at - datetime.timedelta(hours=1)
    ContentEdit.objects.filter(user=other_editor).update(created_at=behind)

    assert workflow.editors_since({(Disease, sjia.pk)}, sjia.live) == {other_editor.pk}
    assert list(Disease.objects.worked_on_by(other_editor)) == [sjia]


# Deleting and recovering.


def test_deleting_takes_the_page_off_the_site_and_keeps_its_records(sjia, editor, reviewer):
    approved_by(sjia, editor, reviewer)

    event = workflow.delete(sjia, editor)

    sjia.refresh_from_db()
    assert (event.action, sjia.status, sjia.live) == ("deleted", Status.DELETED, None)
    assert not Disease.objects.public().filter(pk=sjia.pk).exists()
    assert not SearchEntry.objects.filter(disease=sjia).exists()
    assert Publication.objects.filter(disease=sjia).count() == 1
    assert Version.objects.get_for_object(sjia).first().revision.get_comment() == "Deleted"


def test_recovering_brings_a_draft_back(sjia, editor, reviewer):
    approved_by(sjia, editor, reviewer)
    workflow.delete(sjia, editor)

    event = workflow.recover(sjia, editor)

    sjia.refresh_from_db()
    assert (event.action, sjia.status, sjia.live) == ("recovered", Status.DRAFT, None)
    assert Version.objects.get_for_object(sjia).first().revision.get_comment() == "Recovered"
    sjia.submit_for_review(editor)
    sjia.approve(reviewer)
    assert sjia.is_public


# Reminders.


def test_a_reminder_is_logged_without_changing_the_state(sjia, editor, reviewer):
    approved_by(sjia, editor, reviewer)

    event = workflow.record_reminder(sjia)

    assert (event.action, event.actor, event.from_status, event.to_status) == ("reminded", None, "approved", "approved")
    assert event.review_due == sjia.live.next_review_due


# What a publication holds.


def test_a_provisional_snapshot_marks_outdated_languages(sjia, editor):
    edit(sjia, editor, definition_en="English moved on.")
    page_rows, shared = documents.load(sjia)
    from diseases import translation_status

    document = documents.build(page_rows, shared)
    outdated = translation_status.outdated_languages(translation_status.page_rows(page_rows, shared))

    content = snapshots.provisional(document, documents.fingerprint(document), outdated)

    assert {language: entry["outdated"] for language, entry in content["languages"].items()} == {
        "en": False,
        "es": True,
        "fr": True,
    }
    assert all(not entry["reviewed"] for entry in content["languages"].values())


def test_the_reviewer_is_credited_in_each_language(reviewer):
    with translation.override("en"):
        assert snapshots.reviewer_credit(reviewer, "es") == "Dr Ada Lane, médica, reumatóloga pediátrica"
        assert translation.get_language() == "en"


# What each refusal says, word for word: it is what the user reads.


def refused(call, *args, **kwargs):
    with pytest.raises((PermissionDenied, ValidationError)) as refusal:
        call(*args, **kwargs)
    error = refusal.value
    if isinstance(error, PermissionDenied):
        return "permission", str(error)
    return " ".join({problem.code for problem in error.error_list}), " ".join(error.messages)


def test_role_refusals_say_who_may(sjia, editor, reviewer):
    assert refused(workflow.submit_for_review, sjia, reviewer) == (
        "permission",
        "Only content editors and translators can submit a page for review.",
    )
    assert refused(workflow.publish_provisionally, sjia, reviewer) == ("permission", "You cannot publish pages.")
    assert refused(workflow.delete, sjia, reviewer) == ("permission", "You cannot delete pages.")
    set_status(sjia, Status.IN_REVIEW)
    assert refused(workflow.approve, sjia, editor) == ("permission", "Only medical reviewers can approve a page.")
    assert refused(workflow.request_changes, sjia, editor, "x") == (
        "permission",
        "Only medical reviewers can request changes.",
    )
    set_status(sjia, Status.DELETED)
    assert refused(workflow.recover, sjia, reviewer) == ("permission", "Only content editors can recover a page.")


def test_state_refusals_name_the_state(sjia, editor, reviewer):
    assert refused(workflow.approve, sjia, reviewer) == ("state", "This page is “Draft”; that is not possible now.")
    sjia.publish_provisionally(editor)
    assert refused(workflow.publish_provisionally, sjia, editor) == ("state", "This page is already published.")
    approved_by(sjia, editor, reviewer)
    workflow.delete(sjia, editor)
    workflow.recover(sjia, editor)
    assert refused(workflow.publish_provisionally, sjia, editor) == (
        "state",
        "This page has been medically reviewed: changes go live only through review.",
    )


def test_approval_refusals_say_what_to_fix(sjia, editor, reviewer, second_reviewer, clinician_editor):
    sjia.submit_for_review(editor)
    assert refused(workflow.approve, sjia, reviewer, languages=["fr"]) == (
        "source_language",
        "English, the source of every translation, must be reviewed.",
    )
    assert refused(workflow.approve, sjia, reviewer, languages=["en", "xx"]) == (
        "unknown_language",
        "Choose languages of this site.",
    )
    confirmed = [translation_status.item_key(sjia, "definition", code) for code in ("fr", "es")]
    assert refused(workflow.approve, sjia, reviewer, languages=["en"], current_items=confirmed) == (
        "unchecked_language",
        "You confirmed outdated translations in languages you did not tick: tick Spanish and French as well.",
    )
    with translation.override("fr"):
        assert refused(workflow.approve, sjia, reviewer, languages=["en"], current_items=confirmed)[1] == (
            "Vous avez confirmé des traductions obsolètes dans des langues que vous n’avez pas cochées\xa0: "
            "cochez aussi Espagnol et Français."
        )
    assert refused(workflow.approve, sjia, reviewer, next_review_due=timezone.localdate()) == (
        "past",
        "The next review must be due after today.",
    )
    assert refused(workflow.approve, sjia, second_reviewer) == (
        "reviewer_profile",
        "Approving credits you on the public page: first add your name and credentials in your reviewer profile.",
    )
    assert refused(workflow.approve, sjia, reviewer, fingerprint="0" * 64) == (
        "stale",
        "The page changed since you opened this screen, so nothing was published. Review the changes as they are now.",
    )
    assert refused(workflow.request_changes, sjia, reviewer) == (
        "comment_required",
        "Say what needs to change: a comment is required.",
    )
    sjia.names.all().delete()
    assert refused(workflow.approve, sjia, reviewer) == ("missing_rows", "A page needs at least one name.")
    edit(sjia, clinician_editor, definition_en="Mine.")
    assert refused(workflow.approve, sjia, clinician_editor) == (
        "permission",
        "You edited this draft, so another reviewer must approve it.",
    )


def test_a_four_eyes_refusal_names_everything_the_reviewer_edited_in_the_readers_language(
    editor, reviewer, clinician_editor
):
    group = make_shared_group(editor)
    reference = make_reference(editor)
    page = approved_by(make_disease(editor, reference=reference), editor, reviewer)
    with workflow.editing(clinician_editor):
        group.title_en = "Edited"
        group.save()
        reference.year = 2024
        reference.save()
    page.submit_for_review(editor)

    assert refused(workflow.approve, page, clinician_editor) == (
        "permission",
        "You edited the shared symptom group “Edited” and the reference “Early Symptoms Study”, which this page "
        "shows: another reviewer must approve it.",
    )
    with translation.override("fr"):
        assert refused(workflow.approve, page, clinician_editor) == (
            "permission",
            "Vous avez modifié le groupe de symptômes partagé «\xa0Common symptoms (fr)\xa0» et la référence "
            "«\xa0Early Symptoms Study (fr)\xa0», que cette page affiche\xa0: un autre relecteur doit l’approuver.",
        )
    edit(page, clinician_editor, definition_en="Mine too.")
    assert refused(workflow.approve, page, clinician_editor) == (
        "permission",
        "You edited this draft and the shared symptom group “Edited” and the reference “Early Symptoms Study”, "
        "which this page shows: another reviewer must approve it.",
    )


def test_review_date_refusals_say_what_to_tick(sjia, editor, reviewer):
    approved_by(sjia, editor, reviewer)
    assert refused(workflow.approve, sjia, reviewer) == (
        "nothing_changed",
        "Nothing changed since the last approval. To record that you re-read the whole page, tick “Full review”.",
    )
    edit(sjia, editor, definition_en="Changed since the review.")
    sjia.submit_for_review(editor)
    kept = formats.date_format(sjia.live.next_review_due)

    assert refused(
        workflow.approve, sjia, reviewer, next_review_due=timezone.localdate() + datetime.timedelta(days=30)
    ) == (
        "date_without_full_review",
        f"Approving a change keeps the next review due on {kept}. To set another date, tick “Full review”: only a "
        "full review of the whole page sets it.",
    )


def test_a_stale_form_is_told_why(sjia, editor):
    opened = workflow.last_edit(sjia)
    edit(sjia, editor, definition_en="Meanwhile.")

    assert refused(workflow.check_edit, sjia, opened) == (
        "edit_conflict",
        "Someone else changed this page while you were editing it. Nothing was saved.",
    )


def test_releasing_a_page_nobody_took_is_refused_as_not_assigned(sjia, editor):
    workflow.submit_for_review(sjia, editor)

    assert refused(workflow.release_assignment, sjia, editor) == (
        "not_assigned",
        "This page is not assigned to anyone.",
    )


def test_comments_are_optional_except_when_asking_for_changes(sjia, editor, reviewer):
    assert workflow.publish_provisionally(sjia, editor).comment == ""
    assert workflow.submit_for_review(sjia, editor).comment == ""
    assert refused(workflow.request_changes, sjia, reviewer)[0] == "comment_required"
    assert workflow.approve(sjia, reviewer).comment == ""
    assert workflow.delete(sjia, editor).comment == ""
    assert workflow.recover(sjia, editor).comment == ""


def test_deleting_and_recovering_are_revisions_by_the_editor(sjia, editor):
    workflow.delete(sjia, editor)
    workflow.recover(sjia, editor)

    assert [(v.revision.get_comment(), v.revision.user) for v in Version.objects.get_for_object(sjia)[:2]] == [
        ("Recovered", editor),
        ("Deleted", editor),
    ]


def test_an_object_nobody_edited_has_no_last_edit(db):
    (page,) = Disease.objects.bulk_create([Disease(slug="imported", definition_en="x")])  # no signals

    assert workflow.last_edit(page) == 0


def test_edits_are_told_apart_by_kind_and_id(editor, other_editor):
    sjia = make_disease(editor, pk=900_002)
    reference = make_reference(other_editor, pk=900_002)
    opened = workflow.last_edit(sjia)

    with workflow.editing(other_editor):
        reference.year = 2001
        reference.save()
        make_disease(other_editor, slug="other", abbreviation="OTHER")

    assert workflow.last_edit(sjia) == opened
    assert workflow.editors_since({(Disease, sjia.pk)}) == {editor.pk}


def test_one_edit_block_reaches_every_page_it_touched(editor, reviewer):
    reference = make_reference(editor)
    first = approved_by(make_disease(editor), editor, reviewer)
    citing = approved_by(make_disease(editor, slug="aosd", abbreviation="AOSD", reference=reference), editor, reviewer)

    with workflow.editing(editor):
        first.definition_en = "Changed"
        first.save()
        reference.year = 2002
        reference.save()

    assert Disease.objects.filter(pk__in=[first.pk, citing.pk], status=Status.DRAFT).count() == 2


def test_whoever_submitted_hears_the_decision(editor, reviewer, django_capture_on_commit_callbacks):
    page = make_disease(None)
    page.submit_for_review(editor)

    with django_capture_on_commit_callbacks(execute=True):
        page.request_changes(reviewer, "Please add sources.")

    assert mail.outbox[0].to == ["ed@example.org"]


def test_a_page_created_outside_the_admin_keeps_its_date(editor):
    written = datetime.date(2023, 9, 1)

    with reversion.create_revision():
        page = Disease.objects.create(slug="imported", definition_en="x", last_updated=written)

    assert Disease.objects.get(pk=page.pk).last_updated == written


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (Status.APPROVED, True),  # the edit makes a draft, which goes to review
        (Status.CHANGES_REQUESTED, True),
        (Status.DRAFT, True),
        (Status.IN_REVIEW, False),  # already there
    ],
)
def test_save_and_submit_is_offered_when_the_saved_edit_could_go_to_review(sjia, editor, status, offered):
    set_status(sjia, status)

    assert ("submit" in workflow.available_after_edit(sjia, editor)) is offered
    assert sjia.status == status  # asking changes nothing
