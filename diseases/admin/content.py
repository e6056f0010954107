"""
Editing content: disease pages with their rows, shared symptom groups and
references. The inlines follow `parts`; every save is one edit recorded by
the workflow, and a form opened before someone else's save is refused.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname
from nested_admin import NestedModelAdminMixin, NestedStackedInlineMixin, NestedTabularInlineMixin
from nested_admin.nested import NestedInlineAdminFormset
from reversion.admin import VersionAdmin

from .. import diff, documents, languages, parts, permissions, translation_status, versioning, workflow
from ..forms import (
    ASK_REVIEWER,
    ContentForm,
    DiseaseForm,
    RelatedConditionForm,
    SubmitForm,
    TransitionForm,
    TranslationNotesForm,
    for_translator,
)
from ..models import Disease, Reference, RelatedCondition, SharedSymptomGroup
from ..widgets import fit_widget, translated_widget
from .comments import CommentViews
from .evidence import EvidenceViews
from .history import ContentHistory
from .personal_data import PersonalDataAdmin
from .review import ReviewViews, reading_ease_table
from .safety import CheckedAutocompleteSelect, CheckedForeignKeys, CheckedRowIds, ParentRowsFormSet
from .translation_files import TranslationFileViews
from .translations import TranslationQueueViews

# Language tabs, moving rows, added rows' notes numbered, and a warning before
# unsaved changes are lost: the project's own scripts, no inline code (the
# admin runs under a CSP).
EDITING_SCRIPTS = (
    "diseases/admin/language_tabs.js",
    "diseases/admin/row_order.js",
    "diseases/admin/added_rows.js",
    "diseases/admin/unsaved_changes.js",
)


class TranslatedFieldsMixin:
    """
    Widgets that fit their fields; each language of a translated field marked
    with its language and shown with its notes (`widgets.TranslatedFieldWidget`);
    rows put in order by moving them, not by typing numbers.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is None:
            return None
        if db_field.name == getattr(self, "sortable_field_name", None):
            field.widget = forms.HiddenInput()
            return field
        fit_widget(db_field, field.widget)
        field.widget = translated_widget(db_field, field.widget)
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Django's own says "forms"; an editor sees rows.
TOO_MANY_ROWS = ngettext_lazy(
    "There can be at most %(num)d row here.", "There can be at most %(num)d rows here.", "num"
)


def _is_stacked(part):
    """Rows with rows of their own, or with long text beside other fields, get a block each."""
    long_text = any(isinstance(part.model._meta.get_field(name), models.TextField) for name in part.fields)
    return any(child.owned for child in part.children) or (long_text and len(part.fields) > 1)


class PartInline:
    """
    The inline of a part of the page: it keeps the part's minimum and maximum
    of rows (Django's admin shows `min_num` rows but only checks when asked,
    and builds up to 1,000 rows more than `max_num` for any count a form
    claims), and it loads the rows below each of its rows in one query per part.
    """

    part = None

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(
            request,
            obj,
            validate_min=bool(self.min_num),
            # Without the permission to add rows (a translator's), Django's admin sets
            # `max_num` to 0 and saves no new row: the rows there are are not too many.
            validate_max=self.has_add_permission(request, obj),
            absolute_max=self.part.max_rows,
            **kwargs,
        )
        formset.form = for_translator(formset.form, request.user, self.model)
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(*self.part.prefetch_lookups())

    def has_change_permission(self, request, obj=None):
        # Translators change their languages' texts (`for_translator`); the workflow refuses anything else.
        return super().has_change_permission(request, obj) or permissions.may_translate(request.user)


