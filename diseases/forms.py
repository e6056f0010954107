from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import default_next_review_due


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_review_due = forms.DateField(
        label=_("Next review due"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Three years from today unless you set another date."),
    )
    # The revision the reviewer looked at: approving must not publish edits
    # saved after the diff was shown.
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault(
            "next_review_due",
            default_next_review_due(),
        )
        super().__init__(*args, **kwargs)

    def clean_next_review_due(self):
        due = self.cleaned_data["next_review_due"]
        if due <= timezone.localdate():
            raise forms.ValidationError(_("The next review must be due after today."), code="past")
        return due
