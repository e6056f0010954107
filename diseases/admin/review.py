"""
Medical review in the admin: the reviewer's screen, comparing revisions, the
review queue, pages due for review, and the records the workflow keeps. The
views show what `candidates` computes and hand decisions to `workflow`.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin

from .. import candidates, diff, documents, languages, permissions, readability, versioning, workflow
from ..forms import ApproveForm, RequestChangesForm
from ..models import (
    Disease,
    DiseaseAwaitingReview,
    DiseaseReviewDue,
    Publication,
    ReviewerProfile,
    ReviewEvent,
    page_titles,
)
from ..publications import Published
from .dates import DatesWithoutReadingEveryRow
from .personal_data import PersonalDataAdmin
from .safety import CheckedRowIds


def reading_ease_table(document):
    """[(language name, figure or None)] for all the prose of a page, in every site language."""
    figures = readability.page_figures(document, languages.site_languages())
    return [(name, figures[code]) for code, name in settings.LANGUAGES]


class ReviewViews:
    """The reviewer's screen and the comparison of two revisions, as views of the disease admin."""

    def review_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/review/", wrap(self.review_view), name=f"{prefix}_review"),
            path("<path:object_id>/compare/", wrap(self.compare_view), name=f"{prefix}_compare"),
            path("<path:object_id>/assignment/", wrap(self.assignment_view), name=f"{prefix}_assignment"),
        ]

    def review_view(self, request, object_id):
        """What the public reads now against the candidate, and the decision."""
        disease = self.get_disease_or_404(request, object_id)
        candidate = candidates.for_review(disease)
        approve_form = ApproveForm(
            prefix="approve",
            outdated_items=candidate.outdated_items,
            initial={
                "fingerprint": candidate.fingerprint,
                "languages": candidate.suggested_languages,
                "full_review": workflow.is_full_review_by_default(disease),
            },
        )
        changes_form = RequestChangesForm(prefix="changes")
        status = 200
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "approve":
                approve_form = ApproveForm(request.POST, prefix="approve", outdated_items=candidate.outdated_items)
                form, decide = approve_form, self.approve
            elif action == "request_changes":
                changes_form = RequestChangesForm(request.POST, prefix="changes")
                form, decide = changes_form, self.request_changes
            else:
                return self.review_response(request, candidate, approve_form, changes_form, status=400)
            if not workflow.TRANSITIONS[action].allowed(request.user):
                raise PermissionDenied(workflow.TRANSITIONS[action].refusal)
            try:
                refusal = action == "approve" and workflow.four_eyes_obstacle(disease, request.user, candidate.document)
                if refusal:
                    # Whatever the form holds: the screen offered them no approval.
                    raise PermissionDenied(refusal)
                if form.is_valid():
                    decide(request, disease, form.cleaned_data)
                    return redirect("admin:diseases_diseaseawaitingreview_changelist")
            except PermissionDenied as refusal:
                # Refused before the form was read, or under the page's lock (an edit of theirs committed meanwhile).
                self.message_user(request, str(refusal), messages.ERROR)
                status = 403
            except (workflow.StaleCandidate, workflow.TransitionNotAllowed) as refusal:
                # Show the page as it is now, with a form for what is shown.
                self.message_user(request, " ".join(refusal.messages), messages.ERROR)
                candidate = candidates.for_review(disease)
                if form is approve_form:
                    data = {**form.cleaned_data, "fingerprint": candidate.fingerprint}
                    approve_form = ApproveForm(prefix="approve", initial=data, outdated_items=candidate.outdated_items)
                status = 409
            except ValidationError as problem:
                form.add_workflow_error(problem)
        return self.review_response(request, candidate, approve_form, changes_form, status)

    def approve(self, request, disease, data):
        unchanged = disease.status == Disease.Status.APPROVED
        workflow.approve(
            disease,
            request.user,
            comment=data["comment"],
            next_review_due=data["next_review_due"],
            languages=data["languages"],
            fingerprint=data["fingerprint"],
            full_review=data["full_review"],
            current_items=data.get("current_items", ()),
        )
        if unchanged:
            self.message_user(
                request, gettext("Full review recorded: the page’s review dates are updated."), messages.SUCCESS
            )
        else:
            self.message_user(request, gettext("Approved and published."), messages.SUCCESS)

    def request_changes(self, request, disease, data):
        workflow.request_changes(disease, request.user, comment=data["comment"])
        self.message_user(request, gettext("Sent back to the editors."), messages.SUCCESS)

    def review_response(self, request, candidate, approve_form, changes_form, status):
        disease = candidate.disease
        actions = workflow.available(disease, request.user)
        approval_refused = (
            workflow.four_eyes_obstacle(disease, request.user, candidate.document) if "approve" in actions else None
        )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Medical review of %(page)s") % {"page": disease},
            "disease": disease,
            "candidate": candidate,
            "changes": candidate.changes,
            "since_change_request": candidates.since_change_request(disease),
            "approve_form": approve_form,
            "changes_form": changes_form,
            "reading_ease": reading_ease_table(candidate.document),
            "can_approve": "approve" in actions and approval_refused is None,
            "approval_refused": approval_refused,
            "can_request_changes": "request_changes" in actions,
            "can_view_evidence": permissions.can_view_evidence(request.user),
            # The submission being reviewed: none for a page that is not in review.
            "submitted": disease.review_events.filter(action=ReviewEvent.Action.SUBMITTED)
            .select_related("actor")
            .first()
            if disease.status == Disease.Status.IN_REVIEW
            else None,
            **self.assignment_context(request, disease),
            **self.comments_context(request, disease, with_form=True),
        }
        return TemplateResponse(request, "admin/diseases/disease/review.html", context, status=status)

    def assignment_context(self, request, disease):
        """Who is assigned the page, and the buttons `request.user` gets (`review_assignment.html`)."""
        assignee = disease.review_assignee
        return {
            "assignee": assignee,
            "assignee_name": workflow.assignments.assignee_name(assignee),
            "assignment_actions": workflow.assignments.available(disease, request.user),
        }

    @method_decorator(require_POST)
    def assignment_view(self, request, object_id):
        """Take the page to review (“I'll take this one”) or release it: the review screen's buttons."""
        disease = self.get_disease_or_404(request, object_id)
        decisions = {
            "take": (
                workflow.take_review,
                gettext("The page is yours to review; the other reviewers can still review it."),
            ),
            "release": (workflow.release_assignment, gettext("The page is no longer assigned to a reviewer.")),
        }
        decision = decisions.get(request.POST.get("action"))
        if decision is None:
            self.message_user(request, gettext("Choose “Review this page” or “Release”."), messages.ERROR)
            return redirect("admin:diseases_disease_review", disease.pk)
        act, done = decision
        try:
            act(disease, request.user)
        except (PermissionDenied, ValidationError) as refusal:
            for message in refusal.messages if isinstance(refusal, ValidationError) else [str(refusal)]:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return redirect("admin:diseases_disease_review", disease.pk)

    def compare_view(self, request, object_id):
        """Any two revisions of the page side by side (?old=<version>&new=<version>)."""
        disease = self.get_disease_or_404(request, object_id)
        versions = versioning.versions(disease)
        try:
            old = versions.get(pk=request.GET.get("old")).revision
            new = versions.get(pk=request.GET.get("new")).revision
        except (ValueError, versions.model.DoesNotExist):
            raise Http404 from None
        before, after = documents.from_revision(old, disease), documents.from_revision(new, disease)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Compare revisions of %(page)s") % {"page": disease},
            "disease": disease,
            "old": old,
            "new": new,
            "changes": diff.compare(before, after, languages.site_languages()),
        }
        return TemplateResponse(request, "admin/diseases/disease/compare.html", context)


