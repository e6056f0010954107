import copy
import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.utils import build_localized_fieldname

from . import diff, languages, permissions, translation_status, versioning, workflow
from .models import Disease, PageFeedback, PatientAdvice, ReviewEvent, default_next_review_due
from .models.comments import BODY_MAX_LENGTH
from .widgets import TranslatedFieldWidget

# How a run of words of `diff.word_diff` is shown.
WORD_CHANGE = {"same": "{}", "removed": "<del>{}</del>", "added": "<ins>{}</ins>"}


class WorkflowDecisionForm(forms.Form):
    """A form for a workflow decision; the workflow's refusals appear under the fields they are about."""

    ERROR_FIELDS = {}  # error code: field name

    def add_workflow_error(self, error):
        for problem in error.error_list:
            self.add_error(self.ERROR_FIELDS.get(problem.code), problem)


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The comment is too long.")},
    )


# The field of the disease form and of `SubmitForm` that names the reviewer asked.
ASK_REVIEWER = "ask_reviewer"


class ReviewerChoiceField(forms.ModelChoiceField):
    """The reviewers a page can be assigned to, each by name and specialty: “Dr X — paediatric rheumatology”."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=permissions.assignable_reviewers()
            .select_related("reviewer_profile")
            .order_by("reviewer_profile__display_name", "pk"),
            required=False,
            label=_("Ask a reviewer"),
            empty_label=_("Any medical reviewer"),
            help_text=_(
                "Optional. The reviewer you choose gets an e-mail of their own and the page shows as theirs to "
                "review; the other reviewers can still review it."
            ),
            error_messages={"invalid_choice": _("Choose one of the medical reviewers listed.")},
            **kwargs,
        )

    def label_from_instance(self, obj):
        return obj.reviewer_profile.name_and_specialty


class SubmitForm(TransitionForm):
    """Submitting a page for review: the comment for the reviewers, and optionally one reviewer asked by name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[ASK_REVIEWER] = ReviewerChoiceField()


class CommentForm(forms.Form):
    """A comment on a field of a page (given the fields it may be on, `anchors`), or a reply to a conversation."""

    anchor = forms.ChoiceField(label=_("Field"), help_text=_("The field and language the comment is about."))
    body = forms.CharField(
        label=_("Comment"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Plain text: it is shown exactly as you type it."),
    )

    def __init__(self, *args, anchors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if anchors is None:
            del self.fields["anchor"]
            return
        rows = {}
        for key, anchor in anchors.items():
            rows.setdefault(anchor.where, []).append((key, anchor.field_label))
        self.fields["anchor"].choices = [("", "---------"), *rows.items()]


# The fields of a content form that say which version it was opened at, not what to change.
VERSION_FIELDS = ("opened_edit", "opened_revision")


class TranslationNotesForm(forms.ModelForm):
    """
    A form whose translated fields know their row: missing or outdated
    translations, the English text. For a translator (`editable_fields`, see
    `for_translator`) every other field is read-only, and posting a change
    to one refuses the whole form.
    """

    editable_fields = None  # None: every field
    translator = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.editable_fields is not None:
            for name, field in self.fields.items():
                if name not in self.editable_fields and name not in VERSION_FIELDS:
                    field.disabled = True
        for field in self.fields.values():
            widget = field.widget
            if not isinstance(widget, TranslatedFieldWidget) or self.instance.pk is None:
                continue
            source = build_localized_fieldname(widget.field_name, settings.LANGUAGE_CODE)
            widget.source_text = getattr(self.instance, source, "") or ""
            if not widget.is_source_language:
                status = translation_status.field_status(self.instance, widget.field_name, widget.language)
                widget.status = status if status in (translation_status.MISSING, translation_status.OUTDATED) else None

    def clean(self):
        cleaned_data = super().clean()
        if any(self.posted_change(name) for name, field in self.fields.items() if field.disabled):
            granted = permissions.translation_languages(self.translator)
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "You may change only the texts in %(languages)s; the other fields are read-only for you. "
                        "Nothing was saved."
                    )
                    % {"languages": workflow.language_names(granted)},
                    code="not_your_language",
                ),
            )
        return cleaned_data

    def posted_change(self, name):
        """Whether the data posted changes a read-only field (browsers send none: a crafted request does)."""
        field = self.fields[name]
        if self.add_prefix(name) not in self.data:
            return False
        posted = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        editable = copy.copy(field)
        editable.disabled = False
        return editable.has_changed(self.get_initial_for_field(field, name), posted)


