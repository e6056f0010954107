import reversion
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from . import documents, pages, search, translation_status
from .forms import AdviceForm
from .models import Disease, PatientAdvice

ADVICE_ON_PAGE = 5
ADVICE_PER_PAGE = 20


def public_disease_or_404(slug):
    return get_object_or_404(Disease.objects.public().select_related("live"), slug=slug)


def _a_to_z():
    return sorted(Disease.objects.public().with_names(), key=lambda disease: disease.title.casefold())


def home(request):
    """Search, the A–Z list, and who publishes these pages."""
    return render(request, "diseases/home.html", {"diseases": _a_to_z()})


def disease_index(request):
    """The A–Z list of published diseases in the visitor's language."""
    return render(request, "diseases/disease_list.html", {"diseases": _a_to_z()})


def search_view(request):
    """Diseases matching any name, abbreviation or symptom, in the visitor's language."""
    query = search.clean_query(request.GET.get("q", ""))
    results = search.search(query, get_language()) if query else []
    return render(request, "diseases/search.html", {"query": query, "results": results})


def disease_detail(request, slug):
    """The page as the public reads it: its live publication, never the working rows."""
    disease = public_disease_or_404(slug)
    return _render_page(request, disease, pages.page_in_language(disease.live.content, get_language()))


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


def _render_page(request, disease, page, preview=False):
    advice = list(
        PatientAdvice.objects.published().filter(disease=disease, language=get_language())[: ADVICE_ON_PAGE + 1]
    )
    return render(
        request,
        "diseases/disease_detail.html",
        {
            "disease": disease,
            "page": page,
            "publication": disease.live,
            "advice_list": advice[:ADVICE_ON_PAGE],
            "more_advice": len(advice) > ADVICE_ON_PAGE,
            "advice_form": AdviceForm(disease=disease, language=get_language()),
            "preview": preview,
        },
    )


@require_http_methods(["GET", "POST"])
def advice_create(request, slug):
    """The “Submit your advice” form; what it saves waits for moderation."""
    disease = public_disease_or_404(slug)
    form = AdviceForm(request.POST or None, disease=disease, language=get_language())
    status = 200
    if request.method == "POST":
        if is_ratelimited(
            request, group="advice", key="ip", rate=settings.ADVICE_RATE_LIMIT, method="POST", increment=True
        ):
            # Shown with what they typed, so nothing is lost if they come back later.
            status = 429
        elif form.is_valid():
            if not form.is_spam:
                with reversion.create_revision():
                    reversion.set_comment("Submitted through the public form")
                    form.save()
            return redirect("diseases:advice_thanks", slug=disease.slug)
        else:
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


def advice_thanks(request, slug):
    disease = public_disease_or_404(slug)
    page = pages.page_in_language(disease.live.content, get_language())
    return render(request, "diseases/advice_thanks.html", {"disease": disease, "page": page})


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
