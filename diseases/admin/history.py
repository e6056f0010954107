"""
The history screens (django-reversion's URLs), tightened: a version is found
only among the versions of the screen's own model and object, an old version
is shown from its stored data (nothing is written or locked to show it), and
reverting or recovering goes through the workflow like any other edit.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from .. import diff, documents, languages, versioning, workflow
from ..models import ContentEdit
from .safety import is_row_id


class RevertForm(forms.Form):
    # The object's last edit when the screen was shown: reverting over a newer edit is refused.
    opened_edit = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class VersionScreens:
    """What every history screen shares: finding a version, and the screen's context."""

    def get_version_or_404(self, request, object_id, version_id):
        """(the object, its version `version_id`), for a user who may view the object; 404 otherwise."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        version = versioning.find_version(self.model, obj.pk, version_id)
        if version is None:
            raise Http404
        return obj, version

    def history_view(self, request, object_id, extra_context=None):
        # django-reversion looks the history up by the id as written: one that
        # cannot be an id has none (and NUL was a server error on PostgreSQL).
        if not is_row_id(self.model, unquote(object_id)):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_context(self, request, obj, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": title,
            **extra,
        }

    def url_of(self, name, *args):
        return reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)


class ContentHistory(VersionScreens):
    """
    History of content with a history of its own (a page, a shared group, a
    reference): an old version shown as what reverting to it would change,
    reverted as an edit; deleted shared content listed and recovered as an edit.
    """

    revision_form_template = "admin/diseases/revision.html"
    recover_list_template = "admin/diseases/recover_list.html"
    recover_form_template = "admin/diseases/recover_form.html"

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj, version = self.get_version_or_404(request, object_id, version_id)
        form = RevertForm(initial={"opened_edit": workflow.last_edit(obj)})
        status = 200
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            form = RevertForm(request.POST)
            if form.is_valid():
                try:
                    workflow.revert(obj, version, request.user, form.cleaned_data["opened_edit"])
                except workflow.EditConflict as conflict:
                    self.message_user(request, " ".join(conflict.messages), messages.ERROR)
                    form = RevertForm(initial={"opened_edit": workflow.last_edit(obj)})
                    status = 409
                except ValidationError as refusal:
                    self.message_user(request, " ".join(refusal.messages), messages.ERROR)
                    status = 400
                else:
                    # Named, in the log and the message, as it reads now.
                    obj.refresh_from_db()
                    self.log_change(request, obj, gettext("Reverted to an earlier version."))
                    self.message_user(
                        request, gettext("“%(object)s” was reverted: it is a new draft.") % {"object": obj}
                    )
                    return redirect(self.url_of("change", quote(obj.pk)))
            else:
                status = 400
        stored = documents.from_revision(version.revision, obj)
        changes = diff.compare(documents.current(obj), stored, languages.site_languages())
        every_language, per_language = diff.by_language(changes, languages.site_languages())
        context = self.history_context(
            request,
            obj,
            gettext("Revert “%(object)s” to the version of %(date)s")
            % {"object": obj, "date": _date(version.revision.date_created)},
            version=version,
            form=form,
            changes=changes,
            every_language_changes=every_language,
            changes_by_language=per_language,
            source_language=settings.LANGUAGE_CODE,
            can_revert=self.has_change_permission(request, obj),
        )
        # Each model's own wording (“this version of the page”) first, as the admin's templates are found.
        templates = [f"admin/{self.opts.app_label}/{self.opts.model_name}/revision.html", self.revision_form_template]
        return TemplateResponse(request, templates, context, status=status)

    def deleted_versions(self):
        """The latest version of each deleted object this screen lists, with who deleted it and when."""
        found = []
        for version in versioning.deleted_versions(self.model):
            if not self.shows_version(version):
                continue
            version.deletion = (
                ContentEdit.objects.filter(content_type=version.content_type_id, object_id=version.object_id)
                .select_related("user")
                .first()
            )
            found.append(version)
        return found

    def shows_version(self, version):
        """Whether a deleted object belongs on this screen (the shared groups' list holds no page's own group)."""
        return True

    def recoverlist_view(self, request, extra_context=None):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        context = self.history_context(
            request,
            None,
            gettext("Recover deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            deleted=self.deleted_versions(),
        )
        return TemplateResponse(request, self.recover_list_template, context)

    def recover_view(self, request, version_id, extra_context=None):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        version = next((found for found in self.deleted_versions() if str(found.pk) == str(version_id)), None)
        if version is None:
            raise Http404
        if request.method == "POST":
            try:
                obj = workflow.recover_deleted(self.model, version, request.user)
            except ValidationError as refusal:
                self.message_user(request, " ".join(refusal.messages), messages.ERROR)
                return redirect(self.url_of("recoverlist"))
            self.log_addition(request, obj, gettext("Recovered."))
            self.message_user(request, gettext("“%(object)s” was recovered.") % {"object": obj})
            return redirect(self.url_of("change", quote(obj.pk)))
        stored = versioning.stored_object(version)
        context = self.history_context(
            request,
            None,
            gettext("Recover “%(object)s”") % {"object": version.object_repr},
            version=version,
            changes=diff.compare(None, documents.from_revision(version.revision, stored), languages.site_languages()),
        )
        return TemplateResponse(request, self.recover_form_template, context)


class FieldHistory(VersionScreens):
    """
    History of a record edited field by field (patient advice): an old version
    shown as stored, reverting it puts back only the fields the form edits,
    never what the workflow owns (its moderation, its status). The model's
    admin reads the record locked for a POST (`get_object`), so that the
    revert's stored version is the record as it is when reverted.
    """

    revision_form_template = "admin/diseases/field_revision.html"

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj, version = self.get_version_or_404(request, object_id, version_id)
        editable = [
            name
            for name in self.get_fields(request, obj)
            if name not in self.get_readonly_fields(request, obj) and name in version.field_dict
        ]
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            with transaction.atomic(), self.create_revision(request):
                for name in editable:
                    setattr(obj, name, version.field_dict[name])
                obj.save(update_fields=editable)
            self.log_change(request, obj, gettext("Reverted to an earlier version."))
            self.message_user(request, gettext("“%(object)s” was reverted.") % {"object": obj})
            return redirect(self.url_of("change", quote(obj.pk)))
        shown = [
            (self.opts.get_field(name).verbose_name, version.field_dict.get(name), getattr(obj, name))
            for name in self.get_fields(request, obj)
            if name in version.field_dict
        ]
        context = self.history_context(
            request,
            obj,
            gettext("Version of %(date)s") % {"date": _date(version.revision.date_created)},
            version=version,
            fields=shown,
            can_revert=self.has_change_permission(request, obj) and bool(editable),
        )
        return TemplateResponse(request, self.revision_form_template, context)

    def recover_view(self, request, version_id, extra_context=None):
        raise PermissionDenied

    def recoverlist_view(self, request, extra_context=None):
        raise PermissionDenied


def _date(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
