import functools
from dataclasses import dataclass
from urllib.parse import urlsplit

import reversion
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import DisallowedHost
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import (
    browse_by_symptom,
    documents,
    feedback,
    page_cache,
    pages,
    publications,
    ratelimits,
    related_conditions,
    search,
    search_gaps,
    translation_status,
)
from .database import PreparedQuery
from .forms import AdviceForm, FeedbackAnswerForm, FeedbackDetailsForm
from .listings import A_TO_Z_PER_PAGE, ADVICE_PER_PAGE
from .models import Disease, PatientAdvice, SearchEntry

ADVICE_ON_PAGE = 5
# Where the patient advice goes in a disease page rendered without it.
ADVICE_SLOT = mark_safe("<!-- patient advice -->")  # noqa: S308 - a constant
# What the page shows of each advice (includes/advice_item.html).
ADVICE_SHOWN = ("language", "text", "display_name", "role", "submitted_at")
# A page's hot path, which a visit runs whenever the page cache misses: SQL built once.
PUBLICATION_OF_PAGE = PreparedQuery(
    lambda slug: Disease.objects.public().filter(slug=slug)[:1],
    ("pk", "live_id", "live__published_at"),
    slug="<slug>",
)
ADVICE_ON_PAGE_FIRST = PreparedQuery(
    lambda disease, language: (
        PatientAdvice.objects.published().filter(disease=disease).in_language_first(language)[: ADVICE_ON_PAGE + 1]
    ),
    ADVICE_SHOWN,
    disease=-1,
    language="<language>",
)
ON_HOME = 24


def public_page(view=None, *, purged=True):
    """
    A page the same for every visitor: cached whole (see page_cache), read
    without a transaction; `purged` from the reverse proxy when a
    publication changes it (frontend_cache.addresses lists it).
    """
    if view is None:
        return functools.partial(public_page, purged=purged)
    return transaction.non_atomic_requests(page_cache.public(view, purged=purged))


