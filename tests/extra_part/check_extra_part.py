"""
Run by tests/test_extra_part.py in its own process with
tests.extra_part.settings: an app that declares one more part of the page
(tests/extra_part/models.py), with no other change to the code.
"""

import html
import json
import re

import pytest
from django.urls import reverse
from reversion.models import Version

from diseases import candidates, documents, search, translation_status, workflow
from diseases.workflow.four_eyes import four_eyes_obstacle
from tests.extra_part.models import Tip
from tests.factories import approved_by
from tests.test_admin import change_url, post_change_form

pytestmark = pytest.mark.django_db

TIP = {"text_en": "Pace yourself on school days.", "text_es": "Dosifique sus fuerzas en los días de colegio."}


def public_page(client, language="en"):
    return html.unescape(client.get(f"/{language}/diseases/cno-crmo/").content.decode())


def test_a_tip_is_edited_revisioned_diffed_four_eyes_covered_then_published_and_searched(
    client, demo, editor, reviewer, editor_and_reviewer
):
    approved_by(demo, editor, reviewer)
    client.force_login(editor_and_reviewer)
    form = client.get(change_url(demo)).content.decode()
    assert 'name="tips-TOTAL_FORMS"' in form
    assert re.search(r'<textarea name="tips-__prefix__-text_es" cols="\d+" rows="4"', form)

    post_change_form(client, change_url(demo), new_rows={"tips": [{**TIP, "order": "0"}]})

    tip = Tip.objects.get()
    revision = Version.objects.get_for_object(demo).first().revision
    assert any(isinstance(version.object, Tip) for version in revision.version_set.all())
    client.logout()
    assert "Pace yourself" not in public_page(client)

    demo.refresh_from_db()
    demo.submit_for_review(editor_and_reviewer)
    shown = candidates.for_review(demo)
    assert {
        (field.language, field.new) for change in shown.changes if change.model == "Tip" for field in change.fields
    } >= {
        ("en", TIP["text_en"]),
        ("es", TIP["text_es"]),
    }
    assert four_eyes_obstacle(demo, editor_and_reviewer) is not None
    client.force_login(reviewer)
    screen = html.unescape(client.get(reverse("admin:diseases_disease_review", args=[demo.pk])).content.decode())
    assert TIP["text_en"] in screen
    client.logout()

    demo.approve(reviewer, fingerprint=shown.fingerprint)
    demo.refresh_from_db()

    published = demo.live.content["documents"][demo.live.content["languages"]["es"]["document"]]
    assert published["page"]["tips"] == [{"id": tip.pk, "text": {"en": TIP["text_en"], "es": TIP["text_es"], "fr": ""}}]
    page = public_page(client, "es")
    assert '<h2 id="tips-heading">' in page
    contents = re.search(r'<nav class="contents".*?</nav>', page, re.S).group()
    assert re.findall(r'href="#([\w-]+)"', contents)[-2:] == ["tips-heading", "resources-heading"]
    assert f"<li>{TIP['text_es']}</li>" in page
    assert page.index('id="facts-heading"') < page.index('id="tips-heading"') < page.index('id="resources-heading"')
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert {"@type": "WebPageElement", "text": TIP["text_es"]} in data["hasPart"]
    assert [result.entry.disease.slug for result in search.search("colegio", "es").page] == ["cno-crmo"]
    assert [result.entry.disease.slug for result in search.search("school days", "en").page] == ["cno-crmo"]
    # And the public search page, as a visitor searches: the tip is what matched.
    found = html.unescape(client.get("/es/search/", {"q": "colegio"}).content.decode())
    assert 'href="/es/diseases/cno-crmo/"' in found
    assert "Dosifique sus fuerzas en los días de <mark>colegio</mark>" in found


def test_a_tip_is_translated_and_its_translation_goes_outdated(demo, editor):
    with workflow.editing(editor):
        tip = Tip.objects.create(disease=demo, order=0, **TIP)
    assert translation_status.outdated_fields(translation_status.page_rows(*documents.load(demo)), "es") == []

    with workflow.editing(editor):
        tip.text_en = "Pace yourself on school days and rest after sport."
        tip.save()

    outdated = translation_status.outdated_fields(translation_status.page_rows(*documents.load(demo)), "es")
    assert [(str(row), field) for row, field, _then, _now in outdated] == [(tip.text_en, "text")]
