"""
The admin's screens as a list of addresses to try, what a person could send
with each form on them, and a world holding every state a page can be in:
shared by the inventory of write paths and the model-based test of the
workflow.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

import reversion
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from reversion.models import Version
from translate.storage import pypo

from diseases import search_gaps, translation_files, workflow
from diseases.models import (
    Disease,
    PageFeedback,
    PatientAdvice,
    ReviewComment,
    SearchGap,
    SearchSynonym,
    Symptom,
    SymptomGroup,
)

from .factories import approved_by, edit, make_disease, make_reference, make_shared_group
from .forms import forms_in

# The parts of the site that are the admin's, or that write for it.
ADMIN_PREFIXES = ("admin/", "_nested_admin/", "i18n/")
MARK = " (changed)"
MISSING_ID = "987654321"


@dataclass(frozen=True)
class Target:
    url: str
    # True when the URL names one object with another's version: it must change nothing at all.
    foreign: bool = False
    # What to post besides an empty POST, to a URL that answers only POSTs (no screen offers its form).
    sent: tuple = ()
    # Files a form of the screen takes ({field: (name, content)}), sent with each of its variants.
    files: tuple = ()

    def uploads(self):
        """Fresh uploaded files for one request (a file is read once)."""
        return {field: SimpleUploadedFile(name, content) for field, (name, content) in self.files}


def admin_routes():
    """(route, pattern) of every URL of the admin site, nested-admin and the language switch."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route, pattern

    return [
        (route, pattern) for route, pattern in walk(get_resolver().url_patterns, "") if route.startswith(ADMIN_PREFIXES)
    ]


def _model_admin(route):
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if match is None:
        return None
    for model, model_admin in admin.site._registry.items():
        if (model._meta.app_label, model._meta.model_name) == match.groups():
            return model_admin
    return None


def _ids(model, extra=True):
    ids = [str(pk) for pk in model._base_manager.order_by("pk").values_list("pk", flat=True)[:4]]
    return [*ids, MISSING_ID, "abc"] if extra else ids


def _first_against_last(model, pk):
    versions = Version.objects.get_for_object_reference(model, pk).order_by("pk")
    return urlencode({"old": versions.first().pk, "new": versions.last().pk})


def _concrete(model):
    return model._meta.concrete_model


def _is_own(version, model_admin):
    return version.content_type.model_class() is _concrete(model_admin.model)


OBJECT_SUFFIXES = (
    "<path:object_id>/",
    "<path:object_id>/change/",
    "<path:object_id>/history/",
    "<path:object_id>/delete/",
    "<path:object_id>/submit/",
    "<path:object_id>/publish/",
    "<path:object_id>/review/",
    "<path:object_id>/compare/",
    "<path:object_id>/assignment/",
    "<path:object_id>/moderate/",
    "<path:object_id>/evidence/",
)
COMMENT_SUFFIXES = (
    "<path:object_id>/comments/<int:comment_id>/reply/",
    "<path:object_id>/comments/<int:comment_id>/resolve/",
)
SITE_URLS = {
    "admin/": ["/admin/"],
    "admin/login/": ["/admin/login/"],
    "admin/logout/": ["/admin/logout/"],
    "admin/password_change/": ["/admin/password_change/"],
    "admin/password_change/done/": ["/admin/password_change/done/"],
    "admin/autocomplete/": [
        "/admin/autocomplete/?app_label=diseases&model_name=sharedsymptomgroup&field_name=reference"
    ],
    "admin/jsi18n/": ["/admin/jsi18n/"],
    "admin/(?P<url>.*)$": ["/admin/nowhere/"],
    "admin/^(?P<app_label>diseases|axes|auth)/$": ["/admin/diseases/", "/admin/axes/", "/admin/auth/"],
    "_nested_admin/^server-data\\.js$": ["/_nested_admin/server-data.js"],
    "i18n/setlang/": ["/i18n/setlang/"],
}


def _versions_to_try(model_admin):
    """
    (version, whether it is of the admin's own model) for every version of
    its own model, and one version of every other model: which one is named
    does not matter to a screen that must refuse them all.
    """
    tried = set()
    for version in Version.objects.select_related("content_type").order_by("pk"):
        own = _is_own(version, model_admin)
        if own or version.content_type_id not in tried:
            tried.add(version.content_type_id)
            yield version, own


