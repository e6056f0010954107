import functools

import reversion
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import documents, page_cache, pages, ratelimits, search, search_gaps, translation_status
from .forms import AdviceForm
from .models import Disease, PatientAdvice, SearchEntry

ADVICE_ON_PAGE = 5
# Where the patient advice goes in a disease page rendered without it.
ADVICE_SLOT = mark_safe("<!-- patient advice -->")  # noqa: S308 - a constant
ADVICE_PER_PAGE = 20
ON_HOME = 24
A_TO_Z_PER_PAGE = 100


def public_page(view=None, *, purged=True):
    """
    A page the same for every visitor: cached whole (see page_cache), read
    without a transaction; `purged` from the reverse proxy when a
    publication changes it (frontend_cache.affected_urls lists it).
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
            "entries": entries[:ON_HOME],
            "more": entries[ON_HOME : ON_HOME + 1].exists(),
            "letters": SearchEntry.objects.letters(language),
        },
    )


@public_page
def disease_index(request):
    """The A–Z list of published diseases in the visitor's language, a page (or a letter) at a time."""
    language = get_language()
    letters = list(SearchEntry.objects.letters(language))
    letter = request.GET.get("letter", "")
    letter = letter if letter in letters else ""
    entries = SearchEntry.objects.a_to_z(language, letter)
    page = Paginator(entries, A_TO_Z_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "diseases/disease_list.html",
        {"page_obj": page, "letters": letters, "letter": letter, "query_prefix": _query_prefix(letter=letter)},
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
    disease = get_object_or_404(Disease.objects.public().select_related("live").defer("live__content"), slug=slug)
    language = get_language()

    def render_shell():
        page = pages.page_in_language(disease.live.content, language)
        return render_to_string("diseases/disease_detail.html", _page_context(disease, page), request)

    # The time of publication too: a database restored under the same name may number publications again.
    publication = (disease.live_id, disease.live.published_at.isoformat())
    # And the address: the page links to itself in other languages, and a new slug keeps the publication.
    shell = page_cache.remembered(
        ("disease-page", *publication, language, request.scheme, request.get_host(), request.path), render_shell
    )
    return HttpResponse(shell.replace(ADVICE_SLOT, _advice_section(disease, language)))


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
    return _render_page(request, disease, pages.with_dates(preview), preview=True)


def _page_context(disease, page, preview=False):
    return {
        "disease": disease,
        "page": page,
        "publication": disease.live,
        "preview": preview,
        "advice_section": ADVICE_SLOT,
    }


def _advice_section(disease, language):
    """
    The newest approved advice in the visitor's language; when there is none
    in it, advice written in other languages (marked so), which they may read.
    """
    advice = list(
        PatientAdvice.objects.published().filter(disease=disease).in_language_first(language)[: ADVICE_ON_PAGE + 1]
    )
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
            "slug": disease.slug,
        },
    )


def _render_page(request, disease, page, preview=False):
    html = render_to_string("diseases/disease_detail.html", _page_context(disease, page, preview), request)
    return HttpResponse(html.replace(ADVICE_SLOT, _advice_section(disease, get_language())))


@never_cache
@require_http_methods(["GET", "POST"])
def advice_create(request, slug):
    """The “Submit your advice” form; what it saves waits for moderation."""
    disease = public_disease_or_404(slug)
    form = AdviceForm(request.POST or None, disease=disease, language=get_language())
    status = 200
    if request.method == "POST":
        if ratelimits.exhausted(request):
            # Shown with what they typed, so nothing is lost if they come back later.
            status = 429
        elif form.is_valid() and not form.is_spam:
            if _save_within_limit(request, form):
                return redirect("diseases:advice_thanks", slug=disease.slug)
            status = 429
        else:
            ratelimits.refuse(request)
            if not form.errors:
                # Caught by the honeypot: dropped without a word.
                return redirect("diseases:advice_thanks", slug=disease.slug)
            status = 400
    return render(
        request,
        "diseases/advice_form.html",
        {
            "disease": disease,
            "page": pages.page_in_language(disease.live.content, get_language()),
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
        if created and not ratelimits.accept(request):
            transaction.set_rollback(True)
            return False
    return True


@public_page
def advice_thanks(request, slug):
    disease = public_disease_or_404(slug)
    page = pages.page_in_language(disease.live.content, get_language())
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
            "page": pages.page_in_language(disease.live.content, get_language()),
            "advice_page": Paginator(advice, ADVICE_PER_PAGE).get_page(request.GET.get("page")),
        },
    )