class DiseaseFilter(admin.SimpleListFilter):
    """Filter by page, its names read in one query (the plain filter reads them page by page)."""

    title = _("disease")
    parameter_name = "disease__id__exact"
    # A choice per page: admin/filter.html's markup, without a template loop per choice.
    template = "admin/diseases/includes/long_filter.html"

    def lookups(self, request, model_admin):
        titles = page_titles(Disease.objects.not_deleted())
        return sorted(titles.items(), key=lambda choice: choice[1].casefold())

    def choices(self, changelist):
        if changelist.add_facets:
            yield from super().choices(changelist)
            return
        # The list's other parameters, encoded once on either side of this one (Django sorts them by name).
        others = sorted(
            (name, value)
            for name, value in changelist.filter_params.items()
            if not name.startswith(self.parameter_name)
        )
        before = urlencode([item for item in others if item[0] < self.parameter_name], doseq=True)
        after = urlencode([item for item in others if item[0] > self.parameter_name], doseq=True)

        def query_string(*parameters):
            return "?" + "&".join(part for part in (before, *parameters, after) if part)

        yield {"selected": self.value() is None, "query_string": query_string(), "display": _("All")}
        for pk, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(pk),
                "query_string": query_string(urlencode({self.parameter_name: pk})),
                "display": title,
            }

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # A page's id from the address, or one of `lookups` when the list counts each choice's rows (facets).
        value = str(self.value())
        if not value.isdigit():
            raise IncorrectLookupParameters(value)
        return queryset.filter(disease_id=value)


