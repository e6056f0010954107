from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from . import pages
from .models import Disease, PatientAdvice

ADVICE_ON_PAGE = 5


def disease_index(request):
    """The A–Z list of published diseases in the visitor's language."""
    diseases = sorted(Disease.objects.public().with_names(), key=lambda disease: disease.title.casefold())
    return render(request, "diseases/disease_list.html", {"diseases": diseases})


def disease_detail(request, slug):
    """The page as the public reads it: its live publication, never the working rows."""
    disease = get_object_or_404(Disease.objects.public().select_related("live"), slug=slug)
    return _render_page(request, disease, pages.page_in_language(disease.live.content, get_language()))


@staff_member_required
def disease_preview(request, slug):
    """The working copy on the real page template, for editors and reviewers."""
    if not request.user.has_perm("diseases.view_disease"):
        raise Http404
    try:
        disease, shared_groups = pages.load_working_copy(slug)
    except Disease.DoesNotExist:
        raise Http404 from None
    language = get_language()
    page = pages.page_in_language({language: pages.build_page(disease, shared_groups)}, language)
    return _render_page(request, disease, page, preview=True)


def _render_page(request, disease, page, preview=False):
    advice = PatientAdvice.objects.published().filter(disease=disease, language=get_language())
    return render(
        request,
        "diseases/disease_detail.html",
        {
            "disease": disease,
            "page": page,
            "publication": disease.live,
            "advice_list": advice[:ADVICE_ON_PAGE],
            "preview": preview,
        },
    )
