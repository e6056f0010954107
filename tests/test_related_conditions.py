"""Related conditions: linked by editors, reviewed like any content, shown while the pages they link to are public."""

import html

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from diseases import diff, documents, page_cache, versioning, workflow
from diseases.models import ContentEdit, Disease, RelatedCondition

from .factories import approved_by, make_disease, make_shared_group
from .forms import form_data

pytestmark = pytest.mark.django_db

ROWS = "related_conditions"


def change_url(disease):
    return reverse("admin:diseases_disease_change", args=[disease.pk])


def detail_url(disease, language="en"):
    with translation.override(language):
        return reverse("diseases:detail", kwargs={"slug": disease.slug})


def post_related(client, disease, rows):
    """Save `disease`'s form with `rows` ({"target": id, "link_back": bool}) as its related conditions."""
    data = form_data(client.get(change_url(disease)).content, "disease_form")
    initial = int(data[f"{ROWS}-INITIAL_FORMS"])
    for index in range(initial):
        data[f"{ROWS}-{index}-DELETE"] = "on"
    for offset, row in enumerate(rows):
        index = initial + offset
        data[f"{ROWS}-{index}-target"] = str(row["target"])
        data[f"{ROWS}-{index}-order"] = str(offset)
        if row.get("link_back"):
            data[f"{ROWS}-{index}-link_back"] = "on"
    data[f"{ROWS}-TOTAL_FORMS"] = str(initial + len(rows))
    return client.post(change_url(disease), data)


def related_section(text):
    """The page from its “Related conditions” heading on."""
    return text[text.index('id="related-heading"') :]


def public_text(client, disease, language="en"):
    response = client.get(detail_url(disease, language))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def pages(editor, reviewer):
    """Three approved pages and the shared groups."""
    make_shared_group(editor)
    found = [
        make_disease(editor, slug="sjia"),
        make_disease(editor, slug="cno", name="Chronic Nonbacterial Osteomyelitis", abbreviation="CNO"),
        make_disease(editor, slug="aosd", name="Adult-Onset Still's Disease", abbreviation="AOSD"),
    ]
    return [approved_by(page, editor, reviewer) for page in found]


def test_related_conditions_are_public_only_once_approved_in_the_editors_order(
    client, editor_client, editor, reviewer, pages
):
    sjia, cno, aosd = pages

    response = post_related(editor_client, sjia, [{"target": aosd.pk}, {"target": cno.pk}])

    assert response.status_code == 302
    sjia.refresh_from_db()
    assert sjia.status == Disease.Status.DRAFT
    assert "Related conditions" not in public_text(client, sjia)

    approved_by(sjia, editor, reviewer)
    for language, (first, second) in {
        "en": ("Adult-Onset Still's Disease (AOSD)", "Chronic Nonbacterial Osteomyelitis (CNO)"),
        "es": ("Adult-Onset Still's Disease (es) (AOSD (es))", "Chronic Nonbacterial Osteomyelitis (es) (CNO (es))"),
    }.items():
        text = public_text(client, sjia, language)
        related = related_section(text)
        assert related.index(first) < related.index(second)
        assert f'href="{detail_url(aosd, language)}"' in related
    # Only one way: the pages linked to do not link back.
    assert "related-heading" not in public_text(client, cno)


def test_linking_back_is_an_edit_of_the_other_page_by_the_same_editor(
    client, editor_and_reviewer, reviewer, editor, pages
):
    sjia, cno, _aosd = pages
    client.force_login(editor_and_reviewer)

    post_related(client, sjia, [{"target": cno.pk, "link_back": True}])

    cno.refresh_from_db()
    assert list(cno.related_conditions.values_list("target", flat=True)) == [sjia.pk]
    assert cno.status == Disease.Status.DRAFT
    assert ContentEdit.objects.filter(object_id=cno.pk, user=editor_and_reviewer).exists()
    # Its own revision, holding the new row, in the editor's name.
    revision = versioning.latest_revision(cno)
    assert revision.user == editor_and_reviewer
    assert revision.get_comment() == "Linked back from “Systemic Juvenile Idiopathic Arthritis (SJIA)”"
    assert {version.object for version in revision.version_set.all()} >= {cno, cno.related_conditions.get()}
    assert not revision.version_set.filter(object_id=str(sjia.pk), content_type__model="disease").exists()
    # Four-eyes: whoever linked it back cannot approve it; someone else can.
    workflow.submit_for_review(cno, editor)
    assert workflow.four_eyes_obstacle(cno, editor_and_reviewer) is not None
    cno.approve(reviewer)
    client.logout()
    assert "Systemic Juvenile Idiopathic Arthritis (SJIA)" in related_section(public_text(client, cno))