def with_page_titles(queryset):
    """
    `queryset`, whose rows belong to a page, with each page read as its
    title needs it (its address and names), not with its whole text in
    every language.
    """
    pages = Disease._base_manager.only("slug").prefetch_related("names")
    return queryset.prefetch_related(Prefetch("disease", queryset=pages))


class ReadOnlyAdmin(PersonalDataAdmin, CheckedRowIds, admin.ModelAdmin):
    """Records that the workflow writes: to read, never to edit by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyListAdmin(ReadOnlyAdmin):
    """A list to act from, not a form to edit."""

    list_display_links = None

    @admin.display(description=_("page"))
    def page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse(self.page_link, args=[obj.pk]), obj)


@admin.register(DiseaseAwaitingReview)
class DiseaseAwaitingReviewAdmin(ReadOnlyListAdmin):
    list_display = ("page", "submitted_by", "submitted_at", "waiting", "assigned_to", "submit_comment")
    page_link = "admin:diseases_disease_review"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .awaiting_review()
            .with_names()
            .with_submission()
            .select_related("review_assignee__reviewer_profile")
            .order_by("submitted_at")
        )

    @admin.display(description=_("assigned to"))
    def assigned_to(self, obj):
        return workflow.assignments.assignee_name(obj.review_assignee) or "—"

    @admin.display(description=_("submitted by"))
    def submitted_by(self, obj):
        return obj.submitted_by

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted_at(self, obj):
        return obj.submitted_at

    @admin.display(description=_("waiting for"))
    def waiting(self, obj):
        return timesince(obj.submitted_at) if obj.submitted_at else ""

    @admin.display(description=_("comment"))
    def submit_comment(self, obj):
        return obj.submit_comment


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Due soon"))]

    def queryset(self, request, queryset):
        overdue = queryset.model.objects.review_overdue().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue)
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset


@admin.register(DiseaseReviewDue)
class DiseaseReviewDueAdmin(ReadOnlyListAdmin):
    list_display = ("page", "status", "reviewed_by", "reviewed_on", "next_review_due", "overdue")
    list_filter = (OverdueFilter,)
    page_link = "admin:diseases_disease_change"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .not_deleted()
            .review_due()
            .with_names()
            .select_related("live")
            .order_by("live__next_review_due")
        )

    def last_full_review(self, obj):
        return Published(obj.live.content).last_full_review(languages.SOURCE_LANGUAGE) or {}

    @admin.display(description=_("last reviewed by"))
    def reviewed_by(self, obj):
        return self.last_full_review(obj).get("reviewed_by", "")

    @admin.display(description=_("last reviewed on"))
    def reviewed_on(self, obj):
        return self.last_full_review(obj).get("reviewed_on")

    @admin.display(description=_("next review due"), ordering="live__next_review_due")
    def next_review_due(self, obj):
        return obj.live.next_review_due

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return obj.live.next_review_due < timezone.localdate()


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(PersonalDataAdmin, CheckedRowIds, TranslationAdmin):
    list_display = ("display_name", "credentials", "specialty", "user")
    search_fields = ("display_name", "user__username")
    autocomplete_fields = ("user",)


@admin.register(Publication)
class PublicationAdmin(DatesWithoutReadingEveryRow, ReadOnlyAdmin):
    list_display = ("disease", "published_at", "published_by", "reviewed_by", "full_review", "next_review_due")
    list_filter = (("reviewed_by", admin.EmptyFieldListFilter), "full_review")
    date_hierarchy = "published_at"
    list_select_related = ("published_by", "reviewed_by")
    readonly_fields = [field.name for field in Publication._meta.fields]

    def get_queryset(self, request):
        # The list shows no content: a publication holds every language of its page.
        return with_page_titles(super().get_queryset(request).defer("content"))


@admin.register(ReviewEvent)
class ReviewEventAdmin(DatesWithoutReadingEveryRow, ReadOnlyAdmin):
    list_display = ("created_at", "disease", "what", "actor", "assignee", "comment")
    list_filter = ("action", DiseaseFilter)
    list_select_related = ("actor", "assignee", "publication")
    date_hierarchy = "created_at"
    readonly_fields = ["what", *(field.name for field in ReviewEvent._meta.fields)]

    def get_queryset(self, request):
        # An approval's label reads whether its publication was a full review, never its content.
        return with_page_titles(super().get_queryset(request)).defer("publication__content")

    @admin.display(description=_("action"), ordering="action")
    def what(self, obj):
        return obj.action_label
