from django import template
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .. import charts, dashboard, translation_status

register = template.Library()

COVERAGE_STATUSES = (
    translation_status.REVIEWED,
    translation_status.NOT_REVIEWED,
    translation_status.IN_REVIEW,
    translation_status.CHANGES_REQUESTED,
    translation_status.DRAFT,
    translation_status.OUTDATED,
    translation_status.MISSING,
)


@register.simple_tag
def dashboard_for(user):
    """The work waiting for `user` on the admin home (see `diseases.dashboard`)."""
    return dashboard.for_user(user)


@register.inclusion_tag("admin/diseases/dashboard/due_chart.html")
def due_chart(due_by_month):
    """Reviews falling due in each of the coming months, as bars."""
    points = [
        (formats.date_format(month, "M"), formats.date_format(month, "YEAR_MONTH_FORMAT"), count)
        for month, count in due_by_month
    ]
    return {"chart": charts.bar_chart(points), "total": sum(count for _month, count in due_by_month)}


@register.inclusion_tag("admin/diseases/dashboard/coverage_chart.html")
def coverage_chart(coverage):
    """Per language, the share of pages in each translation status (reviewed, in review, … missing)."""
    rows = [
        {
            "language": work,
            "segments": charts.stacked_bar(
                [
                    (status, translation_status.STATUS_LABELS[status], work.counts[status])
                    for status in COVERAGE_STATUSES
                ]
            ),
        }
        for work in coverage
    ]
    legend = [(status, translation_status.STATUS_LABELS[status]) for status in COVERAGE_STATUSES]
    return {"rows": rows, "legend": legend, "caption": _("Translation coverage per language")}