def test_a_page_already_linking_back_is_left_as_it_is(editor_client, editor, pages):
    sjia, cno, aosd = pages
    with workflow.editing(editor):
        cno.related_conditions.create(target=sjia, order=0)
    edits = ContentEdit.objects.filter(object_id=cno.pk).count()

    post_related(editor_client, sjia, [{"target": cno.pk, "link_back": True}, {"target": aosd.pk, "link_back": True}])

    assert cno.related_conditions.count() == 1
    assert ContentEdit.objects.filter(object_id=cno.pk).count() == edits
    assert aosd.related_conditions.get().target == sjia  # the next page is linked back all the same


def test_a_page_linked_back_lists_the_new_link_after_its_own(editor_client, editor, pages):
    sjia, cno, aosd = pages
    with workflow.editing(editor):
        cno.related_conditions.create(target=aosd, order=0)

    post_related(editor_client, sjia, [{"target": cno.pk, "link_back": True}])

    assert list(cno.related_conditions.order_by("order").values_list("target", flat=True)) == [aosd.pk, sjia.pk]


def test_each_page_is_linked_back_or_not_on_its_own(editor_client, editor, pages):
    sjia, cno, aosd = pages
    workflow.delete(cno, editor)

    response = post_related(
        editor_client,
        sjia,
        [{"target": cno.pk, "link_back": True}, {"target": aosd.pk, "link_back": True}],
    )

    # A page deleted since the form was opened is not changed, and the editor is told.
    messages = html.unescape(editor_client.get(response["Location"]).content.decode())
    told = "“Chronic Nonbacterial Osteomyelitis (CNO)” could not be linked back: you cannot edit it."
    assert f'<li class="warning">{told}</li>' in messages
    assert not cno.related_conditions.exists()
    # The next page is linked back all the same.
    assert aosd.related_conditions.get().target == sjia


def test_a_page_with_all_the_related_conditions_it_may_hold_is_not_linked_back(editor_client, editor, pages):
    sjia, cno, _aosd = pages
    others = [make_disease(editor, slug=f"other-{number}", name=f"Other {number}") for number in range(20)]
    with workflow.editing(editor):
        for number, other in enumerate(others):
            cno.related_conditions.create(target=other, order=number)

    response = post_related(editor_client, sjia, [{"target": cno.pk, "link_back": True}])

    messages = html.unescape(editor_client.get(response["Location"]).content.decode())
    told = "“Chronic Nonbacterial Osteomyelitis (CNO)” could not be linked back: it has 20 related conditions already."
    assert f'<li class="warning">{told}</li>' in messages
    assert not cno.related_conditions.filter(target=sjia).exists()
    assert sjia.related_conditions.get().target == cno


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("itself", "A page cannot be related to itself."),
        ("twice", "Please correct the duplicate data for"),
        ("none", "Select a valid choice"),
    ],
)
def test_bad_related_conditions_are_refused_with_a_message_and_nothing_changes(editor_client, pages, rows, message):
    sjia, cno, _aosd = pages
    targets = {
        "itself": [{"target": sjia.pk}],
        "twice": [{"target": cno.pk}, {"target": cno.pk}],
        "none": [{"target": 999_999}],
    }[rows]
    edits = ContentEdit.objects.count()

    response = post_related(editor_client, sjia, targets)

    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert RelatedCondition.objects.count() == 0
    assert ContentEdit.objects.count() == edits
    sjia.refresh_from_db()
    assert sjia.status == Disease.Status.APPROVED


def test_the_database_refuses_a_page_related_to_itself(pages):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedCondition.objects.create(disease=pages[0], target=pages[0])


@pytest.fixture
def linked(editor, reviewer, pages):
    """SJIA approved with CNO and AOSD as related conditions."""
    sjia, cno, aosd = pages
    with workflow.editing(editor):
        sjia.related_conditions.create(target=cno, order=0)
        sjia.related_conditions.create(target=aosd, order=1)
        versioning.save_revision(sjia, editor, "Related conditions")
    return approved_by(sjia, editor, reviewer), cno, aosd


@pytest.fixture
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True
    cache.clear()


