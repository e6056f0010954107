"""
The conversation about a page in review among its editors, its medical
reviewers and its translators (on the texts in their languages), in the
manner of the transitions: each action checks who acts and on what, then
executes atomically, keeps its record in the page's review log and tells the
other side by e-mail. Comments never change what the public reads, nor the
page's review status.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from .. import documents, notifications, parts, permissions
from ..models import Disease, ReviewComment, ReviewEvent, anchor_key
from ..models.comments import BODY_MAX_LENGTH
from . import edits
from .errors import TransitionNotAllowed
from .transitions import draft_editors

ROW_LABEL_LENGTH = 60
NOT_ON_PAGE = _("a row no longer on the page")
# A conversation is about a draft a reviewer is asked to read, or has sent back.
OPEN_FOR_NEW_CONVERSATIONS = frozenset({Disease.Status.IN_REVIEW, Disease.Status.CHANGES_REQUESTED})


@dataclass(frozen=True)
class Anchor:
    """A field of a row of the page, in one language (none for a field the same in every language)."""

    model: str
    object_id: int
    field: str
    language: str
    # Lazy, so that each reader (on a screen, in an e-mail) reads them in their own language.
    where: str  # the row, as editors know it
    field_label: str  # the field, and its language

    @property
    def key(self):
        return anchor_key(self.model, self.object_id, self.field, self.language)

    @property
    def label(self):
        return format_lazy("{} › {}", self.where, self.field_label)

    @property
    def element_id(self):
        """An HTML id for this field and language: “diseases.symptom:7:text:es” → “diseases-symptom-7-text-es”."""
        return self.key.replace(".", "-").replace(":", "-").rstrip("-")


def _described(part, row):
    """A row as editors know it: its kind, and its text (in the active language), cut short."""
    text = str(row)
    if len(text) > ROW_LABEL_LENGTH:
        text = text[: ROW_LABEL_LENGTH - 1] + "…"
    return f"{capfirst(part.verbose_name)} “{text}”"


def anchors(disease, page=None):
    """
    {anchor key: Anchor} of every field a comment may sit on: the page's and
    its own rows', in every language (`page`: the disease with its rows, when loaded).
    """
    page = page or documents.pages_with_content().get(pk=disease.pk)
    languages = dict(settings.LANGUAGES)
    found = {}
    for part, row in parts.rows(page, []):
        if not (part.owned or part is parts.PAGE):
            continue
        where = lazy(_described, str)(part, row)
        for name in part.fields:
            field_label = capfirst(part.model._meta.get_field(name).verbose_name)
            for language in languages if name in part.translated else [""]:
                label = format_lazy("{} ({})", field_label, languages[language]) if language else field_label
                anchor = Anchor(part.model._meta.label_lower, row.pk, name, language, where, label)
                found[anchor.key] = anchor
    return found


def threads(disease):
    """The page's conversations, oldest first, each with its replies."""
    return list(disease.review_comments.threads().with_replies())


def open_threads(disease, threads=None, known=None):
    """
    [(where, thread)] of the page's unresolved conversations: what a request
    for changes lists (`threads`, `known` anchors: when already loaded).
    """
    if threads is None:
        threads = disease.review_comments.threads().select_related("author")
    unresolved = [thread for thread in threads if not thread.is_resolved]
    if unresolved and known is None:
        known = anchors(disease)
    return [(known[thread.anchor].label if thread.anchor in known else NOT_ON_PAGE, thread) for thread in unresolved]


def threads_by_anchor(threads):
    """{anchor key: [thread]}: what the forms and the review screen show beside each field."""
    found = {}
    for thread in threads:
        found.setdefault(thread.anchor, []).append(thread)
    return found


def _check_body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a comment."), code="body_required")
    if "\x00" in body:
        # PostgreSQL cannot store it; Django's forms refuse it with the same words.
        raise ValidationError(_("Null characters are not allowed."), code="null_characters_not_allowed")
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            _("A comment can be at most %(limit)d characters long."),
            code="body_too_long",
            params={"limit": BODY_MAX_LENGTH},
        )
    return body


def _check_language(user, language):
    """Refuse a translator a field outside their languages."""
    if not permissions.can_comment(user, language):
        raise PermissionDenied(
            _("You may comment only on the texts in %(languages)s.")
            % {"languages": edits.language_names(permissions.translation_languages(user))}
        )


def can_start(disease, user):
    """Whether `user` may start a conversation on `disease` as it is now (`disease.status` as read)."""
    return permissions.can_comment(user) and disease.status in OPEN_FOR_NEW_CONVERSATIONS


