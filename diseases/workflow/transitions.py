"""
The transitions of a page's medical review, in the manner of Wagtail's
actions: each checks who acts and the page's state (read under a row lock),
then executes atomically, records itself in the review log, and changes
nothing when refused. The table below is read both here, to allow or refuse,
and by the admin, to decide which buttons to show.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import (
    candidates,
    documents,
    notifications,
    parts,
    permissions,
    public_changes,
    search,
    translation_status,
    versioning,
)
from ..languages import site_languages
from ..models import Disease, Publication, ReviewerProfile, ReviewEvent, default_next_review_due
from . import assignments, comments, edits, snapshots
from .errors import StaleCandidate, TransitionNotAllowed
from .four_eyes import four_eyes_obstacle, last_review

Status = Disease.Status
UNCHANGED = object()
STALE_MESSAGE = _(
    "The page changed since you opened this screen, so nothing was published. Review the changes as they are now."
)


def _no_obstacle(disease):
    return None


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset
    target: str | None  # None: the review status stays as it is
    allowed: Callable  # allowed(user): whether the user's role may make it
    refusal: str  # what the user is told when their role may not
    # obstacle(disease): why the page cannot take this transition even in a
    # source state, or None.
    obstacle: Callable = _no_obstacle

    def allows(self, disease, user):
        return self.allowed(user) and disease.status in self.sources and self.obstacle(disease) is None


def _published_or_reviewed(disease):
    if disease.live_id is not None:
        return _("This page is already published.")
    if disease.has_been_approved:
        return _("This page has been medically reviewed: changes go live only through review.")
    return None


EDITABLE = frozenset({Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED})

TRANSITIONS = {
    "submit": Transition(
        _("Submit for medical review"),
        frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
        Status.IN_REVIEW,
        permissions.can_submit,
        _("Only content editors and translators can submit a page for review."),
    ),
    "request_changes": Transition(
        _("Request changes"),
        frozenset({Status.IN_REVIEW}),
        Status.CHANGES_REQUESTED,
        permissions.is_reviewer,
        _("Only medical reviewers can request changes."),
    ),
    # From an approved page: a full review of it as it stands, with no edit.
    "approve": Transition(
        _("Approve and publish"),
        frozenset({Status.IN_REVIEW, Status.APPROVED}),
        Status.APPROVED,
        permissions.is_reviewer,
        _("Only medical reviewers can approve a page."),
    ),
    "publish": Transition(
        _("Publish awaiting review"),
        frozenset({Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED}),
        None,
        permissions.can_publish,
        _("You cannot publish pages."),
        _published_or_reviewed,
    ),
    "delete": Transition(
        _("Delete"),
        EDITABLE,
        Status.DELETED,
        permissions.can_delete,
        _("You cannot delete pages."),
    ),
    "recover": Transition(
        _("Recover"),
        frozenset({Status.DELETED}),
        Status.DRAFT,
        permissions.can_edit,
        _("Only content editors can recover a page."),
    ),
}


def available(disease, user):
    """The transitions `user` may make on `disease` now, by name."""
    return [name for name, transition in TRANSITIONS.items() if transition.allows(disease, user)]


def available_after_edit(disease, user):
    """The transitions `user` may make on `disease` once they have saved an edit of it (“Save and submit”)."""
    edited = copy.copy(disease)
    edited.status = edits.status_after_edit(disease.status)
    return available(edited, user)


class Action:
    """One transition of one page by one user: `execute()` checks, then carries it out."""

    name = ""
    event = ""

    def __init__(self, disease, user, comment):
        self.disease = disease
        self.user = user
        self.comment = comment
        self.transition = TRANSITIONS[self.name]

    def check(self):
        """Raise unless the user may make this transition on the page as it is now."""
        if not self.transition.allowed(self.user):
            raise PermissionDenied(self.transition.refusal)
        self.lock()
        current = Disease.objects.values("status", "live").get(pk=self.disease.pk)
        self.disease.status, self.disease.live_id = current["status"], current["live"]
        if self.disease.status not in self.transition.sources:
            raise TransitionNotAllowed(
                _("This page is “%(status)s”; that is not possible now.")
                % {"status": self.disease.get_status_display()},
                code="state",
            )
        obstacle = self.transition.obstacle(self.disease)
        if obstacle is not None:
            raise TransitionNotAllowed(obstacle, code="state")

    def lock(self):
        """
        Lock the page's row: two people acting on one page at once see each
        other's decision, and an editor's save waits for an approval.
        """
        edits.lock({(Disease, self.disease.pk)})

    def execute(self):
        with transaction.atomic():
            self.check()
            return self.perform()

    def perform(self):
        return self.record()

    def record(self, live=UNCHANGED, revision=None):
        """Move the page to the transition's state (and to `live`, when given) and log it (with `revision`)."""
        target = self.transition.target or self.disease.status
        event = ReviewEvent.objects.create(
            disease=self.disease,
            action=self.event,
            actor=self.user,
            comment=self.comment,
            from_status=self.disease.status,
            to_status=target,
            publication=live if live is not UNCHANGED else None,
            revision=revision,
        )
        published = self.disease.live_id
        if live is not UNCHANGED:
            self.disease.live = live
        self.disease.status = target
        changes = {"status": target, "live": self.disease.live_id}
        if target != Status.IN_REVIEW:
            # An assignment is to review this submission: it ends when the page leaves review.
            changes["review_assignee"] = self.disease.review_assignee = None
        Disease.objects.filter(pk=self.disease.pk).update(**changes)
        if self.disease.live_id != published:
            public_changes.pages_changed([self.disease])
        return event


