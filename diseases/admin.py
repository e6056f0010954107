from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname
from nested_admin import NestedModelAdminMixin, NestedStackedInlineMixin, NestedTabularInlineMixin
from reversion.admin import VersionAdmin

from . import permissions, translation_status, versioning
from .diff import compare_revisions, compare_shared_groups
from .forms import ApproveForm, ContentForm, RequestChangesForm, TransitionForm
from .models import (
    Disease,
    DiseaseAwaitingReview,
    DiseaseName,
    DiseaseReviewDue,
    Fact,
    MedicalCode,
    PatientAdvice,
    Pronunciation,
    Publication,
    Reference,
    Resource,
    ReviewerProfile,
    ReviewEvent,
    Section,
    SharedSymptomGroup,
    Symptom,
    SymptomGroup,
)


def fieldsets_by_language(fields, first=()):
    """One fieldset per site language holding that language's version of `fields`."""
    fieldsets = list(first)
    for code, name in settings.LANGUAGES:
        fieldsets.append(
            (
                name,
                {
                    "fields": [build_localized_fieldname(field, code) for field in fields],
                    "classes": () if code == settings.LANGUAGE_CODE else ("collapse",),
                },
            )
        )
    return fieldsets


class SymptomInline(NestedTabularInlineMixin, TranslationTabularInline):
    model = Symptom
    extra = 0
    fields = ("text", "order")
    sortable_field_name = "order"


class SymptomGroupInline(NestedStackedInlineMixin, TranslationStackedInline):
    model = SymptomGroup
    extra = 0
    fields = ("title", "introduction", "guidance", "reference", "order")
    autocomplete_fields = ("reference",)
    inlines = [SymptomInline]
    verbose_name = _("symptom group of this disease")
    verbose_name_plural = _("symptom groups of this disease")


class DiseaseNameInline(NestedTabularInlineMixin, TranslationTabularInline):
    model = DiseaseName
    extra = 0
    min_num = 1
    fields = ("name", "abbreviation", "order")


class PronunciationInline(NestedTabularInlineMixin, TranslationTabularInline):
    model = Pronunciation
    extra = 0
    fields = ("term", "respelling", "order")


class MedicalCodeInline(NestedTabularInlineMixin, admin.TabularInline):
    model = MedicalCode
    extra = 0


class FactInline(NestedTabularInlineMixin, TranslationTabularInline):
    model = Fact
    extra = 0
    fields = ("text", "order")


class SectionInline(NestedStackedInlineMixin, TranslationStackedInline):
    model = Section
    extra = 0
    fields = ("title", "body", "order")


class ResourceInline(NestedStackedInlineMixin, TranslationStackedInline):
    model = Resource
    extra = 0
    fields = ("title", "url", "description", "order")


class ContentAdmin(VersionAdmin, NestedModelAdminMixin, TranslationAdmin):
    """Admin for page content: every save is a revision of every language and inline row."""

    form = ContentForm
    history_latest_first = True

    def save_model(self, request, obj, form, change):
        with translation_status.minor_change(form.cleaned_data.get("minor_change")):
            super().save_model(request, obj, form, change)

    def record_edit(self, request, obj):
        """Let the pages that show `obj` know their working copy changed."""
        for disease in Disease.objects.public():
            disease.record_edit(request.user)

    def save_related(self, request, form, formsets, change):
        with translation_status.minor_change(form.cleaned_data.get("minor_change")):
            super().save_related(request, form, formsets, change)
        self.record_edit(request, form.instance)


