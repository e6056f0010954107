"""Moderating patient advice: the queue, approving, rejecting with a reason, erasing personal data."""

import csv

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from .. import moderation, permissions
from ..forms import ModerationForm
from ..models import PatientAdvice
from .history import FieldHistory
from .personal_data import PersonalDataAdmin
from .review import DiseaseFilter, with_page_titles
from .safety import CheckedRowIds


def moderate(modeladmin, request, queryset, decide):
    """Apply `decide(advice, user)` to each selected advice and say how it went."""
    done = 0
    for advice in queryset:
        try:
            decide(advice, request.user)
        except (PermissionDenied, ValidationError) as refusal:
            reasons = refusal.messages if isinstance(refusal, ValidationError) else [str(refusal)]
            modeladmin.message_user(request, f"{advice}: {' '.join(reasons)}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, gettext("%(count)d advice updated.") % {"count": done}, messages.SUCCESS)


@admin.action(description=_("Approve and publish the selected advice"), permissions=["moderate"])
def approve_advice(modeladmin, request, queryset):
    moderate(modeladmin, request, queryset, lambda advice, user: advice.approve(user))


def rejection_action(reason):
    def action(modeladmin, request, queryset):
        moderate(modeladmin, request, queryset, lambda advice, user: advice.reject(user, reason.value))

    action.__name__ = f"reject_{reason.value}"
    return admin.action(description=_("Reject: %(reason)s") % {"reason": reason.label}, permissions=["moderate"])(
        action
    )


@admin.action(description=_("Erase the submitters' names and e-mail addresses"), permissions=["moderate"])
def erase_personal_data(modeladmin, request, queryset):
    moderate(modeladmin, request, queryset, moderation.erase_personal_data)


@admin.action(description=_("Export the selected advice (CSV)"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    """The selected advice as a spreadsheet; e-mail addresses only for those who may see them."""
    columns = [
        ("disease", lambda advice: advice.disease),
        ("language", lambda advice: advice.language),
        ("role", lambda advice: advice.get_role_display()),
        ("display_name", lambda advice: advice.display_name),
        ("text", lambda advice: advice.text),
        ("status", lambda advice: advice.get_status_display()),
        ("submitted_at", lambda advice: timezone.localtime(advice.submitted_at).isoformat()),
        ("rejection_reason", lambda advice: advice.get_rejection_reason_display()),
    ]
    if permissions.can_see_personal_data(request.user):
        columns.insert(4, ("email", lambda advice: advice.email))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="patient-advice.csv"'
    writer = csv.writer(response)
    writer.writerow([capfirst(PatientAdvice._meta.get_field(name).verbose_name) for name, _value in columns])
    for advice in queryset.order_by("submitted_at", "pk"):
        writer.writerow([spreadsheet_safe(str(value(advice))) for _name, value in columns])
    return response


def spreadsheet_safe(text):
    """Text a spreadsheet shows as text: what a patient wrote never runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@admin.register(PatientAdvice)
class PatientAdviceAdmin(PersonalDataAdmin, CheckedRowIds, FieldHistory, VersionAdmin):
    """The moderation queue. Editing the text before approval keeps the original in the history."""

    list_display = ("__str__", "disease", "role", "language", "status", "submitted_at", "rejection_reason")
    # Nothing joined: the pages are read as their titles need them (`get_queryset`).
    list_select_related = ()
    list_filter = ("status", "language", DiseaseFilter, "rejection_reason")
    # The addresses only for those who may see them (`PersonalDataAdmin`).
    search_fields = ("text", "display_name", "email")
    readonly_fields = (
        "disease",
        "language",
        "consent",
        "status",
        "submitted_at",
        "moderated_by",
        "moderated_at",
        "rejection_reason",
        "rejection_note",
    )
    # What a moderator may edit: personal details out of the text before approving.
    fields = ("text", "display_name", "role", "email", *readonly_fields)
    actions = [
        approve_advice,
        # “Other” needs a note of its own: from the advice's page, not in bulk.
        *(rejection_action(reason) for reason in PatientAdvice.RejectionReason if reason != "other"),
        erase_personal_data,
        export_csv,
    ]
    history_latest_first = True
    change_form_template = "admin/diseases/patientadvice/change_form.html"

    class Media:
        # Deciding with unsaved edits of the text asks first.
        js = ("diseases/admin/unsaved_changes.js",)

    def get_queryset(self, request):
        return with_page_titles(super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST":
            # Saved, reverted or moderated from its page: the advice is read again and held until
            # the request commits, so that a moderation decision made meanwhile waits for this one
            # rather than being written over with what was read before it.
            obj = self.get_queryset(request).select_for_update(of=("self",)).get(pk=obj.pk)
        return obj

    def has_add_permission(self, request):
        return False

    def has_moderate_permission(self, request):
        return permissions.can_moderate(request.user)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_moderate",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if self.has_moderate_permission(request):
            extra_context = {**(extra_context or {}), "moderation_form": ModerationForm(prefix="moderation")}
        return super().change_view(request, object_id, form_url, extra_context)

    def moderate_view(self, request, object_id):
        """Approve or reject one piece of advice from its own page; back to the queue when done."""
        advice = self.get_object(request, unquote(object_id))
        if advice is None:
            raise Http404
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        form = ModerationForm(request.POST or None, prefix="moderation")
        decision = request.POST.get("decision")
        if request.method == "POST" and form.is_valid() and form.decide(advice, request.user, decision):
            done = (
                gettext("Approved and published.") if advice.status == advice.Status.APPROVED else gettext("Rejected.")
            )
            self.message_user(request, f"{done} {advice}", messages.SUCCESS)
            return redirect(reverse("admin:diseases_patientadvice_changelist") + "?status__exact=pending")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Moderate patient advice"),
            "advice": advice,
            "moderation_form": form,
        }
        return TemplateResponse(
            request, "admin/diseases/patientadvice/moderate.html", context, status=400 if form.errors else 200
        )

    def changelist_view(self, request, extra_context=None):
        # The queue opens on what waits for moderation.
        if not request.GET and not request.POST:
            return redirect(request.path + "?status__exact=pending")
        return super().changelist_view(request, extra_context)