class SubmitForReview(Action):
    """Ask the medical reviewers to approve the page; with an `assignee`, one of them by name."""

    name = "submit"
    event = ReviewEvent.Action.SUBMITTED

    def __init__(self, disease, user, comment, assignee=None):
        super().__init__(disease, user, comment)
        self.assignee = assignee

    def check(self):
        super().check()
        if not permissions.can_edit(self.user):
            self.check_translation_only()

    def check_translation_only(self):
        """A translator submits their languages' translations, never changes to the English or other languages."""
        languages = permissions.translation_languages(self.user)
        changes = candidates.for_review(self.disease).changes
        if any(field.language not in languages for change in changes for field in change.fields) or any(
            change.kind != "changed" for change in changes
        ):
            raise PermissionDenied(
                _(
                    "This draft changes more than the texts in %(languages)s: a content editor must submit it "
                    "for review."
                )
                % {"languages": edits.language_names(languages)}
            )

    def perform(self):
        event = self.record()
        if self.assignee is not None:
            assignments.AssignReviewer(self.disease, self.user, self.assignee).execute()
        notifications.notify_reviewers_of_submission(self.disease, event, self.assignee)
        return event


class RequestChanges(Action):
    name = "request_changes"
    event = ReviewEvent.Action.CHANGES_REQUESTED

    def check(self):
        super().check()
        if not self.comment.strip():
            raise ValidationError(_("Say what needs to change: a comment is required."), code="comment_required")

    def perform(self):
        # What the reviewer saw, for the next review to show what changed since.
        event = self.record(revision=versioning.latest_revision(self.disease))
        last_review = self.disease.live if self.disease.live and self.disease.live.is_reviewed else None
        notifications.notify_editors_of_decision(
            self.disease,
            event,
            draft_editors(self.disease, last_review),
            open_comments=comments.open_threads(self.disease),
        )
        return event


def draft_editors(disease, last_review):
    """Ids of the people who worked on the draft: whoever edited the page since `last_review`, and submitted it."""
    ids = edits.editors_since({(Disease, disease.pk)}, last_review)
    submitted = disease.review_events.filter(action=ReviewEvent.Action.SUBMITTED).first()
    if submitted and submitted.actor_id:
        ids.add(submitted.actor_id)
    return ids