class PartFormSet(ParentRowsFormSet):
    """Rows of a part (the parent's only), read from what the parent row prefetched when it did."""

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            prefetched = getattr(self.instance, "_prefetched_objects_cache", {})
            accessor = self.fk.remote_field.get_accessor_name()
            if self.instance.pk and accessor in prefetched:
                self._queryset = prefetched[accessor]
        return super().get_queryset()

    @cached_property
    def empty_form(self):
        # Built once: the admin asks for it again for the column headings, the
        # media and the template, and each new one built the rows under it anew.
        return super().empty_form

    def _should_delete_form(self, form):
        # A row goes with the row it belongs to. The nested admin's script ticks
        # a deleted group's symptoms too; without it, the symptoms were saved
        # again under the deleted group, and the whole save failed.
        return super()._should_delete_form(form) or self.parent_row_deleted

    @property
    def parent_row_deleted(self):
        parent = getattr(self, "parent_form", None)
        return parent is not None and bool(getattr(parent, "cleaned_data", {}).get("DELETE"))

    def process_forms_pre_save(self, forms):
        # The nested admin numbers the rows 0, 1, 2… on every save: rows
        # numbered otherwise (10, 20, 30) then changed on an unchanged save,
        # and the page went back to review. Rows keep their numbers unless
        # two rows to be saved share one.
        field = getattr(self, "sortable_field_name", None)
        if field is None:
            return forms
        saved = [
            form for form in forms if not self._should_delete_form(form) and (form._is_initial or form.has_changed())
        ]
        positions = [form.cleaned_data.get(field) for form in saved]
        if None in positions or len(set(positions)) < len(positions):
            return super().process_forms_pre_save(forms)
        return sorted(forms, key=lambda form: form.cleaned_data.get(field) or 0)


class PartInlineAdminFormSet(NestedInlineAdminFormset):
    """
    The rows of an inline as the admin shows them, built once per request:
    the media, the template and its sorting of the rows each went through
    them again, building every row's own inlines anew each time. A form shown
    again shows its rows where the editor put them.
    """

    @cached_property
    def rows(self):
        rows = in_posted_order(list(super().__iter__()), self.opts.sortable_field_name)
        # Each row's fields, listed once for the templates of `inline_for`
        # (admin/diseases/inlines/): the admin's templates went through the
        # fieldsets of each row several times. The parts have no read-only fields.
        names = flatten_fieldsets(self.fieldsets)
        for row in rows:
            row.part_fields = [helpers.AdminField(row.form, name, is_first=True) for name in names]
            row.shown_fields = [field for field in row.part_fields if not field.field.is_hidden]
            row.hidden_fields = [field for field in row.part_fields if field.field.is_hidden]
        return rows

    def __iter__(self):
        return iter(self.rows)

    @property
    def media(self):
        # nested-admin adds up the media of every row and of every row's own
        # inlines, and each addition sorts all the files again. The rows of a
        # part share their form and their inlines, so the first row stands for all.
        media = self.opts.media + self.formset.media
        if self.rows:
            first = self.rows[0]
            media += first.media
            for inline in getattr(first.form, "inlines", None) or []:
                media += inline.media
        # As nested-admin ends it: its script after those it patches when it loads
        # (the autocomplete's among them).
        script = "nested_admin/dist/nested_admin%s.js" % (
            "" if getattr(settings, "NESTED_ADMIN_DEBUG", False) else ".min"
        )
        media += forms.Media(js=[script])
        for js_file in media._js:
            if js_file in self._djn_js_deps:
                media += forms.Media(js=[js_file, script])
        return media


def in_posted_order(rows, field):
    """
    `rows` by the positions posted in their `field`, the rows without a
    position (new, or not a whole number: a form error of the row) after
    them as they came, and ties as they came. django-nested-admin's
    `formsetsort` failed on both, with a server error.
    """
    if not field:
        return rows

    def position(row):
        value = row.form[field].data
        return int(value) if isinstance(value, str) and value.strip().isdecimal() else None

    positions = [position(row) for row in rows]
    order = sorted(range(len(rows)), key=lambda index: (positions[index] is None, positions[index] or 0))
    return [rows[index] for index in order]


# The rows whose form asks more than their columns.
ROW_FORMS = {RelatedCondition: RelatedConditionForm}


