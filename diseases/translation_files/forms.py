"""The admin's forms for downloading a translation file and uploading a translated one."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Disease
from .formats import FORMATS
from .importing import max_size, too_large_message


def _language_choices(user):
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in permissions.translation_languages(user)]


# A language the user may not translate into is not among the choices: say so plainly.
NOT_YOUR_LANGUAGE = {"invalid_choice": _("Choose one of the languages you translate into.")}


class PageChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title or obj.slug


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), error_messages=NOT_YOUR_LANGUAGE)
    format = forms.ChoiceField(
        label=_("File format"), choices=[(key, label) for key, (label, *_rest) in FORMATS.items()]
    )
    pages = PageChoiceField(
        label=_("Pages"),
        queryset=Disease.objects.none(),
        required=False,
        help_text=_("None chosen: every page. The shared symptom groups are always included."),
    )
    needing_work_only = forms.BooleanField(
        label=_("Only the texts whose translation is missing or outdated"), required=False, initial=True
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices(user)
        self.fields["pages"].queryset = Disease.objects.not_deleted().with_names().order_by("slug")


class ImportForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        help_text=_("The language the file is translated into."),
        error_messages=NOT_YOUR_LANGUAGE,
    )
    file = forms.FileField(label=_("Translated file"), help_text=_("A PO or XLIFF file downloaded here."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_size():
            raise forms.ValidationError(too_large_message(), code="too_large")
        return upload