def _check_required_rows(document):
    missing = parts.missing_rows(document)
    if missing:
        raise ValidationError([ValidationError(message, code="missing_rows") for message in missing])


class PublishProvisionally(Action):
    name = "publish"
    event = ReviewEvent.Action.PUBLISHED_PROVISIONALLY

    def check(self):
        super().check()
        self.page, self.shared = documents.load(self.disease)
        _check_required_rows(documents.build(self.page, self.shared))

    def perform(self):
        return self.record(live=edits.republish(self.page, self.shared, self.user))


class Approve(Action):
    name = "approve"
    event = ReviewEvent.Action.APPROVED

    def __init__(self, disease, user, comment, next_review_due, languages, fingerprint, full_review, current_items):
        super().__init__(disease, user, comment)
        self.current_items = frozenset(current_items or ())
        self.chosen_review_due = next_review_due
        self.languages = set(languages or site_languages())
        self.fingerprint = fingerprint
        self.full_review = full_review

    def lock(self):
        """
        Lock everything the page shows, shared groups and references first and
        the page last, as edits take them: an edit of any of it either
        finished before and is seen here, or waits and makes the next draft.
        """
        self.locked = parts.owners_in(documents.candidate(self.disease))
        edits.lock(self.locked)

    def check(self):
        super().check()
        self.page, self.shared = documents.load(self.disease)
        self.document = documents.build(self.page, self.shared)
        if not parts.owners_in(self.document) <= self.locked:
            # Something new appeared on the page while it was being locked.
            raise StaleCandidate(STALE_MESSAGE, code="stale")
        self.check_four_eyes()
        self.check_reviewer()
        previous = self.previous_review()
        # A page's first approval is a full review: nobody read it before.
        self.full_review = self.full_review or previous is None
        if self.disease.status == Status.APPROVED and not self.full_review:
            raise ValidationError(
                _(
                    "Nothing changed since the last approval. To record that you re-read the whole page, "
                    "tick “Full review”."
                ),
                code="nothing_changed",
            )
        if self.full_review:
            self.next_review_due = self.chosen_review_due or default_next_review_due()
            if self.next_review_due <= timezone.localdate():
                raise ValidationError(_("The next review must be due after today."), code="past")
        else:
            # Approving a change keeps the date of the next full review. A date chosen other than the current
            # one or the screen's default would be ignored: say so rather than approve without it.
            self.next_review_due = previous.next_review_due or default_next_review_due()
            if self.chosen_review_due not in (None, self.next_review_due, default_next_review_due()):
                raise ValidationError(
                    _(
                        "Approving a change keeps the next review due on %(date)s. To set another date, tick "
                        "“Full review”: only a full review of the whole page sets it."
                    )
                    % {"date": formats.date_format(self.next_review_due)},
                    code="date_without_full_review",
                )
        unchecked = {key.rsplit(":", 1)[-1] for key in self.current_items} - self.languages
        if unchecked:
            raise ValidationError(
                _("You confirmed outdated translations in languages you did not tick: tick %(languages)s as well.")
                % {
                    "languages": get_text_list(
                        [str(dict(settings.LANGUAGES)[code]) for code in sorted(unchecked)],
                        pgettext_lazy("before the last of a list", "and"),
                    )
                },
                code="unchecked_language",
            )
        if settings.LANGUAGE_CODE not in self.languages:
            raise ValidationError(
                _("English, the source of every translation, must be reviewed."), code="source_language"
            )
        if not self.languages <= set(site_languages()):
            raise ValidationError(_("Choose languages of this site."), code="unknown_language")
        _check_required_rows(self.document)
        if self.fingerprint is not None and self.fingerprint != documents.fingerprint(self.document):
            raise StaleCandidate(STALE_MESSAGE, code="stale")

    def check_reviewer(self):
        profile = ReviewerProfile.objects.filter(user=self.user).first()
        if profile is None or not profile.is_complete:
            raise ValidationError(
                _(
                    "Approving credits you on the public page: first add your name and credentials in your "
                    "reviewer profile."
                ),
                code="reviewer_profile",
            )

    def check_four_eyes(self):
        obstacle = four_eyes_obstacle(self.disease, self.user, self.document)
        if obstacle is not None:
            raise PermissionDenied(obstacle)

    def previous_review(self):
        return last_review(self.disease)

    def perform(self):
        rows = translation_status.page_rows(self.page, self.shared)
        # The outdated translations the reviewer confirmed become current first,
        # so that none is published as outdated; the others keep their notice.
        translation_status.mark_current(rows, self.languages, confirmed=self.current_items)
        live = Publication.objects.create(
            disease=self.disease,
            content=snapshots.reviewed(
                self.document, rows, self.user, self.languages, self.previous_review(), self.full_review
            ),
            fingerprint=documents.fingerprint(self.document),
            published_by=self.user,
            reviewed_by=self.user,
            languages=sorted(self.languages),
            full_review=self.full_review,
            next_review_due=self.next_review_due,
            revision=versioning.latest_revision(self.disease),
            edits_through=edits.last_recorded_edit(),
        )
        editors = draft_editors(self.disease, self.previous_review())
        event = self.record(live=live)
        search.index(self.disease)
        notifications.notify_editors_of_decision(self.disease, event, editors)
        return event


