"""
The admin at the public site's standard: each page the project adds to the
admin or changes in it has no error for the Nu HTML checker (as served, and
as the browser holds it once its scripts have run) and no violation of
axe-core's WCAG 2.2 A and AA rules, on a phone's width and a desktop's; and
no page scrolls sideways.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from diseases import versioning, workflow
from diseases.models import Disease, PageFeedback, PatientAdvice, Reference, SharedSymptomGroup

from ..factories import make_disease, make_reference
from ..forms import form_data
from .conftest import audit

WIDTHS = (360, 1280)

# Every page is checked once its scripts are done: the language tabs shown, each autocomplete drawn.
READY = """() => document.readyState === "complete"
    && !document.querySelector("[data-language-tabs][hidden]")
    && !document.querySelector("select.admin-autocomplete:not(.select2-hidden-accessible):not([name*='__prefix__'])")"""


@dataclass(frozen=True)
class LibraryMarkup:
    """A Nu checker error in markup that a library's script writes, which the project cannot override."""

    message: str
    element: re.Pattern  # the start tag the error is about
    why: str

    def excuses(self, error, html):
        return error["message"] == self.message and self.element.match(start_tag_at(html, error)) is not None


LIBRARY_MARKUP = (
    LibraryMarkup(
        message="An “input” element with a “type” attribute whose value is “hidden” must not have an "
        "“autocomplete” attribute whose value is “on” or “off”.",
        element=re.compile(r'<input type="hidden" name="[\w-]*TOTAL_FORMS" [^>]*autocomplete="off"'),
        why="django-nested-admin 4.1.6 (nested_admin/src/nested-admin/jquery.djangoformset.js) sets it on each "
        "formset's row count when its script starts, because Firefox restores hidden fields on reload (Mozilla "
        "bug 520561) and a stale count would lose rows; the HTML standard allows only autofill tokens there. "
        "No issue about it is open at theatlantic/django-nested-admin. Not in the served HTML.",
    ),
)


def start_tag_at(html, error):
    """The start tag that ends where the checker places `error`."""
    line = html.splitlines()[error["lastLine"] - 1][: error["lastColumn"]]
    return line[line.rfind("<") :]


def admin_url(name, *args):
    return reverse(f"admin:diseases_{name}", args=args)


def compare_url(page):
    newest, older = versioning.versions(page)[:2]
    return f"{admin_url('disease_compare', page.pk)}?old={older.pk}&new={newest.pk}"


def revision_url(page):
    return admin_url("disease_revision", page.pk, versioning.versions(page)[1].pk)


def signed_in_admin():
    """A test client signed in as the demo's site administrator, who sees every part of the admin."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def deleted(model, obj):
    """`obj`, deleted in the admin (its history kept for recovering it)."""
    response = signed_in_admin().post(admin_url(f"{model}_delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302
    return obj


def in_review():
    return Disease.objects.get(slug="aosd")


def draft():
    return Disease.objects.get(slug="cno-crmo")


def assigned_review():
    """The review screen of a page the demo reviewer took: its assignee and the button that releases it."""
    workflow.take_review(in_review(), get_user_model().objects.get(username="reviewer"))
    return admin_url("disease_review", in_review().pk)


def recover_list():
    deleted("disease", make_disease(slug="sjia"))
    return admin_url("disease_recoverlist")


def recover_form():
    return admin_url("disease_recover", deleted("disease", make_disease(slug="sjia")).pk)


def recover_form_of_shared_content():
    deleted("reference", make_reference(title="A study that was deleted"))
    return admin_url("reference_recover", versioning.deleted_versions(Reference).get().pk)


def review_refused_by_four_eyes():
    """The review screen of a page in review, for a reviewer who has since edited a shared group it shows."""
    client = signed_in_admin()
    url = admin_url("sharedsymptomgroup_change", SharedSymptomGroup.objects.first().pk)
    data = form_data(client.get(url).content, "sharedsymptomgroup_form")
    data["title_fr"] += " (modifié)"
    assert client.post(url, data).status_code == 302
    return admin_url("disease_review", in_review().pk)


def talked_about(page):
    """`page` with a conversation: comments on a field and on a row's translation, one answered, one resolved."""
    users = get_user_model().objects
    reviewer, editor = users.get(username="reviewer"), users.get(username="editor")
    definition = f"diseases.disease:{page.pk}:definition:en"
    symptom = page.symptom_groups.first().symptoms.first()
    answered = workflow.comments.add_comment(page, reviewer, definition, "Shorter, please.")
    workflow.comments.reply(answered, editor, "Shortened.")
    workflow.comments.add_comment(page, reviewer, f"diseases.symptom:{symptom.pk}:text:es", "¿Fiebre o fiebres?")
    workflow.comments.resolve(workflow.comments.add_comment(page, reviewer, definition, "A typo."), reviewer)
    return page


def sent_back_with_comments():
    users = get_user_model().objects
    page = draft()
    page.submit_for_review(users.get(username="editor"))
    talked_about(page)
    page.request_changes(users.get(username="reviewer"), "See my comments.")
    return admin_url("disease_change", page.pk)


def outdated_french_symptom():
    """The demo's outdated French symptom, translated in place."""
    symptom = in_review().symptom_groups.get().symptoms.get(text_en__startswith="Sore throat")
    return admin_url("translation_item", "fr", "symptom", symptom.pk, "text")


# Each page: its address, made once the demo's work is loaded, and what shows that it is that page.
def feedback_report():
    """A visitor's "wrong or out of date" report on the demo page, in French."""
    report = PageFeedback.objects.create(
        disease=draft(), language="fr", helpful=False, kind="wrong", text="Le traitement a changé en 2025."
    )
    PageFeedback.objects.create(disease=draft(), language="en", helpful=True)
    return report