def _texts_to_translate():
    """Texts of pages and shared symptoms, in each language; and what is not a translated text."""
    texts = [f"{language}/disease/{pk}/definition" for pk in _ids(Disease) for language in ("es", "fr")]
    symptoms = Symptom.objects.filter(group__disease__isnull=True).order_by("pk").values_list("pk", flat=True)[:1]
    texts += [f"es/symptom/{pk}/text" for pk in symptoms]
    pages = _ids(Disease, extra=False)[:1]
    return [*texts, *(f"es/disease/{pk}/slug" for pk in pages), *(f"en/disease/{pk}/definition" for pk in pages)]


def fill(route):
    """The concrete addresses to try for `route`, or None when this test does not know it (a new view)."""
    if route in SITE_URLS:
        return [Target(url) for url in SITE_URLS[route]]
    if route.startswith("admin/r/"):
        content_type = ContentType.objects.get_for_model(Disease).pk
        return [Target(f"/admin/r/{content_type}/{pk}/") for pk in _ids(Disease)]
    model_admin = _model_admin(route)
    if model_admin is None:
        return None
    base = f"/admin/{model_admin.opts.app_label}/{model_admin.opts.model_name}/"
    suffix = route[len(base) - 1 :]
    model = model_admin.model
    if suffix in ("", "add/", "translations/", "translations/export/", "evidence/", "chart/", "^recover/$"):
        return [Target(base + suffix.strip("^$"))]
    if suffix == "translations/import/":
        # A translated file: every page's Spanish, the first text changed.
        return [Target(base + suffix, files=(("file", ("es.po", translated_file())),))]
    if suffix == "translations/<str:language>/":
        return [Target(f"{base}translations/{language}/") for language in ("es", "fr", "en", "xx")]
    if suffix == "translations/<str:language>/<str:model>/<int:pk>/<str:field>/":
        return [Target(f"{base}translations/{text}/") for text in _texts_to_translate()]
    if suffix in OBJECT_SUFFIXES:
        targets = [Target(base + suffix.replace("<path:object_id>", pk)) for pk in _ids(model)]
        if suffix == "<path:object_id>/compare/":
            # As the history screen links it: a page's first revision against its last.
            targets += [Target(f"{base}{pk}/compare/?{_first_against_last(model, pk)}") for pk in _ids(model, False)]
        return targets
    if suffix == "<path:object_id>/comments/":
        return [
            Target(base + f"{pk}/comments/", sent=({"anchor": f"diseases.disease:{pk}:definition:en", "body": "Why?"},))
            for pk in _ids(model)
        ]
    if suffix in COMMENT_SUFFIXES:
        # Each conversation under its own page and under another page.
        threads = [str(pk) for pk in ReviewComment.objects.order_by("pk").values_list("pk", flat=True)[:2]]
        return [
            Target(
                base + suffix.replace("<path:object_id>", pk).replace("<int:comment_id>", thread),
                sent=({"body": "Done."},),
            )
            for pk in _ids(model, extra=False)[:3]
            for thread in [*threads, MISSING_ID]
        ]
    if suffix == "<id>/password/":
        return [Target(f"{base}{pk}/password/") for pk in _ids(model, extra=False)]
    if suffix == "^([^/]+)/history/(\\d+)/$":
        targets = []
        for version, own in _versions_to_try(model_admin):
            targets.append(Target(f"{base}{version.object_id}/history/{version.pk}/", foreign=not own))
            for pk in _ids(model, extra=False)[:1]:
                if not (own and pk == version.object_id):
                    targets.append(Target(f"{base}{pk}/history/{version.pk}/", foreign=True))
        return targets
    if suffix == "^recover/(\\d+)/$":
        targets = [
            Target(f"{base}recover/{version.pk}/", foreign=not own) for version, own in _versions_to_try(model_admin)
        ]
        if _concrete(model) is Disease:
            # The pages' own recovery names the page: a deleted page is marked, not removed.
            targets += [Target(f"{base}recover/{pk}/") for pk in _ids(Disease, extra=False)]
        return targets
    return None


def translated_file():
    """Every page's texts exported into Spanish as PO, the first translated text changed as a translator would."""
    store = pypo.pofile.parsestring(translation_files.export("es", translation_files.PO))
    entry = next(entry for entry in store.units if not entry.isheader() and entry.target and not entry.isfuzzy())
    entry.target = entry.target + MARK
    return bytes(store)


def post_forms(html):
    """The forms of a screen that send a POST, but signing out (a screen of its own)."""
    return [form for form in forms_in(html) if form.method == "post" and form.id != "logout-form"]