def for_translator(form_class, user, model):
    """`form_class` as `user` may fill it in: whole, or only their languages' texts when they translate."""
    if permissions.can_change(user, model):
        return form_class
    attrs = {"editable_fields": frozenset(permissions.editable_translations(user, model)), "translator": user}
    return type(form_class.__name__, (form_class,), attrs)


class RelatedConditionForm(TranslationNotesForm):
    """A related page, and whether that page should link back to this one."""

    # Fields of the form that are not columns of the row (see `admin.content.inline_for`).
    extra_fields = ("link_back",)

    link_back = forms.BooleanField(
        label=_("Also link back from that page"),
        required=False,
        help_text=_("Adds this page to that page's related conditions too: an edit of that page, reviewed like any."),
    )


class ContentForm(TranslationNotesForm):
    """
    The admin form of content with a history of its own (a page, a shared
    group, a reference). It says whether an English change affects the
    translations, and it carries the edit version it was opened at: a form
    opened before someone else's save is refused, with what they typed kept.
    """

    minor_change = forms.BooleanField(
        label=_("Minor change"),
        required=False,
        help_text=_(
            "Tick for a typo or formatting fix in the English text: translations stay up to date. Leave unticked "
            "when the meaning changed: translations are then marked outdated."
        ),
    )
    # The object's last edit when the form was opened, to recognise a stale form.
    opened_edit = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The revision the form was opened at, to show what changed meanwhile.
    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["opened_edit"].initial = workflow.last_edit(self.instance)
            latest = versioning.versions(self.instance).first()
            self.fields["opened_revision"].initial = latest.revision_id if latest else None

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and not self.has_error("opened_edit"):
            try:
                workflow.check_edit(self.instance, cleaned_data.get("opened_edit") or 0)
            except workflow.EditConflict as conflict:
                self.add_error(None, conflict)
                self.conflict = conflict
                # Saving again, after checking what changed, applies what is typed here.
                self.data = self.data.copy()
                self.data[self.add_prefix("opened_edit")] = workflow.last_edit(self.instance)
        return cleaned_data