def feedback_dashboard():
    feedback_report()
    return reverse("admin:index")


PAGES = {
    "dashboard": (lambda: reverse("admin:index"), "#dashboard"),
    "disease add form": (lambda: admin_url("disease_add"), "#disease_form"),
    "disease change form": (lambda: admin_url("disease_change", draft().pk), "#disease_form .djn-group"),
    # The demo's Adult-Onset Still's Disease has outdated translations, listed above its form.
    "disease change form with outdated translations": (
        lambda: admin_url("disease_change", in_review().pk),
        "#translations",
    ),
    "shared symptom group form": (
        lambda: admin_url("sharedsymptomgroup_change", SharedSymptomGroup.objects.first().pk),
        "#sharedsymptomgroup_form",
    ),
    "reference form": (lambda: admin_url("reference_change", Reference.objects.first().pk), "#reference_form"),
    "review": (lambda: admin_url("disease_review", in_review().pk), ".word-diff"),
    "review refused by four-eyes": (review_refused_by_four_eyes, "#approval-refused"),
    "review of a page assigned to a reviewer": (assigned_review, "#assignment-form"),
    "review with comments": (
        lambda: admin_url("disease_review", talked_about(in_review()).pk),
        "#comments .comment-thread",
    ),
    "disease change form with comments": (sent_back_with_comments, "#pinned-review"),
    "compare": (lambda: compare_url(in_review()), ".word-diff"),
    "revert": (lambda: revision_url(in_review()), "#revert-form"),
    "recover list": (recover_list, "#deleted-pages a"),
    "recover form": (recover_form, "#content-main form .submit-row"),
    "recover form of shared content": (recover_form_of_shared_content, "#recover-form"),
    "translation status": (lambda: admin_url("disease_translations"), "#translation-status"),
    "translation download": (lambda: admin_url("translation_export"), "#translation-export-form"),
    "translation upload": (lambda: admin_url("translation_import"), "#translation-import-form"),
    "translation queue": (lambda: admin_url("translation_queue", "fr"), "li.queue-item .sentence-diff ins"),
    "text translated in place": (outdated_french_symptom, "#translation-form"),
    "advice list": (lambda: admin_url("patientadvice_changelist") + "?status__exact=pending", "#result_list"),
    "advice": (lambda: admin_url("patientadvice_change", PatientAdvice.objects.get().pk), "#moderation-form"),
    "moderation": (lambda: admin_url("patientadvice_moderate", PatientAdvice.objects.get().pk), "#content-main form"),
    "dashboard with page feedback": (feedback_dashboard, "#unread-reports"),
    "page feedback list": (lambda: feedback_report() and admin_url("pagefeedback_changelist"), "#result_list"),
    "page feedback": (lambda: admin_url("pagefeedback_change", feedback_report().pk), "#pagefeedback_form"),
    "helpfulness chart": (lambda: feedback_report() and admin_url("pagefeedback_chart"), "#helpfulness-chart svg"),
    "searches that found nothing": (lambda: admin_url("searchgap_changelist"), "#result_list"),
    "search synonym, prefilled": (
        lambda: admin_url("searchsynonym_add") + "?language=es&term=fiebre",
        "#searchsynonym_form",
    ),
}


def nu_errors(nu_checker, html, after_scripts):
    return [
        f"line {error.get('lastLine')}: {error['message']} {error.get('extract', '')!r}"
        for error in nu_checker.errors(html)
        if not (after_scripts and any(known.excuses(error, html) for known in LIBRARY_MARKUP))
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_admin_page_meets_the_public_sites_standard(name, width, work_site, browser, nu_checker):
    address, shown = PAGES[name]
    path = address()
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 800})  # axe-core is injected
    context.add_cookies(
        [{"name": "sessionid", "value": signed_in_admin().cookies["sessionid"].value, "url": work_site}]
    )
    page = context.new_page()

    response = page.goto(work_site + path)
    page.wait_for_function(READY)

    assert response.status == 200
    assert page.locator(shown).count() > 0, f"{name} is not shown"
    assert nu_errors(nu_checker, response.text(), after_scripts=False) == []
    assert nu_errors(nu_checker, page.content(), after_scripts=True) == []
    assert audit(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_rows_added_in_the_browser_are_labelled_and_described_as_the_others(work_site, browser, nu_checker):
    session = signed_in_admin().cookies["sessionid"].value
    context = browser.new_context(bypass_csp=True)
    context.add_cookies([{"name": "sessionid", "value": session, "url": work_site}])
    page = context.new_page()
    page.goto(work_site + admin_url("disease_change", draft().pk))
    page.wait_for_function(READY)
    facts = int(page.locator("#id_facts-TOTAL_FORMS").input_value())

    # A name (a table row), a fact, and a symptom group with a symptom of its own (nested rows).
    for model in ("diseasename", "fact", "symptomgroup"):
        page.locator(f"a.djn-add-handler.djn-model-diseases-{model}:visible").first.click()
    page.locator("[id^='symptom_groups-'][id$='-symptoms-group'] a.djn-add-handler:visible").last.click()

    new_fact = page.locator(f"#id_facts-{facts}-text_fr")
    assert new_fact.get_attribute("aria-describedby") == f"id_facts-{facts}-text_fr_notes"
    assert page.locator(f"#facts-{facts} #id_facts-{facts}-text_fr_notes").count() == 1
    assert nu_errors(nu_checker, page.content(), after_scripts=True) == []
    assert audit(page) == []
    context.close()