def variants(form):
    """What a person could send with `form`: each button, edited texts, each list action on a selected row."""
    buttons = list(dict.fromkeys(form.buttons)) or [(None, None)]
    sent = []
    for name, value in buttons[:4]:
        sent.append({**form.data, **({name: value} if name else {})})
    edited = dict(sent[0])
    for name in form.texts:
        if isinstance(edited.get(name), str) and (name.endswith(("_en", "_es", "_fr")) or name in form.textareas):
            edited[name] = edited[name] + MARK
    if edited != sent[0]:
        sent.append(edited)
    rows = form.choices.get("_selected_action", [])
    for action in [choice for choice in form.choices.get("action", []) if choice][:8]:
        sent.append({**form.data, "action": action, "_selected_action": rows[:1], "index": "0"})
    return sent


# Tables a request may write without changing anything a page shows.
BOOKKEEPING = ("django_session", "django_admin_log", "axes_")


class Writes:
    """
    A database execute wrapper noting whether a statement wrote to a table
    other than bookkeeping: when none did, nothing a page shows changed.
    """

    def __init__(self):
        self.content = False

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            table = re.search(r'(?:INTO|UPDATE|FROM)\s+"?(\w+)', sql, re.IGNORECASE)
            if table is None or not table.group(1).startswith(BOOKKEEPING):
                self.content = True
        return execute(sql, params, many, context)


def build_world(users):
    """Every state a page can be in, shared content, deleted things to recover, advice and sign-in records."""
    editor, reviewer, both = users["editor"], users["reviewer"], users["editor and reviewer"]
    reference = make_reference(editor)
    make_shared_group(editor, reference=reference)
    approved = approved_by(make_disease(editor, slug="approved", reference=reference), editor, reviewer)
    draft = approved_by(make_disease(editor, slug="draft", name="Draft Disease", abbreviation="DD"), editor, reviewer)
    edit(draft, both, definition_en="Changed by someone who also reviews.")
    in_review = make_disease(editor, slug="in-review", name="Reviewed Disease", abbreviation="RD")
    edit(in_review, both, definition_en="Written by someone who also reviews.")
    in_review.submit_for_review(editor)
    # A conversation on the page in review: a reviewer's comment an editor answered, and one resolved.
    definition = f"diseases.disease:{in_review.pk}:definition:en"
    workflow.comments.reply(
        workflow.comments.add_comment(in_review, reviewer, definition, "Cite it."), editor, "Cited."
    )
    workflow.comments.resolve(workflow.comments.add_comment(in_review, reviewer, definition, "Typo."), reviewer)
    provisional = make_disease(editor, slug="provisional", name="Provisional Disease", abbreviation="PD")
    provisional.publish_provisionally(editor)
    workflow.delete(make_disease(editor, slug="deleted", name="Deleted Disease", abbreviation="XD"), editor)
    with workflow.editing(editor), reversion.create_revision():
        make_shared_group(editor, title="A group that was deleted", order=1).delete()
        make_reference(editor, title="A reference that was deleted").delete()
    with reversion.create_revision():
        for status in ("pending", "approved"):
            PatientAdvice.objects.create(
                disease=approved,
                text=f"Advice {status}.",
                role="patient",
                language="en",
                consent=True,
                status=status,
                email="someone@example.org",
            )
    # What visitors said: an open "wrong or out of date" report with text, a handled one, a plain Yes.
    PageFeedback.objects.create(disease=approved, language="fr", helpful=False, kind="wrong", text="Out of date.")
    PageFeedback.objects.create(disease=approved, language="en", helpful=False, kind="other", status="dismissed")
    PageFeedback.objects.create(disease=approved, language="es", helpful=True)
    AccessAttempt.objects.create(
        username="someone",
        ip_address="192.0.2.1",
        failures_since_start=6,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/admin/login/",
        user_agent="test",
    )
    AccessLog.objects.create(
        username="ed", ip_address="192.0.2.2", user_agent="test", http_accept="", path_info="/admin/login/"
    )
    # Search: a synonym, and searches that found nothing (one handled).
    SearchSynonym.objects.create(language="en", term="tiredness", means="fatigue")
    search_gaps.record("uveitis", "en")
    search_gaps.record("flare diet", "es")
    search_gaps.mark(SearchGap.objects.filter(query="flare diet"), SearchGap.Status.NOT_RELEVANT, editor)
    assert Disease.objects.count() == 5 and SymptomGroup.objects.shared().count() == 1
    return users
