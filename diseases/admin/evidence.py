"""
The evidence pack in the admin: the whole site's (`admin:diseases_evidence_pack`)
and one page's (`admin:diseases_disease_evidence`), as a printable page or,
with `?format=csv`, as a spreadsheet. `diseases.evidence` gathers what they show.
"""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from .. import evidence, permissions
from .advice import spreadsheet_safe


def csv_columns():
    """The spreadsheet's columns: each row is one record of one page (or of the site), the others left empty."""
    return [
        gettext("Page"),
        gettext("Slug"),
        gettext("Record"),
        gettext("Language"),
        gettext("Date"),
        gettext("Name"),
        gettext("Credentials or details"),
        gettext("Kind"),
        gettext("Figure"),
        gettext("Target"),
        gettext("Address"),
        gettext("Note"),
    ]


def _iso(value):
    # Dates in ISO 8601: spreadsheets in every language read and sort them.
    if value is None:
        return ""
    if hasattr(value, "astimezone"):
        value = timezone.localtime(value)
    return value.date().isoformat() if hasattr(value, "date") else value.isoformat()


def _row(page=None, **values):
    keys = ("record", "language", "date", "name", "details", "kind", "figure", "target", "address", "note")
    head = [page.title, page.disease.slug] if page is not None else ["", ""]
    return head + ["" if values.get(key) is None else str(values[key]) for key in keys]


def feedback_rows(figures, page=None, language=""):
    """The reader feedback section of the spreadsheet, from what `evidence.feedback_figures` returned."""
    record = gettext("Reader feedback")
    if figures is None:
        return [_row(page, record=record, language=language, note=gettext("No answers yet"))]
    rows = [
        _row(page, record=record, language=language, kind=gettext("Helpful"), figure=figures.helpful),
        _row(page, record=record, language=language, kind=gettext("Not helpful"), figure=figures.not_helpful),
        _row(page, record=record, language=language, kind=gettext("Helpful (%)"), figure=figures.helpful_percent),
    ]
    rows += [
        _row(page, record=gettext("Action taken on feedback"), language=language, kind=action, figure=count)
        for action, count in figures.actions
    ]
    return rows


def page_rows(page):
    """Every record of one page's evidence, as spreadsheet rows."""
    rows = [
        _row(page, record=gettext("Review status"), kind=page.status_label),
    ]
    last = page.last_full_review
    rows.append(
        _row(
            page,
            record=gettext("Last full review"),
            date=_iso(last.when) if last else None,
            name=last.reviewer if last else None,
            details=last.credentials if last else None,
            note=None if last else gettext("Never medically reviewed"),
        )
    )
    rows.append(
        _row(
            page,
            record=gettext("Next review due"),
            date=_iso(page.next_review_due),
            note=gettext("Overdue") if page.overdue else None,
        )
    )
    for review in page.reviews:
        rows.append(
            _row(
                page,
                record=gettext("Medical review"),
                language=", ".join(review.language_names),
                date=_iso(review.when),
                name=review.reviewer,
                details=review.credentials,
                kind=review.kind_label,
                note=review.comment,
            )
        )
    for source in page.sources:
        rows.append(
            _row(
                page,
                record=gettext("Source"),
                name=source.title,
                details=source.details,
                kind=source.kind_label,
                address=source.url,
                note=source.cited_by,
            )
        )
    for language in page.languages:
        figure = language.reading_ease
        rows.append(
            _row(
                page,
                record=gettext("Reading ease"),
                language=language.name,
                details=figure.formula if figure else None,
                figure=figure.score if figure else None,
                target=figure.target if figure else None,
                note=_reading_ease_note(figure),
            )
        )
        reviewed = language.last_full_review
        rows.append(
            _row(
                page,
                record=gettext("Translation"),
                language=language.name,
                kind=language.translation_status_label,
                date=_iso(reviewed["reviewed_on"]) if reviewed else None,
                name=reviewed["reviewed_by"] if reviewed else None,
            )
        )
        advice = language.advice
        for kind, count in (
            (gettext("Submitted"), advice.submitted),
            (gettext("Approved"), advice.approved),
            (gettext("Rejected"), advice.rejected),
            (gettext("Pending moderation"), advice.pending),
        ):
            rows.append(_row(page, record=gettext("Patient advice"), language=language.name, kind=kind, figure=count))
        rows += feedback_rows(language.feedback, page, language.name)
    return rows


