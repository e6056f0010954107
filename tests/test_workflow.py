"""Medical review: nothing medical reaches the public unreviewed."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from diseases.models import Disease, ReviewerProfile, ReviewEvent, Symptom

from .forms import form_data
from .test_admin import change_url, post_change_form

pytestmark = pytest.mark.django_db


def public_page(client, language="en", slug="cno-crmo"):
    """The page's text, without the advice form's per-visitor security tokens."""
    with translation.override(language):
        url = reverse("diseases:detail", kwargs={"slug": slug})
    response = client.get(url)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    return re.sub(r'name="(csrfmiddlewaretoken|token)" value="[^"]*"', r'name="\1" value=""', text)


def review_url(disease):
    return reverse("admin:diseases_disease_review", args=[disease.pk])


def approve_through_admin(client, disease, **changes):
    page = client.get(review_url(disease))
    data = form_data(page.content, "approve-form")
    data.update(changes)
    data["action"] = "approve"
    return client.post(review_url(disease), data)


@pytest.fixture
def approved(demo, editor, reviewer, client):
    """The CNO/CRMO page edited by an editor and approved by a reviewer."""
    client.force_login(editor)
    post_change_form(client, change_url(demo), {"definition_en": demo.definition_en + " Reviewed."})
    demo.refresh_from_db()
    demo.submit_for_review(editor, "Ready")
    demo.approve(reviewer, "Checked against the literature")
    client.logout()
    demo.refresh_from_db()
    return demo


def test_end_to_end_through_the_admin(client, demo, editor, reviewer):
    client.force_login(editor)
    post_change_form(client, change_url(demo), {"definition_en": demo.definition_en + " Edited."})
    response = client.post(reverse("admin:diseases_disease_submit", args=[demo.pk]), {"comment": "Please check"})
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.status == Disease.Status.IN_REVIEW

    client.force_login(reviewer)
    queue = client.get(reverse("admin:diseases_diseaseawaitingreview_changelist"))
    queue_text = html.unescape(queue.content.decode())
    assert "Please check" in queue_text and "ed" in queue_text
    review = html.unescape(client.get(review_url(demo)).content.decode())
    assert "Edited." in review
    # The English changed, so the translations are offered unticked: the reviewer checked them too.
    response = approve_through_admin(
        client, demo, **{"approve-comment": "Looks right", "approve-languages": ["en", "es", "fr"]}
    )
    assert response.status_code == 302

    demo.refresh_from_db()
    assert demo.status == Disease.Status.APPROVED
    assert demo.live.reviewed_by == reviewer
    today = timezone.localdate()
    assert demo.live.next_review_due == today.replace(year=today.year + 3)
    client.logout()
    text = public_page(client)
    assert "Edited." in text
    assert "Medically reviewed by Dr Ada Lane, MD, paediatric rheumatologist on" in text
    assert "awaiting medical review" not in text
    assert "Page Last Updated:" in text
    assert "Revisado médicamente por Dr Ada Lane, médica, reumatóloga pediátrica" in public_page(client, "es")
    assert [e.action for e in ReviewEvent.objects.filter(disease=demo).order_by("pk")] == [
        "published_provisionally",
        "submitted",
        "approved",
    ]


def test_public_sees_approved_version_while_draft_awaits_review(client, approved, editor):
    before = {language: public_page(client, language) for language in ("en", "es")}
    group = approved.symptom_groups.get()
    removed = group.symptoms.get(text_en="Synovial thickening")
    client.force_login(editor)
    form = form_data(client.get(change_url(approved)).content, "disease_form")
    delete_key = next(
        key.replace("-id", "-DELETE")
        for key, value in form.items()
        if key.startswith("symptom_groups-0-symptoms-") and key.endswith("-id") and value == str(removed.pk)
    )
    post_change_form(client, change_url(approved), {"definition_es": "Borrador sin revisar.", delete_key: "on"})
    approved.refresh_from_db()
    assert approved.status == Disease.Status.DRAFT
    approved.submit_for_review(editor)
    client.logout()

    assert public_page(client, "en") == before["en"]
    assert public_page(client, "es") == before["es"]
    assert "Synovial thickening" in before["en"]
    assert not Symptom.objects.filter(pk=removed.pk).exists()

    client.force_login(editor)
    preview = client.get(reverse("diseases:preview", kwargs={"slug": approved.slug}).replace("/en/", "/es/"))
    assert "Borrador sin revisar." in html.unescape(preview.content.decode())


def test_anonymous_visitors_never_see_drafts_or_the_workflow(client, approved):
    assert client.get(reverse("diseases:preview", kwargs={"slug": approved.slug})).status_code == 302
    assert client.get(review_url(approved)).status_code == 302
    response = client.post(reverse("admin:diseases_disease_submit", args=[approved.pk]))
    assert response.status_code == 302 and "/login/" in response.url
    approved.refresh_from_db()
    assert approved.status == Disease.Status.APPROVED


def test_reverting_to_an_earlier_revision_needs_review_again(client, approved, editor):
    public_before = public_page(client)
    client.force_login(editor)
    from reversion.models import Version

    first = Version.objects.get_for_object(approved).order_by("pk").first()
    revert_url = reverse("admin:diseases_disease_revision", args=[approved.pk, first.pk])
    response = client.post(revert_url, form_data(client.get(revert_url).content, "revert-form"))
    assert response.status_code == 302

    approved.refresh_from_db()
    assert approved.status == Disease.Status.DRAFT
    assert " Reviewed." not in approved.definition_en
    client.logout()
    assert public_page(client) == public_before


def test_diff_shows_translated_and_inline_changes(client, approved, editor, reviewer):
    client.force_login(editor)
    post_change_form(
        client,
        change_url(approved),
        {"definition_fr": "Nouvelle définition."},
        new_rows={"facts": [{"text_en": "A brand new fact.", "text_es": "Un dato nuevo.", "order": "9"}]},
    )
    approved.refresh_from_db()
    approved.submit_for_review(editor)

    client.force_login(reviewer)
    response = client.get(review_url(approved))
    text = html.unescape(response.content.decode())

    assert "Changed: Disease" in text
    assert "Added: Interesting fact “A brand new fact.”" in text
    fields = {(c.kind, c.model, f.label, f.language): f for c in response.context["changes"] for f in c.fields}
    assert fields[("changed", "Disease", "Definition", "fr")].new == "Nouvelle définition."
    assert ("added", "added", "Nouvelle définition.") in [
        (kind, kind, text) for kind, text in fields[("changed", "Disease", "Definition", "fr")].words
    ]
    assert fields[("added", "Interesting fact", "Fact", "es")].new == "Un dato nuevo."
    assert ("changed", "Disease", "Definition", "en") not in fields  # unchanged fields are not listed


def test_any_two_revisions_can_be_compared(client, approved, editor):
    from reversion.models import Version

    client.force_login(editor)
    versions = list(Version.objects.get_for_object(approved).order_by("pk"))
    response = client.get(
        reverse("admin:diseases_disease_compare", args=[approved.pk]),
        {"old": versions[0].pk, "new": versions[-1].pk},
    )
    assert response.status_code == 200
    screen = html.unescape(response.content.decode())
    assert f"<h1>Compare revisions of {approved}</h1>" in screen
    dates = [date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT") for version in versions]
    assert f"From the revision of {dates[0]} to the revision of {dates[-1]}." in screen
    assert " Reviewed." in screen
    assert approved.definition_en not in screen  # unchanged between the two
    history = client.get(reverse("admin:diseases_disease_history", args=[approved.pk]))
    assert "medically approved, live" in history.content.decode()


def test_nobody_approves_a_draft_with_their_own_edits(client, demo, django_user_model, reviewer, editor):
    editing_reviewer = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    ReviewerProfile.objects.create(user=editing_reviewer, display_name="Dr Boss", credentials_en="MD")
    client.force_login(editing_reviewer)
    post_change_form(client, change_url(demo), {"definition_en": "Changed by the boss."})
    demo.refresh_from_db()
    demo.submit_for_review(editor)

    response = approve_through_admin(client, demo)

    assert response.status_code == 403
    assert "another reviewer must approve" in html.unescape(response.content.decode())
    demo.refresh_from_db()
    assert demo.status == Disease.Status.IN_REVIEW
    demo.approve(reviewer)
    assert demo.status == Disease.Status.APPROVED


def test_editor_cannot_approve_through_a_forged_post(client, demo, editor):
    demo.submit_for_review(editor)
    client.force_login(editor)

    response = client.post(review_url(demo), {"action": "approve", "approve-next_review_due": "2030-01-01"})

    assert response.status_code in (400, 403)
    demo.refresh_from_db()
    assert demo.status == Disease.Status.IN_REVIEW
    assert not demo.has_been_approved


def test_request_changes_reaches_the_editor_by_email_and_admin(
    client, demo, editor, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    post_change_form(client, change_url(demo), {"definition_en": "Needs work."})
    demo.refresh_from_db()
    demo.submit_for_review(editor)
    client.force_login(reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(demo), {"action": "request_changes", "changes-comment": "Cite the study."})

    assert response.status_code == 302
    assert '<li class="success">Sent back to the editors.</li>' in client.get(response.url).content.decode()
    demo.refresh_from_db()
    assert demo.status == Disease.Status.CHANGES_REQUESTED
    assert len(mail.outbox) == 1
    assert "ed@example.org" in mail.outbox[0].to
    assert "Cite the study." in mail.outbox[0].body
    client.force_login(editor)
    assert "Cite the study." in html.unescape(client.get(change_url(demo)).content.decode())


def test_approval_with_a_past_due_date_is_refused(client, demo, editor, reviewer):
    demo.submit_for_review(editor)
    client.force_login(reviewer)

    response = approve_through_admin(client, demo, **{"approve-next_review_due": "2020-01-01"})

    assert response.status_code == 200
    assert "The next review must be due after today." in html.unescape(response.content.decode())
    demo.refresh_from_db()
    assert demo.status == Disease.Status.IN_REVIEW


def test_approval_refused_when_the_page_changed_during_review(client, demo, editor, reviewer):
    demo.submit_for_review(editor)
    client.force_login(reviewer)
    data = form_data(client.get(review_url(demo)).content, "approve-form")
    client.force_login(editor)
    post_change_form(client, change_url(demo), {"definition_en": "Sneaky late edit."})
    client.force_login(reviewer)

    response = client.post(review_url(demo), {**data, "action": "approve"})

    assert response.status_code == 409
    demo.refresh_from_db()
    assert demo.status == Disease.Status.IN_REVIEW


def test_reviewer_may_set_another_next_review_date(demo, editor, reviewer):
    demo.submit_for_review(editor)
    due = timezone.localdate() + datetime.timedelta(days=365)

    demo.approve(reviewer, next_review_due=due)

    assert demo.live.next_review_due == due


def test_review_without_edits_changes_the_review_date_not_page_last_updated(client, demo, editor, reviewer):
    demo.submit_for_review(editor)
    demo.approve(reviewer)

    text = public_page(client)

    assert '<time datetime="2023-09-01">1 September 2023</time>' in text
    today = timezone.localdate()
    assert f'on <time datetime="{today.isoformat()}">{date_format(today)}</time>.' in text


def test_an_unreviewed_edit_changes_page_last_updated_only_in_the_draft(client, approved, editor):
    public_before = public_page(client)
    client.force_login(editor)
    post_change_form(client, change_url(approved), {"definition_en": "Edited later."})
    approved.refresh_from_db()

    assert approved.last_updated == timezone.localdate()
    client.logout()
    assert public_page(client) == public_before


def test_changes_to_shared_symptom_groups_need_review_and_show_in_the_diff(client, approved, editor, reviewer):
    from diseases.models import SharedSymptomGroup

    shared = SharedSymptomGroup.objects.get(title_en="Common in All AiArthritis Diseases")
    client.force_login(editor)
    url = reverse("admin:diseases_sharedsymptomgroup_change", args=[shared.pk])
    data = form_data(client.get(url).content, "sharedsymptomgroup_form")
    data["title_es"] = "Comunes a todas las enfermedades AiArthritis (revisado)"
    assert client.post(url, data).status_code == 302
    approved.refresh_from_db()
    assert approved.status == Disease.Status.DRAFT
    client.logout()
    assert "(revisado)" not in public_page(client, "es")

    approved.submit_for_review(editor)
    client.force_login(reviewer)
    review = html.unescape(client.get(review_url(approved)).content.decode())

    assert "Changed: Shared symptom group" in review
    assert (
        '<span lang="es">Comunes a todas las enfermedades AiArthritis</span><ins>'
        '<span class="visually-hidden">added: </span><span lang="es"> (revisado)</span></ins>' in review
    )