def inline_for(part):
    """The admin inline of an owned part, with inlines for the parts it owns."""
    # Linked rows (a group's reference, a related page) are looked up by typing, not picked from every row.
    linked = [child.accessor for child in part.children if not child.owned]
    linked += [name for name in part.plain if part.model._meta.get_field(name).is_relation]
    wanted = {*part.fields, *linked}
    fields = [field.name for field in part.model._meta.fields if field.name in wanted]
    form = ROW_FORMS.get(part.model, TranslationNotesForm)
    fields += getattr(form, "extra_fields", ())
    ordered = any(field.name == "order" for field in part.model._meta.fields)
    if ordered:
        fields.append("order")
    stacked = _is_stacked(part)
    bases = (
        (CheckedForeignKeys, TranslatedFieldsMixin, PartInline, NestedStackedInlineMixin, TranslationStackedInline)
        if stacked
        else (CheckedForeignKeys, TranslatedFieldsMixin, PartInline, NestedTabularInlineMixin, TranslationTabularInline)
    )
    error_messages = {"too_many_forms": TOO_MANY_ROWS}
    if part.minimum:
        error_messages["too_few_forms"] = part.minimum_message
    formset = type(f"{part.model.__name__}FormSet", (PartFormSet,), {"default_error_messages": error_messages})
    return type(
        f"{part.model.__name__}Inline",
        bases,
        {
            "part": part,
            "model": part.model,
            "template": "admin/diseases/inlines/stacked.html" if stacked else "admin/diseases/inlines/tabular.html",
            "form": form,
            "fields": fields,
            # The foreign key to the row these rows belong to (a related page is a second one).
            "fk_name": next(
                field.name
                for field in part.model._meta.fields
                if field.is_relation and field.remote_field.get_accessor_name() == part.accessor
            ),
            # Rows are dragged, or moved with buttons, into place (row_order.js).
            "sortable_field_name": "order" if ordered else None,
            "extra": 0,
            "min_num": part.minimum,
            "max_num": part.max_rows,
            "formset": formset,
            "autocomplete_fields": linked,
            "inlines": [inline_for(child) for child in part.children if child.owned],
        },
    )