def _reading_ease_note(figure):
    if figure is None:
        return gettext("Too little text to measure.")
    return gettext("Meets the target") if figure.meets_target else gettext("Harder to read than the target")


def site_rows(pack):
    """The site's records (the review process, coverage, feedback), then every page's."""
    rows = []
    for role in pack.roles:
        rows.append(
            _row(record=gettext("Role"), name=role.name, details="; ".join(role.capabilities), figure=role.members)
        )
    for name, credentials, specialty in pack.reviewers:
        rows.append(_row(record=gettext("Medical reviewer"), name=name, details=credentials, kind=specialty))
    for record, figure in (
        (gettext("Review interval (years)"), pack.review_interval_years),
        (gettext("Reminder before a review is due (days)"), pack.reminder_days),
        (gettext("Reading ease target"), pack.reading_ease_target),
        (gettext("Pages overdue for review"), len(pack.overdue)),
    ):
        rows.append(_row(record=gettext("Review process"), name=record, figure=figure))
    rows.append(_row(record=gettext("Review process"), name=gettext("Four-eyes"), details=four_eyes_rule()))
    for language, counts in pack.coverage:
        for label, count in counts:
            rows.append(_row(record=gettext("Translation coverage"), language=language, kind=label, figure=count))
    for language, figures in pack.feedback:
        rows += feedback_rows(figures, language=language)
    for page in pack.pages:
        rows += page_rows(page)
    return rows


def four_eyes_rule():
    return gettext(
        "Nobody approves a page holding their own edits since its last review, to the page or to the shared "
        "groups and references it shows; approving needs a reviewer profile with a name and credentials."
    )


def csv_response(filename, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(csv_columns())
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response


class EvidenceViews:
    """The evidence pack, as views of the disease admin."""

    def evidence_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("evidence/", wrap(self.evidence_pack_view), name=f"{self.opts.app_label}_evidence_pack"),
            path(
                "<path:object_id>/evidence/",
                wrap(self.disease_evidence_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_evidence",
            ),
        ]

    def evidence_context(self, request):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "prepared_on": timezone.localdate(),
            "four_eyes_rule": four_eyes_rule(),
        }

    @method_decorator(require_safe)
    def evidence_pack_view(self, request):
        """Every page's evidence and the review process as configured."""
        if not permissions.can_view_evidence(request.user):
            raise PermissionDenied
        pack = evidence.site_pack()
        if request.GET.get("format") == "csv":
            return csv_response(f"evidence-pack-{timezone.localdate().isoformat()}.csv", site_rows(pack))
        context = {
            **self.evidence_context(request),
            "title": gettext("Evidence pack"),
            "pack": pack,
            "pages": pack.pages,
        }
        return TemplateResponse(request, "admin/diseases/evidence/site.html", context)

    @method_decorator(require_safe)
    def disease_evidence_view(self, request, object_id):
        """One page's evidence."""
        if not permissions.can_view_evidence(request.user):
            raise PermissionDenied
        page = evidence.page_pack(self.get_disease_or_404(request, object_id))
        if request.GET.get("format") == "csv":
            filename = f"evidence-pack-{page.disease.slug}-{timezone.localdate().isoformat()}.csv"
            return csv_response(filename, page_rows(page))
        context = {
            **self.evidence_context(request),
            "title": gettext("Evidence pack of %(page)s") % {"page": page.title},
            "disease": page.disease,
            "pages": [page],
        }
        return TemplateResponse(request, "admin/diseases/evidence/page.html", context)