@admin.register(Disease)
class DiseaseAdmin(ContentAdmin):
    object_history_template = "admin/diseases/disease/object_history.html"
    list_display = ("__str__", "slug", "status", "is_public", "last_updated")
    list_filter = ("status", "category", ("live", admin.EmptyFieldListFilter))
    # A disease is found by any of its names or abbreviations, in any language.
    search_fields = (
        "slug",
        *(
            f"names__{build_localized_fieldname(field, code)}"
            for field in ("name", "abbreviation")
            for code, _name in settings.LANGUAGES
        ),
    )
    readonly_fields = ("status", "live", "updated_at")
    fieldsets = fieldsets_by_language(
        ("definition", "cytokines", "body_areas", "mostly_affected", "typical_onset"),
        first=[
            (None, {"fields": ("slug", "category", "last_updated", "minor_change")}),
            (_("Review"), {"fields": ("status", "live", "updated_at")}),
        ],
    )
    inlines = [
        DiseaseNameInline,
        PronunciationInline,
        MedicalCodeInline,
        SymptomGroupInline,
        FactInline,
        SectionInline,
        ResourceInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_names()

    @admin.display(boolean=True, description=_("public"))
    def is_public(self, obj):
        return obj.is_public

    def save_model(self, request, obj, form, change):
        obj.last_updated = timezone.localdate()
        super().save_model(request, obj, form, change)

    def record_edit(self, request, obj):
        obj.record_edit(request.user)

    # The medical-review workflow: thin views around the transitions on Disease.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("translations/", wrap(self.translation_status_view), name="{}_{}_translations".format(*info)),
            path("<path:object_id>/review/", wrap(self.review_view), name="{}_{}_review".format(*info)),
            path("<path:object_id>/compare/", wrap(self.compare_view), name="{}_{}_compare".format(*info)),
            path(
                "<path:object_id>/submit/",
                wrap(self.transition_view),
                {"transition": "submit_for_review"},
                name="{}_{}_submit".format(*info),
            ),
            path(
                "<path:object_id>/publish/",
                wrap(self.transition_view),
                {"transition": "publish_provisionally"},
                name="{}_{}_publish".format(*info),
            ),
        ] + super().get_urls()

    def get_disease_or_404(self, request, object_id):
        disease = self.get_object(request, unquote(object_id))
        if disease is None or not self.has_view_permission(request, disease):
            raise Http404
        return disease

    def change_view(self, request, object_id, form_url="", extra_context=None):
        disease = self.get_object(request, unquote(object_id))
        if disease is not None:
            extra_context = {**(extra_context or {}), **self.workflow_context(request, disease)}
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_context(self, request, disease):
        user = request.user
        Status = Disease.Status
        return {
            "disease": disease,
            "transition_form": TransitionForm(),
            "can_submit": permissions.can_edit(user) and disease.status in (Status.DRAFT, Status.CHANGES_REQUESTED),
            "can_publish": permissions.can_publish(user) and not disease.live_id and not disease.has_been_approved,
            "can_review": permissions.is_reviewer(user) and disease.status == Status.IN_REVIEW,
            "review_events": disease.review_events.select_related("actor")[:5],
            "outdated_translations": self.outdated_translations(disease),
        }

    def outdated_translations(self, disease):
        """Which fields are outdated in which language, with the English text then and now."""
        rows = translation_status.page_rows(disease)
        return [
            {
                "row": f"{capfirst(row._meta.verbose_name)} “{row}”",
                "field": capfirst(row._meta.get_field(field).verbose_name),
                "language": language,
                "then": then,
                "now": now,
            }
            for language in translation_status.target_languages()
            for row, field, then, now in translation_status.outdated_fields(rows, language)
        ]

    def transition_view(self, request, object_id, transition):
        """Submit for review or publish provisionally, from the change form's buttons."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        disease = self.get_disease_or_404(request, object_id)
        form = TransitionForm(request.POST)
        if form.is_valid():
            try:
                event = getattr(disease, transition)(request.user, comment=form.cleaned_data["comment"])
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, event.get_action_display(), messages.SUCCESS)
        else:
            self.message_user(request, gettext("The comment is too long."), messages.ERROR)
        return redirect("admin:diseases_disease_change", disease.pk)

    def review_view(self, request, object_id):
        """The reviewer's screen: what the public sees now against the draft, and the decision."""
        disease = self.get_disease_or_404(request, object_id)
        draft = versioning.latest_revision(disease)
        live = disease.live.revision if disease.live and disease.live.is_reviewed else None
        approve_form = ApproveForm(prefix="approve", initial={"revision": draft.pk if draft else None})
        changes_form = RequestChangesForm(prefix="changes")
        status = 200
        if request.method == "POST":
            action = request.POST.get("action")
            try:
                if action == "approve":
                    approve_form = ApproveForm(request.POST, prefix="approve")
                    if approve_form.is_valid():
                        data = approve_form.cleaned_data
                        if draft is None or data["revision"] != draft.pk:
                            raise PermissionDenied(
                                gettext("The page was edited while you reviewed it: review the new changes.")
                            )
                        disease.approve(request.user, data["comment"], data["next_review_due"], data["languages"])
                        self.message_user(request, gettext("Approved and published."), messages.SUCCESS)
                        return redirect("admin:diseases_diseaseawaitingreview_changelist")
                elif action == "request_changes":
                    changes_form = RequestChangesForm(request.POST, prefix="changes")
                    if changes_form.is_valid():
                        disease.request_changes(request.user, changes_form.cleaned_data["comment"])
                        self.message_user(request, gettext("Sent back to the editors."), messages.SUCCESS)
                        return redirect("admin:diseases_diseaseawaitingreview_changelist")
                else:
                    raise PermissionDenied(gettext("Choose to approve or to request changes."))
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                status = 403
            else:
                status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Medical review of %(page)s") % {"page": disease},
            "disease": disease,
            "changes": compare_revisions(live, draft) + self.shared_group_changes(disease),
            "has_live_review": live is not None,
            "approve_form": approve_form,
            "changes_form": changes_form,
            "can_review": permissions.is_reviewer(request.user) and disease.status == Disease.Status.IN_REVIEW,
            "submitted": disease.review_events.filter(action="submitted").select_related("actor").first(),
        }
        return TemplateResponse(request, "admin/diseases/disease/review.html", context, status=status)

    def translation_status_view(self, request):
        """Diseases by languages: each cell complete, missing, outdated or awaiting review."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        languages = [code for code, _name in settings.LANGUAGES]
        language_filter = request.GET.get("language")
        status_filter = request.GET.get("status")
        rows = []
        counts = {code: dict.fromkeys(translation_status.STATUS_LABELS, 0) for code in languages}
        diseases = Disease.objects.with_page_content().select_related("live")
        for disease in sorted(diseases, key=lambda d: d.title.casefold()):
            page_rows = translation_status.page_rows(disease)
            cells = []
            for code in languages:
                status = translation_status.language_status(disease, code, page_rows)
                counts[code][status] += 1
                cells.append({"language": code, "status": status, "label": translation_status.STATUS_LABELS[status]})
            shown = [c for c in cells if not language_filter or c["language"] == language_filter]
            if status_filter and not any(c["status"] == status_filter for c in shown):
                continue
            rows.append({"disease": disease, "cells": cells})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Translation status"),
            "languages": settings.LANGUAGES,
            "rows": rows,
            "counts": [(code, name, list(counts[code].items())) for code, name in settings.LANGUAGES],
            "statuses": translation_status.STATUS_LABELS.items(),
            "language_filter": language_filter,
            "status_filter": status_filter,
        }
        return TemplateResponse(request, "admin/diseases/disease/translation_status.html", context)

    def shared_group_changes(self, disease):
        if not (disease.live and disease.live.is_reviewed):
            return []
        return compare_shared_groups(disease.live.content, disease.build_content())

    def compare_view(self, request, object_id):
        """Any two revisions of the page side by side (?old=<version>&new=<version>)."""
        disease = self.get_disease_or_404(request, object_id)
        versions = versioning.versions(disease)
        try:
            old = versions.get(pk=request.GET.get("old")).revision
            new = versions.get(pk=request.GET.get("new")).revision
        except (ValueError, versions.model.DoesNotExist):
            raise Http404 from None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Compare revisions of %(page)s") % {"page": disease},
            "disease": disease,
            "old": old,
            "new": new,
            "changes": compare_revisions(old, new),
        }
        return TemplateResponse(request, "admin/diseases/disease/compare.html", context)

    def history_view(self, request, object_id, extra_context=None):
        disease = self.get_disease_or_404(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "versions": versioning.versions(disease).select_related("revision__user"),
        }
        return super().history_view(request, object_id, extra_context)


def latest_event(action, field):
    from .models import ReviewEvent

    return Subquery(
        ReviewEvent.objects.filter(disease=OuterRef("pk"), action=action)
        .order_by("-created_at", "-pk")
        .values(field)[:1]
    )


class ReadOnlyAdmin(admin.ModelAdmin):
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
    list_display = ("page", "submitted_by", "submitted_at", "waiting", "submit_comment")
    page_link = "admin:diseases_disease_review"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .awaiting_review()
            .with_names()
            .annotate(
                submitted_at=latest_event("submitted", "created_at"),
                submitted_by=latest_event("submitted", "actor__username"),
                submit_comment=latest_event("submitted", "comment"),
            )
            .order_by("submitted_at")
        )

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


@admin.register(DiseaseReviewDue)
class DiseaseReviewDueAdmin(ReadOnlyListAdmin):
    list_display = ("page", "reviewed_by", "reviewed_on", "next_review_due", "overdue")
    page_link = "admin:diseases_disease_change"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .review_due()
            .with_names()
            .select_related("live__reviewed_by")
            .order_by("live__next_review_due")
        )

    @admin.display(description=_("last reviewed by"))
    def reviewed_by(self, obj):
        return obj.live.reviewed_by

    @admin.display(description=_("last reviewed on"))
    def reviewed_on(self, obj):
        return obj.live.published_at.date()

    @admin.display(description=_("next review due"), ordering="live__next_review_due")
    def next_review_due(self, obj):
        return obj.live.next_review_due

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return obj.live.next_review_due < timezone.localdate()


@admin.register(SharedSymptomGroup)
class SharedSymptomGroupAdmin(ContentAdmin):
    list_display = ("title", "reference", "order")
    list_editable = ("order",)
    search_fields = ("title",)
    fields = ("title", "introduction", "guidance", "reference", "order", "minor_change")
    autocomplete_fields = ("reference",)
    inlines = [SymptomInline]

    def get_queryset(self, request):
        return super().get_queryset(request).shared()


@admin.register(Reference)
class ReferenceAdmin(ContentAdmin):
    list_display = ("title", "publisher", "year")
    fields = ("title", "publisher", "year", "url", "link_text", "minor_change")
    search_fields = ("title", "publisher")


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(TranslationAdmin):
    list_display = ("display_name", "credentials", "user")
    search_fields = ("display_name", "user__username")
    autocomplete_fields = ("user",)


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("disease", "published_at", "published_by", "reviewed_by", "next_review_due")
    list_filter = (("reviewed_by", admin.EmptyFieldListFilter),)
    date_hierarchy = "published_at"
    list_select_related = ("published_by", "reviewed_by")
    readonly_fields = [field.name for field in Publication._meta.fields]


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "disease", "action", "actor", "comment")
    list_filter = ("action", "disease")
    list_select_related = ("disease", "actor")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in ReviewEvent._meta.fields]


def moderate(modeladmin, request, queryset, transition, *args):
    """Apply a moderation method to each selected advice and say how it went."""
    done = 0
    for advice in queryset:
        try:
            getattr(advice, transition)(request.user, *args)
        except PermissionDenied as error:
            modeladmin.message_user(request, f"{advice}: {error}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, gettext("%(count)d advice updated.") % {"count": done}, messages.SUCCESS)


@admin.action(description=_("Approve and publish the selected advice"), permissions=["moderate"])
def approve_advice(modeladmin, request, queryset):
    moderate(modeladmin, request, queryset, "approve")


def rejection_action(reason):
    def action(modeladmin, request, queryset):
        moderate(modeladmin, request, queryset, "reject", reason.value)

    action.__name__ = f"reject_{reason.value}"
    return admin.action(description=_("Reject: %(reason)s") % {"reason": reason.label}, permissions=["moderate"])(
        action
    )


@admin.action(description=_("Erase the submitters' names and e-mail addresses"), permissions=["moderate"])
def erase_personal_data(modeladmin, request, queryset):
    moderate(modeladmin, request, queryset, "erase_personal_data")


@admin.register(PatientAdvice)
class PatientAdviceAdmin(VersionAdmin):
    """The moderation queue. Editing the text before approval keeps the original in the history."""

    list_display = ("__str__", "disease", "role", "language", "status", "submitted_at", "rejection_reason")
    list_filter = ("status", "language", "disease", "rejection_reason")
    list_select_related = ("disease",)
    search_fields = ("text", "display_name")
    readonly_fields = (
        "disease",
        "language",
        "consent",
        "status",
        "submitted_at",
        "moderated_by",
        "moderated_at",
        "rejection_reason",
    )
    # What a moderator may edit: personal details out of the text before approving.
    fields = ("text", "display_name", "role", "email", *readonly_fields)
    actions = [
        approve_advice,
        *(rejection_action(reason) for reason in PatientAdvice.RejectionReason),
        erase_personal_data,
    ]
    history_latest_first = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("disease").prefetch_related("disease__names")

    def has_add_permission(self, request):
        return False

    def has_moderate_permission(self, request):
        return permissions.can_moderate(request.user)

    def changelist_view(self, request, extra_context=None):
        # The queue opens on what waits for moderation.
        if not request.GET and not request.POST:
            return redirect(request.path + "?status__exact=pending")
        return super().changelist_view(request, extra_context)