@pytest.mark.parametrize("change", ["deleted", "unpublished"])
def test_a_link_to_a_page_no_longer_public_disappears_on_the_next_request(
    client, editor, page_cache_on, linked, change, django_capture_on_commit_callbacks
):
    sjia, cno, aosd = linked
    assert "Chronic Nonbacterial Osteomyelitis (CNO)" in public_text(client, sjia)
    assert client.get(detail_url(sjia))["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        if change == "deleted":
            workflow.delete(cno, editor)
        else:
            # Unpublished: the page's search entries and live version are gone, as a delete leaves them.
            Disease.objects.filter(pk=cno.pk).update(live=None)
            from diseases import public_changes, search

            search.index(Disease.objects.get(pk=cno.pk))
            public_changes.pages_changed([cno])

    text = public_text(client, sjia)
    assert "Chronic Nonbacterial Osteomyelitis" not in text
    assert "Adult-Onset Still's Disease (AOSD)" in related_section(text)


def test_a_renamed_page_is_linked_under_its_new_title_and_address_on_the_next_request(
    client, editor, reviewer, page_cache_on, linked, django_capture_on_commit_callbacks
):
    sjia, cno, _aosd = linked
    public_text(client, sjia)

    with django_capture_on_commit_callbacks(execute=True):
        with workflow.editing(editor):
            name = cno.names.get()
            name.name_en = "Chronic Recurrent Multifocal Osteomyelitis"
            name.save()
            cno.slug = "crmo"
            cno.save()
        approved_by(cno, editor, reviewer)

    related = related_section(public_text(client, sjia))
    assert "Chronic Recurrent Multifocal Osteomyelitis (CNO)" in related
    assert 'href="/en/diseases/crmo/"' in related


def test_a_page_missing_from_the_cache_costs_one_query_more_with_related_conditions(
    client, page_cache_on, linked, django_assert_num_queries, django_capture_on_commit_callbacks
):
    sjia, unlinked, _aosd = linked
    client.get(detail_url(sjia))
    client.get(detail_url(unlinked))
    # A new generation of the public site: the pages are rendered again from their remembered pieces.
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.invalidate()

    with django_assert_num_queries(3):
        client.get(detail_url(sjia))
    with django_assert_num_queries(2):
        client.get(detail_url(unlinked))


def test_related_conditions_are_in_the_review_diff_by_name(editor, linked):
    sjia, cno, aosd = linked
    with workflow.editing(editor):
        sjia.related_conditions.filter(target=cno).delete()
        sjia.related_conditions.filter(target=aosd).update(order=0)

    published = next(iter(sjia.live.content["documents"].values()))
    changes = diff.compare(published, documents.candidate(sjia), ["en"])

    removed = [change for change in changes if change.kind == "removed"]
    assert [(change.model, change.label) for change in removed] == [
        ("Related condition", "Chronic Nonbacterial Osteomyelitis (CNO)")
    ]
    assert [(field.label, field.old) for field in removed[0].fields] == [
        ("Related page", "Chronic Nonbacterial Osteomyelitis (CNO)")
    ]


def test_reverting_restores_the_related_conditions(editor_client, editor, linked):
    sjia, cno, _aosd = linked
    version = Version.objects.get_for_object(sjia).first()
    with workflow.editing(editor):
        sjia.related_conditions.all().delete()

    workflow.revert(sjia, version, editor, workflow.last_edit(sjia))

    assert list(sjia.related_conditions.values_list("target", flat=True)) == [cno.pk, _aosd.pk]


def test_the_preview_shows_the_draft_links_to_public_pages_only(editor_client, editor, linked):
    sjia, cno, _aosd = linked
    never_public = make_disease(editor, slug="draft-page", name="Unpublished disease", abbreviation="UD")
    with workflow.editing(editor):
        sjia.related_conditions.create(target=never_public, order=2)

    response = editor_client.get(reverse("diseases:preview", kwargs={"slug": sjia.slug}))

    text = html.unescape(response.content.decode())
    assert "Chronic Nonbacterial Osteomyelitis (CNO)" in related_section(text)
    assert "Unpublished disease" not in text


def test_the_admin_offers_pages_to_link_by_typing(editor_client, pages):
    response = editor_client.get(change_url(pages[0]))

    text = response.content.decode()
    assert 'name="related_conditions-__prefix__-target"' in text
    assert "admin-autocomplete" in text
    assert 'name="related_conditions-__prefix__-link_back"' in text
