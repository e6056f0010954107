"""What visitors said about the pages: the comments queue, erasing a comment, helpfulness over time."""

import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import charts, feedback, permissions
from ..managers import add_months
from ..models import Disease, PageFeedback
from .dates import DatesWithoutReadingEveryRow
from .review import DiseaseFilter, with_page_titles
from .safety import CheckedRowIds

# How far back the helpfulness chart looks, per kind of period.
CHART_PERIODS = {"week": 26, "month": 12}


def handle(modeladmin, request, queryset, status):
    done = 0
    for answer in queryset:
        feedback.set_status(answer, status, request.user)
        done += 1
    modeladmin.message_user(
        request, ngettext("%(count)d answer updated.", "%(count)d answers updated.", done) % {"count": done}
    )


@admin.action(description=_("Mark the selected feedback actioned"), permissions=["change"])
def mark_actioned(modeladmin, request, queryset):
    handle(modeladmin, request, queryset, PageFeedback.Status.ACTIONED)


@admin.action(description=_("Mark the selected feedback dismissed"), permissions=["change"])
def mark_dismissed(modeladmin, request, queryset):
    handle(modeladmin, request, queryset, PageFeedback.Status.DISMISSED)


@admin.action(description=_("Erase text"), permissions=["erase"])
def erase_text(modeladmin, request, queryset):
    """Erase what the visitors wrote; their answers and the kind of problem stay counted."""
    answers = list(queryset.exclude(text=""))
    for answer in answers:
        feedback.erase_text(answer, request.user)
    done = ngettext(
        "The text of %(count)d comment was erased.", "The text of %(count)d comments were erased.", len(answers)
    )
    modeladmin.message_user(request, done % {"count": len(answers)}, messages.SUCCESS)


@admin.register(PageFeedback)
class PageFeedbackAdmin(DatesWithoutReadingEveryRow, CheckedRowIds, admin.ModelAdmin):
    """
    The comments queue: what visitors answered, read-only; editors and
    reviewers say what became of it (status and note).
    """

    list_display = ("created_on", "disease", "language", "helpful", "kind", "comment", "status")
    # Nothing joined: the pages are read as their titles need them (`get_queryset`).
    list_select_related = ()
    list_filter = (DiseaseFilter, "language", "kind", "status", "helpful", "created_on")
    date_hierarchy = "created_on"
    search_fields = ("text", "note")
    readonly_fields = (
        "disease",
        "language",
        "helpful",
        "kind",
        "text",
        "created_on",
        "handled_by",
        "handled_at",
        "text_erased_at",
    )
    fields = (*readonly_fields[:6], "status", "note", *readonly_fields[6:])
    actions = [mark_actioned, mark_dismissed, erase_text]
    change_list_template = "admin/diseases/pagefeedback/change_list.html"

    def get_queryset(self, request):
        return with_page_titles(super().get_queryset(request))

    @admin.display(description=_("comment"))
    def comment(self, answer):
        # Plain text: the admin escapes it like any other value.
        return Truncator(answer.text).chars(80)

    def has_add_permission(self, request):
        return False

    def has_erase_permission(self, request):
        return permissions.can_erase_feedback_text(request.user)

    def save_model(self, request, obj, form, change):
        # Only the status and the note are the editors'; the rest stays as the visitor sent it.
        feedback.set_status(obj, form.cleaned_data["status"], request.user, note=form.cleaned_data["note"])

    def get_urls(self):
        return [
            path(
                "chart/",
                self.admin_site.admin_view(self.chart_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_chart",
            ),
            *super().get_urls(),
        ]

    def chart_view(self, request):
        """Per page and language (or all), the share of helpful answers and their number, week by week or by month."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        pages = {str(disease.pk): disease for disease in Disease.objects.not_deleted().with_names()}
        disease = pages.get(request.GET.get("disease", ""))
        language = request.GET.get("language", "")
        language = language if language in dict(settings.LANGUAGES) else ""
        period = request.GET.get("period", "")
        period = period if period in CHART_PERIODS else "month"
        answers = PageFeedback.objects.all()
        if disease:
            answers = answers.filter(disease=disease)
        if language:
            answers = answers.filter(language=language)
        starts = period_starts(period, CHART_PERIODS[period], timezone.localdate())
        counted = {row["period"]: row for row in answers.filter(created_on__gte=starts[0]).over_time(period)}
        rows = []
        for start in starts:
            row = counted.get(start, {"helpful_answers": 0, "answers": 0})
            helpful, total = row["helpful_answers"], row["answers"]
            rows.append(
                {
                    "start": start,
                    "label": period_label(start, period, short=True),
                    "title": period_label(start, period),
                    "helpful": helpful,
                    "not_helpful": total - helpful,
                    "answers": total,
                    "percent": round(100 * helpful / total) if total else None,
                }
            )
        chart = charts.bar_chart([(row["label"], row["title"], row["percent"] or 0) for row in rows])
        for bar, row in zip(chart.bars, rows, strict=True):
            bar.row = row
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Helpfulness over time"),
            "chart": chart,
            "rows": rows,
            "pages": sorted(pages.values(), key=lambda page: str(page).casefold()),
            "disease": disease,
            "languages": settings.LANGUAGES,
            "language": language,
            "period": period,
            "figures": answers.figures(),
        }
        return TemplateResponse(request, "admin/diseases/pagefeedback/chart.html", context)


def period_starts(period, count, today):
    """The first days of the last `count` weeks (Mondays) or months, up to the one holding `today`."""
    if period == "week":
        monday = today - datetime.timedelta(days=today.weekday())
        return [monday - datetime.timedelta(weeks=back) for back in range(count - 1, -1, -1)]
    first = today.replace(day=1)
    return [add_months(first, -back) for back in range(count - 1, -1, -1)]


def period_label(start, period, short=False):
    if period == "week":
        day = formats.date_format(start, "SHORT_DATE_FORMAT" if not short else "j M")
        return day if short else gettext("Week of %(date)s") % {"date": day}
    return formats.date_format(start, "M" if short else "YEAR_MONTH_FORMAT")
