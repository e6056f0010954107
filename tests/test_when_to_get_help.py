"""“When to get help”: what to do in a flare and whom to call, near the top of each page, reviewed like the rest."""

import html
import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from diseases import candidates, search
from diseases.models import HelpItem

from .factories import approved_by
from .test_admin import change_url, post_change_form

pytestmark = pytest.mark.django_db


def detail(client, language="en", slug="cno-crmo"):
    with translation.override(language):
        return html.unescape(client.get(reverse("diseases:detail", kwargs={"slug": slug})).content.decode())


def callout(page):
    return re.search(r'<section class="help" aria-labelledby="help-heading">.*?</section>', page, re.S).group()


def test_the_callout_comes_before_the_definition_announced_by_its_heading(client, demo):
    page = detail(client)

    help_section = callout(page)
    assert '<h2 id="help-heading">When to get help</h2>' in help_section
    assert page.index('class="help"') < page.index('class="definition"')
    assert help_section.index("See your doctor if:") < help_section.index("The pain wakes you at night")
    assert help_section.index("Get urgent help if:") < help_section.index("You have a high fever with bone pain")
    assert 'href="#help-heading">When to get help</a>' in page


@pytest.mark.parametrize(
    ("language", "item", "number"),
    [
        ("en", "You have a high fever with bone pain", "911"),
        ("es", "Tiene fiebre alta con dolor de huesos", "112"),
        ("fr", "Vous avez une forte fièvre avec des douleurs osseuses", "112"),
    ],
)
def test_the_callout_speaks_the_visitors_language_with_its_emergency_number(client, demo, language, item, number):
    help_section = callout(detail(client, language))

    assert item in help_section
    assert f'<a href="tel:{number}"><strong>{number}</strong></a>' in help_section


def test_the_emergency_number_is_a_setting(client, demo):
    with override_settings(EMERGENCY_NUMBERS={"en": "999", "es": "112", "fr": "15"}):
        assert '<a href="tel:999">' in callout(detail(client, "en"))
        assert '<a href="tel:15">' in callout(detail(client, "fr"))


def test_a_page_without_items_shows_no_callout_and_no_entry(client, demo):
    page = detail(client, slug="aosd")

    assert 'aria-labelledby="help-heading"' not in page
    assert "#help-heading" not in page


def test_the_items_are_searched_in_each_language(demo):
    assert [result.entry.disease.slug for result in search.search("wakes night", "en").page] == ["cno-crmo"]
    assert [result.entry.disease.slug for result in search.search("vejiga", "es").page] == ["cno-crmo"]


def test_the_items_are_parts_of_the_page_in_json_ld(client, demo):
    page = detail(client)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))

    assert {
        "@type": "WebPageElement",
        "text": "The pain wakes you at night or stops you from doing your usual activities.",
    } in data["hasPart"]
    assert "hasPart" not in data["about"]


def test_an_editors_new_item_on_a_reviewed_page_waits_for_review_then_shows(client, demo, editor, reviewer):
    approved_by(demo, editor, reviewer)
    client.force_login(editor)
    post_change_form(
        client,
        change_url(demo),
        new_rows={
            "help_items": [
                {
                    "kind": HelpItem.Kind.URGENT,
                    "text_en": "Your child cannot stand up.",
                    "text_es": "Su hijo no puede ponerse de pie.",
                    "order": "9",
                }
            ]
        },
    )
    client.logout()
    assert "Your child cannot stand up." not in detail(client)

    demo.refresh_from_db()
    demo.submit_for_review(editor)
    shown = candidates.for_review(demo)
    changed = {
        (field.name, field.language): field.new
        for change in shown.changes
        if change.model == "When to get help"
        for field in change.fields
    }
    assert changed[("text", "en")] == "Your child cannot stand up."
    assert changed[("text", "es")] == "Su hijo no puede ponerse de pie."
    assert changed[("kind", "")] == "Get urgent help if"  # the editor's choice, as the form named it
    demo.approve(reviewer, fingerprint=shown.fingerprint)

    assert "Your child cannot stand up." in callout(detail(client))
    assert "Su hijo no puede ponerse de pie." in callout(detail(client, "es"))
