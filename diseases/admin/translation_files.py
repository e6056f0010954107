"""
Translating with files, in the admin: download a page, some pages or every
page's texts in one language as PO or XLIFF, and upload the translated file
back, with the report of what was applied, skipped and why. Who may do either
is `permissions.translation_languages`; the import itself is `translation_files`.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext

from .. import permissions, translation_files
from ..models import Disease, SharedSymptomGroup, SymptomGroup
from ..translation_files.forms import ExportForm, ImportForm


class TranslationFileViews:
    """The download and upload of translation files, as views of the disease admin."""

    def translation_file_urls(self):
        wrap = self.admin_site.admin_view
        label = self.opts.app_label
        return [
            path("translations/export/", wrap(self.translation_export_view), name=f"{label}_translation_export"),
            path("translations/import/", wrap(self.translation_import_view), name=f"{label}_translation_import"),
        ]

    def _translation_context(self, request, title, **extra):
        if not permissions.translation_languages(request.user):
            raise PermissionDenied
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}

    def translation_export_view(self, request):
        """The download form; a valid choice downloads the file."""
        context = self._translation_context(request, gettext("Download texts to translate"))
        form = ExportForm(request.GET if "language" in request.GET else None, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            file_format = data["format"]
            _label, extension, content_type = translation_files.FORMATS[file_format]
            content = translation_files.export(
                data["language"],
                file_format,
                [page.slug for page in data["pages"]],
                needing_work_only=data["needing_work_only"],
                translator=request.user.get_username(),
            )
            response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
            name = f"disease-pages-{data['language']}.{extension}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        status = 400 if form.is_bound else 200
        context["form"] = form
        return TemplateResponse(request, "admin/diseases/disease/translation_export.html", context, status=status)

    def translation_import_view(self, request):
        """The upload form; an upload is imported and its report shown."""
        context = self._translation_context(request, gettext("Upload a translated file"))
        # The queue's and the home page's links name the language the file is in.
        form = ImportForm(user=request.user, initial={"language": request.GET.get("language")})
        status = 200
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES, user=request.user)
            if form.is_valid():
                report = translation_files.import_file(
                    form.cleaned_data["file"].read(), request.user, expected_language=form.cleaned_data["language"]
                )
                context["report"] = report
                context["changed"] = [(owner, _change_url(owner)) for owner in report.changed]
                status = 400 if report.failed else 200
            else:
                status = 400
        context["form"] = form
        return TemplateResponse(request, "admin/diseases/disease/translation_import.html", context, status=status)


def _change_url(owner):
    """The admin page of a page, shared symptom group or reference whose texts an import changed."""
    model = SharedSymptomGroup if isinstance(owner, SymptomGroup) else type(owner)
    url = reverse(f"admin:diseases_{model._meta.model_name}_change", args=[owner.pk])
    return f"{url}#translations" if isinstance(owner, Disease) else url