class DiseaseForm(ContentForm):
    """The disease form, with the reviewer to ask when it is saved and submitted (“Save and submit”)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[ASK_REVIEWER] = ReviewerChoiceField()
        if self.instance.pk and self.instance.status == Disease.Status.CHANGES_REQUESTED:
            # Back to the reviewer who asked for the changes, unless the editor asks someone else (or they
            # have edited the page since, and four-eyes leaves it to another reviewer).
            request = (
                self.instance.review_events.filter(action=ReviewEvent.Action.CHANGES_REQUESTED)
                .select_related("actor")
                .first()
            )
            if (
                request is not None
                and request.actor
                and workflow.four_eyes_obstacle(self.instance, request.actor) is None
            ):
                self.fields[ASK_REVIEWER].initial = request.actor_id


class ApproveForm(WorkflowDecisionForm):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you checked"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Languages you did not check keep their earlier approved text, or are shown as not yet medically reviewed."
        ),
    )
    full_review = forms.BooleanField(
        label=_("Full review"),
        required=False,
        help_text=_(
            "Tick this if you re-read the whole page in the languages you checked, not only the changes: it sets "
            "the page’s review date and the next review due. Approving only a change keeps both. A page’s first "
            "approval is always a full review."
        ),
    )
    next_review_due = forms.DateField(
        label=_("Next review due"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        help_text=_("After a full review: three years from today unless you set an earlier date."),
    )
    current_items = forms.MultipleChoiceField(
        label=_("Outdated translations you checked"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick each translation you checked against today’s English: it becomes current. The others stay "
            "outdated, and readers keep seeing that the English has changed since they were translated."
        ),
    )
    all_current = forms.BooleanField(label=_("I checked every outdated translation listed"), required=False)
    # Identifies the candidate the reviewer was shown: approving publishes that or nothing.
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)

    # Where the workflow's refusals belong on this form, by error code.
    ERROR_FIELDS = {
        "source_language": "languages",
        "unknown_language": "languages",
        "past": "next_review_due",
        "date_without_full_review": "next_review_due",
        "unchecked_language": "current_items",
        "nothing_changed": "full_review",
    }

    def __init__(self, *args, outdated_items=(), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("next_review_due", default_next_review_due())
        super().__init__(*args, **kwargs)
        self.outdated_items = list(outdated_items)
        self.fields["current_items"].choices = [(item.key, outdated_item_label(item)) for item in self.outdated_items]
        if not self.outdated_items:
            del self.fields["current_items"]
            del self.fields["all_current"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("all_current"):
            cleaned["current_items"] = [item.key for item in self.outdated_items]
        return cleaned


def outdated_item_label(item):
    """One outdated translation as a reviewer confirms it: where it is, and how the English changed since."""
    pages = ""
    if item.pages > 1:
        pages = ngettext(
            " (on %(count)s page: confirming it holds for all of them)",
            " (on %(count)s pages: confirming it holds for all of them)",
            item.pages,
        ) % {"count": item.pages}
    changes = mark_safe(  # noqa: S308 - each run escaped by format_html
        "".join(
            format_html(WORD_CHANGE[kind], text) for kind, text in diff.word_diff(item.english_then, item.english_now)
        )
    )
    return format_html(
        '<strong>{}</strong>: {}, {}{} <span class="outdated-english">{} {}</span>',
        languages.language_name(item.language),
        item.row,
        item.field_label,
        pages,
        _("English then and now:"),
        changes,
    )


class RequestChangesForm(WorkflowDecisionForm):
    comment = forms.CharField(
        label=_("What needs to change"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    ERROR_FIELDS = {"comment_required": "comment"}


class ModerationForm(WorkflowDecisionForm):
    """A moderator's decision on one piece of patient advice, from its own page."""

    # The decision is the button pressed: name="decision", value "approve" or "reject".
    APPROVE, REJECT = "approve", "reject"

    reason = forms.ChoiceField(
        label=_("Reason for rejecting"),
        choices=PatientAdvice.RejectionReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the reason is “Other”; only moderators see it."),
    )

    ERROR_FIELDS = {"no_reason": "reason", "note_required": "note"}

    def decide(self, advice, user, decision):
        """Approve or reject `advice` as `user`; the model's refusals land on this form."""
        try:
            if decision == self.APPROVE:
                advice.approve(user)
            elif decision == self.REJECT:
                advice.reject(user, self.cleaned_data["reason"], note=self.cleaned_data["note"])
            else:
                raise forms.ValidationError(_("Approve or reject the advice."), code="no_decision")
        except forms.ValidationError as problem:
            self.add_workflow_error(problem)
            return False
        return True


class AdviceForm(forms.ModelForm):
    """
    The public “Submit your advice” form. It carries a signed token with the
    time the form was shown and a key unique to this form: too quick a
    submission is refused, and the same form sent twice saves once.
    """

    TOKEN_SALT = "diseases.advice-form"  # noqa: S105 - a namespace for signatures, not a secret

    # A field people never see: bots fill it in, and their advice is dropped.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = PatientAdvice
        fields = ["text", "display_name", "role", "email", "consent"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6, "maxlength": PatientAdvice.TEXT_MAX_LENGTH}),
            "role": forms.RadioSelect,
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
        }
        labels = {
            "text": _("Your advice"),
            "display_name": _("Name to show (optional)"),
            "role": _("I am a"),
            "email": _("Your e-mail (optional)"),
        }
        help_texts = {
            "text": _("Up to 2,000 characters. Please do not include names, addresses or other personal details."),
            "display_name": _("Leave empty to be shown as “Anonymous”."),
            "email": _("Only so that we can contact you about your advice. It is never shown."),
        }

    def __init__(self, *args, disease, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.disease = disease
        self.instance.language = language
        self.fields["role"].choices = PatientAdvice.Role.choices
        self.fields["consent"].required = True
        self.fields["consent"].label = _(
            "I agree that my advice, the name I gave (or “Anonymous”) and who I am are published on this page "
            "after moderation. My e-mail address is never published."
        )
        self.fields["consent"].error_messages["required"] = _("Please agree to publication, or we cannot show it.")
        self.fields["text"].error_messages["required"] = _("Please write your advice.")
        self.fields["role"].error_messages["required"] = _("Please say who you are.")
        # Every rendering gets a fresh token: the clock starts when the form is shown.
        self.initial["token"] = signing.dumps({"key": uuid.uuid4().hex, "at": time.time()}, salt=self.TOKEN_SALT)
        self.submitted_token = ""
        if self.is_bound:
            # Validate the token that was sent; show the fresh one if the form comes back.
            self.submitted_token = self.data.get(self.add_prefix("token"), "")
            self.data = self.data.copy()
            self.data[self.add_prefix("token")] = self.initial["token"]

    def full_clean(self):
        super().full_clean()
        # A screen reader reads each error with its field: the input points at its help and its error.
        for name in self.errors:
            if name in self.fields and name != "token":
                field, bound = self.fields[name], self[name]
                described = [f"{bound.auto_id}_helptext"] if field.help_text and name != "consent" else []
                field.widget.attrs["aria-describedby"] = " ".join([*described, f"{bound.auto_id}_error"])
                field.widget.attrs["aria-invalid"] = "true"

    def clean_token(self):
        try:
            token = signing.loads(self.submitted_token, salt=self.TOKEN_SALT, max_age=settings.ADVICE_FORM_MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("This form was open for too long. Please check your advice and send it again."), code="expired"
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _("This form could not be checked. Please send it again."), code="invalid"
            ) from None
        if time.time() - token["at"] < settings.ADVICE_FORM_MIN_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Please read your advice through once more, then send it."), code="too_fast"
            )
        return uuid.UUID(token["key"])

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))

    def save_once(self):
        """Save the advice once, however often this same form is sent: (the advice, whether this saved it)."""
        data = {field: self.cleaned_data[field] for field in self._meta.fields}
        return PatientAdvice.objects.get_or_create(
            submission_key=self.cleaned_data["token"],
            defaults={**data, "disease": self.instance.disease, "language": self.instance.language},
        )

    def save(self):
        return self.save_once()[0]