class CommentAction:
    """One step of a page's conversation by one user: `execute()` checks, then carries it out."""

    def __init__(self, disease, user):
        self.disease = disease
        self.user = user

    def check(self):
        """Raise unless the user may take part, on a page that is not deleted."""
        if not permissions.can_comment(self.user):
            raise PermissionDenied(_("Only the page’s editors, translators and medical reviewers can comment on it."))
        # Under the page's lock, as transitions take it: a page deleted meanwhile is seen.
        edits.lock({(Disease, self.disease.pk)})
        self.status = Disease.objects.values_list("status", flat=True).get(pk=self.disease.pk)
        if self.status == Disease.Status.DELETED:
            raise TransitionNotAllowed(_("This page is deleted: recover it to comment on it."), code="state")

    def execute(self):
        with transaction.atomic():
            self.check()
            return self.perform()

    def log(self, action, comment):
        status = Disease.objects.values_list("status", flat=True).get(pk=self.disease.pk)
        return ReviewEvent.objects.create(
            disease=self.disease, action=action, actor=self.user, comment=comment, from_status=status, to_status=status
        )


class AddComment(CommentAction):
    """Start a conversation on one field of the page."""

    def __init__(self, disease, user, anchor, body):
        super().__init__(disease, user)
        self.anchor_key = anchor
        self.body = body

    def check(self):
        super().check()
        if self.status not in OPEN_FOR_NEW_CONVERSATIONS:
            raise TransitionNotAllowed(
                _("Conversations start only on a page in review or sent back with changes requested."),
                code="state",
            )
        self.body = _check_body(self.body)
        self.anchor = anchors(self.disease).get(self.anchor_key)
        if self.anchor is None:
            raise ValidationError(_("Choose a field of this page to comment on."), code="anchor")
        _check_language(self.user, self.anchor.language)

    def perform(self):
        comment = ReviewComment.objects.create(
            disease=self.disease,
            model=self.anchor.model,
            object_id=self.anchor.object_id,
            field=self.anchor.field,
            language=self.anchor.language,
            author=self.user,
            body=self.body,
        )
        self.log(ReviewEvent.Action.COMMENTED, f"{self.anchor.label}: {self.body}")
        notifications.notify_of_comment(comment, self.anchor.label, self.recipients())
        return comment

    def recipients(self):
        """
        A reviewer's comment goes to those who worked on the draft (who edited
        it since its last review, and who submitted it); an editor's to the
        medical reviewers already taking part in the page's conversation.
        """
        if permissions.is_reviewer(self.user):
            live = Disease.objects.select_related("live").get(pk=self.disease.pk).live
            ids = draft_editors(self.disease, live if live is not None and live.is_reviewed else None)
        else:
            ids = {
                user.pk for user in permissions.reviewers().filter(pk__in=self.disease.review_comments.values("author"))
            }
        return ids - {self.user.pk}


class ThreadAction(CommentAction):
    """A step in one conversation: a reply, or closing it."""

    def __init__(self, thread, user):
        super().__init__(thread.disease, user)
        self.thread = thread

    def check(self):
        super().check()
        self.thread.refresh_from_db()
        if self.thread.parent_id is not None:
            raise ValidationError(_("Reply to the conversation, not to one of its replies."), code="not_a_thread")
        if self.thread.is_resolved:
            raise TransitionNotAllowed(_("This conversation is already resolved."), code="resolved")
        _check_language(self.user, self.thread.language)

    def where(self):
        anchor = anchors(self.disease).get(self.thread.anchor)
        return anchor.label if anchor else NOT_ON_PAGE


class Reply(ThreadAction):
    def __init__(self, thread, user, body):
        super().__init__(thread, user)
        self.body = body

    def check(self):
        super().check()
        self.body = _check_body(self.body)

    def perform(self):
        reply = ReviewComment.objects.create(
            disease=self.disease,
            model=self.thread.model,
            object_id=self.thread.object_id,
            field=self.thread.field,
            language=self.thread.language,
            parent=self.thread,
            author=self.user,
            body=self.body,
        )
        where = self.where()
        self.log(ReviewEvent.Action.COMMENTED, f"{where}: {self.body}")
        notifications.notify_of_comment(reply, where, self.recipients())
        return reply

    def recipients(self):
        """Everyone else in the conversation: an editor's reply reaches the reviewer who commented, and back."""
        ids = {self.thread.author_id, *self.thread.replies.values_list("author", flat=True)}
        return ids - {None, self.user.pk}


class Resolve(ThreadAction):
    def check(self):
        super().check()
        if not permissions.can_resolve(self.user, self.thread):
            raise PermissionDenied(
                _("Only the person who started this conversation, or a medical reviewer, can resolve it.")
            )

    def perform(self):
        self.thread.resolved_at = timezone.now()
        self.thread.resolved_by = self.user
        self.thread.save(update_fields=["resolved_at", "resolved_by"])
        self.log(ReviewEvent.Action.COMMENT_RESOLVED, f"{self.where()}: {self.thread.body}")
        return self.thread


def add_comment(disease, user, anchor, body):
    """Start a conversation on the field `anchor` (a key of `anchors(disease)`) of the page."""
    return AddComment(disease, user, anchor, body).execute()


def reply(thread, user, body):
    return Reply(thread, user, body).execute()


def resolve(thread, user):
    return Resolve(thread, user).execute()