def language_neutral_page(view, *, purged=True):
    """
    A public page with no language in its address and the same for every
    visitor (the sitemap, robots.txt): rendered and labelled in the site's
    language, never in the one a visitor's cookie or browser asks for, which
    the first visitor's copy would otherwise carry to everyone.
    """

    @functools.wraps(view)
    def in_site_language(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response["Content-Language"] = settings.LANGUAGE_CODE
        return response

    return public_page(in_site_language, purged=purged)


def public_disease_or_404(slug):
    return get_object_or_404(Disease.objects.public().select_related("live"), slug=slug)


@public_page
def home(request):
    """Search, the start of the A–Z list with its letters, and who publishes these pages."""
    language = get_language()
    entries = SearchEntry.objects.a_to_z(language)
    return render(
        request,
        "diseases/home.html",
        {
            "entries": _with_addresses(entries[:ON_HOME]),
            "more": entries[ON_HOME : ON_HOME + 1].exists(),
            "letters": SearchEntry.objects.letters(language),
        },
    )


@public_page
def disease_index(request):
    """The A–Z list of published diseases in the visitor's language, a page (or a letter) at a time."""
    language = get_language()
    counts = SearchEntry.objects.letter_counts(language)
    letter = request.GET.get("letter", "")
    letter = letter if letter in counts else ""
    paginator = Paginator(SearchEntry.objects.a_to_z(language, letter), A_TO_Z_PER_PAGE)
    # Counted with the letters: the list is not counted again.
    paginator.count = counts[letter] if letter else sum(counts.values())
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = _with_addresses(page.object_list)
    return render(
        request,
        "diseases/disease_list.html",
        {"page_obj": page, "letters": list(counts), "letter": letter, "query_prefix": _query_prefix(letter=letter)},
    )


@dataclass(frozen=True)
class ListedPage:
    """A page as the A–Z list shows it: its title under its initial, linked."""

    title: str
    letter: str
    url: str


# A slug that no address holds but where a page's slug goes.
SLUG_PLACEHOLDER = "--slug--"


def _page_addresses():
    """A page's address from its slug, reversed once for a whole list: only the slug differs."""
    address = reverse("diseases:detail", args=[SLUG_PLACEHOLDER])
    return lambda slug: address.replace(SLUG_PLACEHOLDER, slug)


def _with_addresses(rows):
    """The A–Z rows (title, letter, slug) with their pages' addresses."""
    address_of = _page_addresses()
    return [ListedPage(row.title, row.letter, address_of(row.slug)) for row in rows]


@public_page
def symptom_index(request):
    """Every symptom the published pages list, in the visitor's language, A–Z (or under one letter)."""
    symptoms = browse_by_symptom.symptoms(get_language())
    letters = sorted({symptom.letter for symptom in symptoms})
    letter = request.GET.get("letter", "")
    letter = letter if letter in letters else ""
    return render(
        request,
        "diseases/symptom_list.html",
        {
            "symptoms": [symptom for symptom in symptoms if not letter or symptom.letter == letter],
            "letters": letters,
            "letter": letter,
            "letters_url": reverse("diseases:symptoms"),
        },
    )


# Not purged (a publication may add or remove any symptom): proxies keep them PUBLIC_PAGE_SHARED_MAX_AGE.
@public_page(purged=False)
def symptom_detail(request, slug):
    """The published pages that list a symptom, in the visitor's language."""
    symptom = browse_by_symptom.find(get_language(), slug)
    if symptom is None:
        raise Http404
    # Its text, and so its address, differs from one language to another:
    # the other languages' links lead to their symptom index.
    return render(
        request, "diseases/symptom_detail.html", {"symptom": symptom, "translation_path": reverse("diseases:symptoms")}
    )


def _query_prefix(**parameters):
    """The query string that pagination links keep (“letter=C&”), ready for “page=…”."""
    kept = {name: value for name, value in parameters.items() if value}
    return urlencode(kept) + "&" if kept else ""


# Results are not purged (any query may list a changed page): proxies keep them PUBLIC_PAGE_SHARED_MAX_AGE.
@public_page(purged=False)
def search_view(request):
    """
    Diseases matching any name, abbreviation or symptom (or a synonym), in
    the visitor's language; a corrected search, or suggestions, otherwise.
    `exact=1` searches the words as typed, uncorrected.
    """
    query = search.clean_query(request.GET.get("q", ""))
    exact = request.GET.get("exact") == "1"
    language = get_language()
    results = search.search(query, language, request.GET.get("page"), correct=not exact) if query else None
    if results is not None and results.found_nothing:
        search_gaps.record(query, language)
    if results is not None:
        address_of = _page_addresses()
        for result in results.page.object_list:
            result.url = address_of(result.entry.disease.slug)
    return render(
        request,
        "diseases/search.html",
        {
            "query": query,
            "results": results,
            "page_obj": results and results.page,
            "query_prefix": _query_prefix(q=query, exact="1" if exact else ""),
        },
    )


@public_page
def disease_detail(request, slug):
    """
    The page as the public reads it: its live publication, never the working
    rows. Everything but the patient advice is rendered once per publication
    and language (and address), so that a page missing from the page cache
    costs a query or two and no full rendering.
    """
    # What names the rendered pieces; the page and its publication are read only to render one.
    found = PUBLICATION_OF_PAGE.rows(slug=slug)
    if not found:
        raise Http404
    [(disease_id, live_id, published_at)] = found
    language = get_language()

    @functools.cache
    def disease():
        return get_object_or_404(Disease.objects.public().select_related("live"), pk=disease_id)

    @functools.cache
    def page():
        return publications.page_in_language(disease().live.content, language)

    # The time of publication too: a database restored under the same name may number publications again.
    publication = (live_id, published_at.isoformat())
    # The pages it links to show while they are public, under their current titles: part of the key.
    targets = page_cache.remembered(
        ("related-conditions", *publication, language), lambda: related_conditions.targets(page())
    )
    links = related_conditions.public_links(targets, language)

    def render_shell():
        return render_to_string("diseases/disease_detail.html", _page_context(disease(), page(), links), request)

    # And the address: the page links to itself in other languages, and a new slug keeps the publication.
    shell = page_cache.remembered(
        ("disease-page", *publication, language, request.scheme, request.get_host(), request.path, *links),
        render_shell,
    )
    return HttpResponse(shell.replace(ADVICE_SLOT, _advice_section(disease_id, slug, language)))


@never_cache
@staff_member_required
def disease_preview(request, slug):
    """The working copy on the real page template, for editors and reviewers."""
    if not request.user.has_perm("diseases.view_disease"):
        raise Http404
    disease = get_object_or_404(Disease.objects.not_deleted(), slug=slug)
    page, shared = documents.load(disease)
    language = get_language()
    preview = pages.render(documents.build(page, shared), language)
    rows = translation_status.page_rows(page, shared)
    outdated = translation_status.outdated_fields(rows, language) if language != settings.LANGUAGE_CODE else []
    preview["outdated"] = bool(outdated)
    links = related_conditions.public_links(related_conditions.targets(preview), language)
    return _render_page(request, disease, pages.with_dates(preview), links, preview=True)


def _page_context(disease, page, related_links, preview=False):
    return {
        "disease": disease,
        "page": page,
        "publication": disease.live,
        "preview": preview,
        "advice_section": ADVICE_SLOT,
        "related_links": related_links,
    }


def _advice_section(disease_id, slug, language):
    """
    The newest approved advice in the visitor's language; when there is none
    in it, advice written in other languages (marked so), which they may read.
    """
    advice = [
        PatientAdvice(**dict(zip(ADVICE_SHOWN, row, strict=True)))
        for row in ADVICE_ON_PAGE_FIRST.rows(disease=disease_id, language=language)
    ]
    other_languages = bool(advice) and advice[0].language != language
    if not other_languages:
        advice = [item for item in advice if item.language == language]
    return render_to_string(
        "includes/advice_section.html",
        {
            "advice_list": advice[:ADVICE_ON_PAGE],
            "more_advice": len(advice) > ADVICE_ON_PAGE,
            "other_languages": other_languages and advice,
            "LANGUAGE_CODE": language,
            "slug": slug,
        },
    )


def _render_page(request, disease, page, related_links, preview=False):
    html = render_to_string(
        "diseases/disease_detail.html", _page_context(disease, page, related_links, preview), request
    )
    return HttpResponse(html.replace(ADVICE_SLOT, _advice_section(disease.pk, disease.slug, get_language())))


@never_cache
@require_http_methods(["GET", "POST"])
def advice_create(request, slug):
    """The “Submit your advice” form; what it saves waits for moderation."""
    disease = public_disease_or_404(slug)
    form = AdviceForm(request.POST or None, disease=disease, language=get_language())
    status = 200
    if request.method == "POST":
        if ratelimits.ADVICE.exhausted(request):
            # Shown with what they typed, so nothing is lost if they come back later.
            status = 429
        elif form.is_valid() and not form.is_spam:
            if _save_within_limit(request, form):
                return redirect("diseases:advice_thanks", slug=disease.slug)
            status = 429
        else:
            ratelimits.ADVICE.refuse(request)
            if not form.errors:
                # Caught by the honeypot: dropped without a word.
                return redirect("diseases:advice_thanks", slug=disease.slug)
            status = 400
    return render(
        request,
        "diseases/advice_form.html",
        {
            "disease": disease,
            "page": publications.page_in_language(disease.live.content, get_language()),
            "form": form,
            "rate_limited": status == 429,
        },
        status=status,
    )


def _save_within_limit(request, form):
    """Save the advice unless it is one more than the client may send; the same form sent again counts once."""
    with transaction.atomic():
        with reversion.create_revision():
            reversion.set_comment("Submitted through the public form")
            _advice, created = form.save_once()
        if created and not ratelimits.ADVICE.accept(request):
            transaction.set_rollback(True)
            return False
    return True


@public_page
def advice_thanks(request, slug):
    disease = public_disease_or_404(slug)
    page = publications.page_in_language(disease.live.content, get_language())
    return render(request, "diseases/advice_thanks.html", {"disease": disease, "page": page})


@public_page
def advice_list(request, slug):
    """All approved advice for a disease in the visitor's language, newest first."""
    disease = public_disease_or_404(slug)
    advice = PatientAdvice.objects.published().filter(disease=disease, language=get_language())
    return render(
        request,
        "diseases/advice_list.html",
        {
            "disease": disease,
            "page": publications.page_in_language(disease.live.content, get_language()),
            "advice_page": Paginator(advice, ADVICE_PER_PAGE).get_page(request.GET.get("page")),
        },
    )


def from_this_site(request):
    """
    Whether a post comes from one of the site's own pages, as far as the
    browser says: a foreign Origin (or, without one, a foreign Referer) is
    refused; a request that sends neither is let through, as some privacy
    tools strip both, and the rate limit still holds.
    """
    origin = request.headers.get("Origin")
    if origin is None:
        referer = request.headers.get("Referer")
        if not referer:
            return True
        try:
            parts = urlsplit(referer)
        except ValueError:
            # Not an address a browser sends (“http://[”).
            return False
        origin = f"{parts.scheme}://{parts.netloc}"
    try:
        own = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return False
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


def feedback_post(view):
    """
    A post to the “Was this page helpful?” forms: never cached, with no CSRF
    token (the form sits in a page cached the same for everyone; README,
    “Page feedback”), refused when it comes from another site or when the
    client has sent too much.
    """

    @functools.wraps(view)
    def checked(request, slug):
        if not from_this_site(request):
            return HttpResponseForbidden(_("This form can only be sent from this site."), content_type="text/plain")
        if ratelimits.FEEDBACK.exhausted(request):
            # Refused before anything is read: a burst costs the site little.
            return render(request, "diseases/feedback_limited.html", {"slug": slug}, status=429)
        return view(request, public_disease_or_404(slug))

    return never_cache(csrf_exempt(require_POST(checked)))


def _feedback_page(request, disease, template, context, status=200):
    page = publications.page_in_language(disease.live.content, get_language())
    return render(request, template, {"disease": disease, "page": page, **context}, status=status)


def _feedback_refusal(request, disease, form, template):
    """
    The answer to a feedback post that is not taken (invalid, caught by the
    honeypot, or one more than the client may send), or None when it is.
    """
    if not form.is_valid() or form.is_spam:
        ratelimits.FEEDBACK.refuse(request)
        if not form.errors:
            # Caught by the honeypot: thanked, not counted.
            return redirect("diseases:feedback_thanks", slug=disease.slug)
        return _feedback_page(request, disease, template, {"form": form}, status=400)
    if not ratelimits.FEEDBACK.accept(request):
        return render(request, "diseases/feedback_limited.html", {"slug": disease.slug}, status=429)
    return None


@feedback_post
def feedback_answer(request, disease):
    """A visitor's “Yes” or “No”; then “What was missing or wrong?”, which they may skip."""
    form = FeedbackAnswerForm(request.POST)
    refusal = _feedback_refusal(request, disease, form, "diseases/feedback_answer.html")
    if refusal is not None:
        return refusal
    answer = feedback.record_answer(disease, get_language(), form.is_helpful)
    # Shown in answer to the post, not after a redirect: no address ever names this answer.
    return _feedback_page(
        request,
        disease,
        "diseases/feedback_details.html",
        {"form": FeedbackDetailsForm(answer=answer), "answer": answer},
    )


@feedback_post
def feedback_details(request, disease):
    """What was missing or wrong, added to the visitor's answer once, with contact details masked."""
    form = FeedbackDetailsForm(request.POST)
    refusal = _feedback_refusal(request, disease, form, "diseases/feedback_details.html")
    if refusal is not None:
        return refusal
    text, masked = feedback.mask_personal_data(form.cleaned_data["text"].strip())
    feedback.add_details(form.cleaned_data["token"], form.cleaned_data["kind"], text)
    thanks = reverse("diseases:feedback_thanks", kwargs={"slug": disease.slug})
    return redirect(f"{thanks}?masked=1" if masked else thanks)


@never_cache
@require_safe
def feedback_thanks(request, slug):
    """Thanks, and whether contact details were removed from what the visitor wrote (`?masked=1`)."""
    disease = public_disease_or_404(slug)
    return _feedback_page(
        request, disease, "diseases/feedback_thanks.html", {"masked": request.GET.get("masked") == "1"}
    )