class FeedbackAnswerForm(forms.Form):
    """
    “Was this page helpful?”, on every public page. The page is cached the
    same for everyone, so this form carries nothing per visitor: no CSRF
    token, no time it was shown (it would be the time the page was cached);
    a honeypot, the Origin check and the rate limit keep bots out.
    """

    HELPFUL = {"yes": True, "no": False}

    helpful = forms.ChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        error_messages={"required": _("Please choose Yes or No."), "invalid_choice": _("Please choose Yes or No.")},
    )
    # A field people never see: bots fill it in, and their answer is dropped.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))

    @property
    def is_helpful(self):
        return self.HELPFUL[self.cleaned_data["helpful"]]


class FeedbackDetailsForm(forms.Form):
    """
    The optional second step, “What was missing or wrong?”. It is shown only
    in answer to a visitor's “Yes” or “No”, never cached, so it can carry a
    signed token: which answer it adds to, and when it was shown (too quick a
    reply is refused, like the advice form's).
    """

    TOKEN_SALT = "diseases.feedback-details"  # noqa: S105 - a namespace for signatures, not a secret

    kind = forms.ChoiceField(
        label=_("What was missing or wrong?"),
        choices=PageFeedback.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what was missing or wrong.")},
    )
    text = forms.CharField(
        label=_("Tell us more (optional)"),
        required=False,
        max_length=PageFeedback.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": PageFeedback.TEXT_MAX_LENGTH}),
        help_text=_(
            "Up to 1,000 characters. Please do not write your name, e-mail address or phone number: we cannot "
            "reply, and we remove what looks like contact details."
        ),
        error_messages={"max_length": _("Please keep it to 1,000 characters.")},
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, answer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if answer is not None:
            self.initial["token"] = signing.dumps({"answer": answer.pk, "at": time.time()}, salt=self.TOKEN_SALT)

    def full_clean(self):
        super().full_clean()
        # A screen reader reads each error with its field.
        for name in self.errors:
            if name in ("kind", "text"):
                described = ["id_text_helptext"] if name == "text" else []
                self.fields[name].widget.attrs["aria-describedby"] = " ".join([*described, f"id_{name}_error"])
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def clean_token(self):
        try:
            token = signing.loads(
                self.cleaned_data["token"], salt=self.TOKEN_SALT, max_age=settings.FEEDBACK_FORM_MAX_AGE
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("This form was open for too long. Thank you for your answer: it has been counted."), code="expired"
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(_("This form could not be checked."), code="invalid") from None
        if time.time() - token["at"] < settings.FEEDBACK_FORM_MIN_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Please check what you wrote, then send it again."), code="too_fast"
            )
        return token["answer"]

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))