class Delete(Action):
    """Take the page off the site and out of the editors' lists; its history, publications and advice stay."""

    name = "delete"
    event = ReviewEvent.Action.DELETED

    def perform(self):
        event = self.record(live=None)
        search.index(self.disease)
        versioning.save_revision(self.disease, self.user, _("Deleted"))
        return event


class Recover(Action):
    """Bring a deleted page back as a draft: it is public again only through review (or, never reviewed, publishing)."""

    name = "recover"
    event = ReviewEvent.Action.RECOVERED

    def perform(self):
        event = self.record()
        versioning.save_revision(self.disease, self.user, _("Recovered"))
        return event


def submit_for_review(disease, user, comment="", assignee=None):
    return SubmitForReview(disease, user, comment, assignee).execute()


def request_changes(disease, user, comment=""):
    return RequestChanges(disease, user, comment).execute()


def is_full_review_by_default(disease):
    """Whether approving `disease` is a full review unless the reviewer says otherwise: never reviewed, or unchanged."""
    never_reviewed = disease.live is None or not disease.live.is_reviewed
    return never_reviewed or disease.status == Status.APPROVED


def approve(
    disease,
    user,
    comment="",
    next_review_due=None,
    languages=None,
    fingerprint=None,
    full_review=False,
    current_items=(),
):
    """
    Publish the page as `user` reviewed it in `languages`. The approval of a
    change keeps the page's review date and next due date; a `full_review`
    (the reviewer re-read the whole page; always so for a page's first
    approval) sets them, the next due date to `next_review_due` or the review
    interval from today. Of the outdated translations, only those named in
    `current_items` (as `translation_status.item_key` names them; the reviewer
    was shown them) become current.
    """
    return Approve(
        disease, user, comment, next_review_due, languages, fingerprint, full_review, current_items
    ).execute()


def publish_provisionally(disease, user, comment=""):
    return PublishProvisionally(disease, user, comment).execute()


def delete(disease, user, comment=""):
    return Delete(disease, user, comment).execute()


def recover(disease, user, comment=""):
    return Recover(disease, user, comment).execute()


@transaction.atomic
def record_reminder(disease):
    """Note in the review log that the people responsible were reminded of a due review."""
    return ReviewEvent.objects.create(
        disease=disease,
        action=ReviewEvent.Action.REMINDED,
        review_due=disease.live.next_review_due,
        from_status=disease.status,
        to_status=disease.status,
    )