class ContentAdmin(
    PersonalDataAdmin,
    CheckedRowIds,
    ContentHistory,
    TranslatedFieldsMixin,
    VersionAdmin,
    NestedModelAdminMixin,
    TranslationAdmin,
):
    """
    Content with a history of its own. Each save, revert or delete here is one
    revision and one edit, recorded by the workflow in the same transaction.
    """

    form = ContentForm
    change_form_template = "admin/diseases/content_change_form.html"
    inline_admin_formset_helper_cls = PartInlineAdminFormSet
    history_latest_first = True

    class Media:
        js = EDITING_SCRIPTS

    def has_change_permission(self, request, obj=None):
        # Translators change their languages' texts (`for_translator`); the workflow refuses anything else.
        return super().has_change_permission(request, obj) or permissions.may_translate(request.user)

    def get_form(self, request, obj=None, **kwargs):
        return for_translator(super().get_form(request, obj, **kwargs), request.user, self.model)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not permissions.can_change(request.user, self.model):
            # Orders and other shared values are a content editor's to change.
            changelist.list_editable = ()
        return changelist

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with workflow.editing(request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        with workflow.editing(request.user):
            return super().changelist_view(request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with workflow.editing(request.user):
            return super().delete_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        with translation_status.minor_change(form.cleaned_data.get("minor_change")):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        with translation_status.minor_change(form.cleaned_data.get("minor_change")):
            super().save_related(request, form, formsets, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if form.conflict is not None and obj is not None:
            context["conflict_changes"] = self.changes_meanwhile(obj, form.cleaned_data.get("opened_revision"))
        context["source_language"] = settings.LANGUAGE_CODE
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def changes_meanwhile(self, obj, revision_id):
        """What others saved since the form was opened at `revision_id`."""
        opened = versioning.versions(obj).filter(revision_id=revision_id).select_related("revision").first()
        before = documents.from_revision(opened.revision, obj) if opened else None
        return diff.compare(before, documents.current(obj), languages.site_languages())


class WorkedOnFilter(admin.SimpleListFilter):
    """The pages someone is working on: edited by them since their last medical review."""

    title = _("worked on")
    parameter_name = "worked_on"

    def lookups(self, request, model_admin):
        return [("me", _("By me, since the last review"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.worked_on_by(request.user)
        return queryset


def submitted_message(assignee):
    """What an editor is told once a page is submitted, naming the reviewer they asked."""
    if assignee is None:
        return gettext("Submitted for medical review: the medical reviewers have been told by e-mail.")
    return gettext(
        "Submitted for medical review: %(reviewer)s is asked to review it, and the other medical reviewers can too."
    ) % {"reviewer": workflow.assignee_name(assignee)}


@admin.register(Disease)
class DiseaseAdmin(CommentViews, ReviewViews, EvidenceViews, TranslationFileViews, TranslationQueueViews, ContentAdmin):
    form = DiseaseForm
    change_form_template = "admin/diseases/disease/change_form.html"
    # Ours, not django-reversion's: it adds the translation status to the tools.
    change_list_template = "admin/diseases/disease/change_list.html"
    object_history_template = "admin/diseases/disease/object_history.html"
    delete_confirmation_template = "admin/diseases/disease/delete_confirmation.html"
    recover_list_template = "admin/diseases/disease/recover_list.html"
    recover_form_template = "admin/diseases/disease/recover_form.html"
    list_display = ("__str__", "slug", "status", "is_public", "last_updated")
    list_filter = ("status", WorkedOnFilter, "category", ("live", admin.EmptyFieldListFilter))
    # A disease is found by any of its names or abbreviations, in any language.
    search_fields = (
        "slug",
        *(
            f"names__{build_localized_fieldname(field, code)}"
            for field in ("name", "abbreviation")
            for code in languages.site_languages()
        ),
    )
    readonly_fields = ("last_updated", "status", "live", "updated_at")
    # Each translated field in every language (the language tabs show one at a time).
    fieldsets = [
        (None, {"fields": ("slug", "category", *parts.PAGE.translated)}),
        (None, {"fields": ("last_updated", "minor_change", "opened_edit", "opened_revision")}),
        (_("Review"), {"fields": ("status", "live", "updated_at"), "classes": ("collapse",)}),
    ]
    inlines = [inline_for(part) for part in parts.PAGE.children if part.owned]

    def get_queryset(self, request):
        return super().get_queryset(request).not_deleted().with_names()

    def view_on_site(self, obj):
        """The public page, once there is one (the admin shows the link only then)."""
        return obj.get_absolute_url() if obj.is_public else None

    @admin.display(boolean=True, description=_("public"))
    def is_public(self, obj):
        return obj.is_public

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("translations/", wrap(self.translation_status_view), name=f"{prefix}_translations"),
            *self.evidence_urls(),
            # Before the queues: “export” and “import” are not languages.
            *self.translation_file_urls(),
            *self.translation_urls(),
            path(
                "<path:object_id>/submit/",
                wrap(self.transition_view),
                {"transition": "submit"},
                name=f"{prefix}_submit",
            ),
            path(
                "<path:object_id>/publish/",
                wrap(self.transition_view),
                {"transition": "publish"},
                name=f"{prefix}_publish",
            ),
            *self.review_urls(),
            *self.comment_urls(),
            *super().get_urls(),
        ]

    def get_disease_or_404(self, request, object_id):
        disease = self.get_object(request, unquote(object_id))
        if disease is None or not self.has_view_permission(request, disease):
            raise Http404
        return disease

    def change_view(self, request, object_id, form_url="", extra_context=None):
        disease = self.get_object(request, unquote(object_id))
        if disease is not None:
            extra_context = {**(extra_context or {}), **self.workflow_context(request, disease)}
        response = super().change_view(request, object_id, form_url, extra_context)
        self.link_back(request)
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_view_evidence": permissions.can_view_evidence(request.user)}
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        actions = workflow.available_after_edit(Disease(), request.user)
        response = super().add_view(request, form_url, {**(extra_context or {}), "actions_after_save": actions})
        self.link_back(request)
        return response

    def link_back(self, request):
        """The related pages the editor asked to link back: each an edit with a revision of its own, after this one."""
        for refusal in workflow.link_back(getattr(request, "_link_back", []), request.user):
            self.message_user(request, refusal, messages.WARNING)

    def workflow_context(self, request, disease):
        shared = documents.shared_groups()
        page = documents.pages_with_content().get(pk=disease.pk)
        return {
            "disease": disease,
            "transition_form": TransitionForm(),
            "actions": workflow.available(disease, request.user),
            "actions_after_save": workflow.available_after_edit(disease, request.user),
            "review_events": disease.review_events.select_related("actor", "publication").defer("publication__content")[
                :5
            ],
            "outdated_translations": outdated_translations(translation_status.page_rows(page, shared)),
            "reading_ease": reading_ease_table(documents.build(page, shared)),
            "pinned_change_request": disease.review_events.pending_change_request(),
            "can_view_evidence": permissions.can_view_evidence(request.user),
            **self.comments_context(request, disease, page),
        }

    # “Save and submit for medical review”: the save is one edit, recorded when
    # it ends (an approved page becomes a draft); then the page is submitted.

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        request._link_back = [
            row.instance
            for formset in formsets
            if formset.model is RelatedCondition
            for row in formset.forms
            if row.cleaned_data.get("link_back") and row not in formset.deleted_forms
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        saved = getattr(request, "_submit_after_save", None)
        if saved is not None:
            self.submit_saved(request, saved)
        return response

    def response_add(self, request, obj, post_url_continue=None):
        if SAVE_AND_SUBMIT in request.POST:
            return self.saved_for_submission(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if SAVE_AND_SUBMIT in request.POST:
            return self.saved_for_submission(request, obj)
        return super().response_change(request, obj)

    def saved_for_submission(self, request, obj):
        request._submit_after_save = obj
        self.message_user(request, gettext("Your changes to “%(page)s” were saved.") % {"page": obj}, messages.SUCCESS)
        return redirect("admin:diseases_disease_change", obj.pk)

    def submit_saved(self, request, disease):
        # Checked with the disease form before anything was saved.
        form = SubmitForm(request.POST)
        data = form.cleaned_data if form.is_valid() else {"comment": "", ASK_REVIEWER: None}
        try:
            workflow.submit_for_review(disease, request.user, comment=data["comment"], assignee=data[ASK_REVIEWER])
        except (PermissionDenied, ValidationError) as refusal:
            for message in _messages(refusal):
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, submitted_message(data[ASK_REVIEWER]), messages.SUCCESS)

    @method_decorator(require_POST)
    def transition_view(self, request, object_id, transition):
        """Submit for review or publish provisionally, from the change form's buttons."""
        disease = self.get_disease_or_404(request, object_id)
        form = SubmitForm(request.POST) if transition == "submit" else TransitionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    self.message_user(request, message, messages.ERROR)
            return redirect("admin:diseases_disease_change", disease.pk)
        try:
            if transition == "submit":
                event = workflow.submit_for_review(
                    disease,
                    request.user,
                    comment=form.cleaned_data["comment"],
                    assignee=form.cleaned_data[ASK_REVIEWER],
                )
            else:
                event = workflow.publish_provisionally(disease, request.user, comment=form.cleaned_data["comment"])
        except (PermissionDenied, ValidationError) as refusal:
            for message in _messages(refusal):
                self.message_user(request, message, messages.ERROR)
        else:
            if transition == "submit":
                self.message_user(request, submitted_message(form.cleaned_data[ASK_REVIEWER]), messages.SUCCESS)
            else:
                self.message_user(request, event.action_label, messages.SUCCESS)
        return redirect("admin:diseases_disease_change", disease.pk)

    def translation_status_view(self, request):
        """Diseases by languages: each cell missing, outdated, or where the page is in medical review."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        language, status = request.GET.get("language"), request.GET.get("status")
        rows, counts = translation_status.status_table(language, status)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Translation status"),
            "languages": settings.LANGUAGES,
            "rows": rows,
            "counts": [(code, name, list(counts[code].items())) for code, name in settings.LANGUAGES],
            "statuses": translation_status.STATUS_LABELS.items(),
            "language_filter": language,
            "status_filter": status,
        }
        return TemplateResponse(request, "admin/diseases/disease/translation_status.html", context)

    def history_view(self, request, object_id, extra_context=None):
        disease = self.get_disease_or_404(request, object_id)
        versions = versioning.versions(disease).select_related("revision__user")
        return super().history_view(request, object_id, {**(extra_context or {}), "versions": versions})

    # Deleting marks the page deleted: its history, publications and patient
    # advice stay, and it can be recovered (as a draft).

    def get_deleted_objects(self, objs, request):
        return [str(obj) for obj in objs], {}, set(), []

    def delete_model(self, request, obj):
        workflow.delete(obj, request.user)

    def delete_queryset(self, request, queryset):
        for disease in queryset:
            workflow.delete(disease, request.user)

    def recoverlist_view(self, request, extra_context=None):
        if not permissions.can_change(request.user, self.model):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Recover deleted diseases"),
            "deleted": Disease.objects.deleted().with_names().with_deletion().order_by("-deleted_at", "-pk"),
        }
        return TemplateResponse(request, self.recover_list_template, context)

    def recover_view(self, request, version_id, extra_context=None):
        """Bring a deleted page back as a draft (`version_id` is the page's id here)."""
        if not permissions.can_change(request.user, self.model):
            raise PermissionDenied
        disease = get_object_or_404(Disease.objects.deleted(), pk=version_id)
        if request.method == "POST":
            try:
                workflow.recover(disease, request.user)
            except (PermissionDenied, ValidationError) as refusal:
                for message in _messages(refusal):
                    self.message_user(request, message, messages.ERROR)
                return redirect("admin:diseases_disease_recoverlist")
            self.message_user(request, gettext("“%(page)s” was recovered as a draft.") % {"page": disease})
            return redirect("admin:diseases_disease_change", disease.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Recover %(page)s") % {"page": disease},
            "disease": disease,
        }
        return TemplateResponse(request, self.recover_form_template, context)


SAVE_AND_SUBMIT = "_save_and_submit"


def _messages(refusal):
    return refusal.messages if isinstance(refusal, ValidationError) else [str(refusal)]


def outdated_translations(rows):
    """Which fields are outdated in which language, with the English text then and now."""
    return [
        {
            "row": f"{capfirst(row._meta.verbose_name)} “{row}”",
            "field": capfirst(row._meta.get_field(field).verbose_name),
            "language": language,
            "then": then,
            "now": now,
        }
        for language in languages.translated_languages()
        for row, field, then, now in translation_status.outdated_fields(rows, language)
    ]


@admin.register(SharedSymptomGroup)
class SharedSymptomGroupAdmin(ContentAdmin):
    list_display = ("title", "reference", "order")
    list_select_related = ("reference",)
    list_editable = ("order",)
    search_fields = ("title",)
    fields = (
        *("title", "introduction", "guidance", "reference", "order"),
        *("minor_change", "opened_edit", "opened_revision"),
    )
    autocomplete_fields = ("reference",)
    inlines = [inline_for(part) for part in parts.SHARED_GROUPS.children if part.owned]

    def get_queryset(self, request):
        return super().get_queryset(request).shared()

    def shows_version(self, version):
        return versioning.stored_object(version).disease_id is None


@admin.register(Reference)
class ReferenceAdmin(ContentAdmin):
    list_display = ("title", "publisher", "year")
    fields = ("title", "publisher", "year", "url", "link_text", "minor_change", "opened_edit", "opened_revision")
    search_fields = ("title", "publisher")
