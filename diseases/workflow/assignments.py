"""
Assigning a page in review to a named medical reviewer: an editor asks one
when submitting the page, a reviewer takes one (“I'll take this one”), and
the assignee, or whoever may assign, releases it. An assignment says who
means to review the page; the other reviewers can still review it. Like the
transitions, each action checks under the page's row lock, then records
itself in the review log, and changes nothing when refused. A page leaving
review (approved, sent back, deleted) loses its assignment with the
transition (`transitions.Action.record`).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Disease, ReviewEvent
from . import edits
from .errors import TransitionNotAllowed
from .four_eyes import four_eyes_obstacle

Status = Disease.Status


def assignee_name(user):
    """How an assignee is named to others: their name as reviewers are credited, else their user name."""
    profile = getattr(user, "reviewer_profile", None) if user is not None else None
    return profile.display_name if profile is not None else (user.get_username() if user is not None else "")


def available(disease, user):
    """What `user` may do about the assignment of `disease` now: “take”, “release”, or nothing."""
    if disease.status != Status.IN_REVIEW:
        return []
    if disease.review_assignee_id is None:
        may_take = permissions.may_be_assigned(user) and four_eyes_obstacle(disease, user) is None
        return ["take"] if may_take else []
    return ["release"] if permissions.can_release(user, disease.review_assignee_id) else []


class AssignmentAction:
    """A change to who is assigned a page in review: `execute()` checks, then carries it out."""

    event = ""

    def __init__(self, disease, user, assignee=None):
        self.disease = disease
        self.user = user
        self.assignee = assignee

    def execute(self):
        with transaction.atomic():
            self.check()
            return self.perform()

    def check(self):
        """Lock the page's row and read its state: two people acting at once see each other's decision."""
        edits.lock({(Disease, self.disease.pk)})
        current = Disease.objects.values("status", "review_assignee").get(pk=self.disease.pk)
        self.disease.status, self.disease.review_assignee_id = current["status"], current["review_assignee"]
        if self.disease.status != Status.IN_REVIEW:
            raise TransitionNotAllowed(
                _("This page is “%(status)s”: only a page in review can be assigned to a reviewer.")
                % {"status": self.disease.get_status_display()},
                code="state",
            )

    def record(self, assignee):
        """Make `assignee` (or nobody) the page's assignee and log it, naming `self.assignee`."""
        Disease.objects.filter(pk=self.disease.pk).update(review_assignee=assignee)
        self.disease.review_assignee = assignee
        return ReviewEvent.objects.create(
            disease=self.disease,
            action=self.event,
            actor=self.user,
            assignee=self.assignee,
            from_status=self.disease.status,
            to_status=self.disease.status,
        )


class AssignReviewer(AssignmentAction):
    """Ask `assignee` to review the page; a reviewer taking it assigns themselves."""

    event = ReviewEvent.Action.ASSIGNED

    def check(self):
        taking = self.assignee.pk == self.user.pk
        if taking and not permissions.is_reviewer(self.user):
            raise PermissionDenied(_("Only medical reviewers can take a page to review."))
        if not taking and not permissions.can_assign(self.user):
            raise PermissionDenied(_("Only content editors can ask a reviewer to review a page."))
        if not permissions.may_be_assigned(self.assignee):
            raise ValidationError(
                _(
                    "Only medical reviewers with a name and credentials in their reviewer profile can be asked "
                    "to review a page."
                ),
                code="assignee",
            )
        super().check()
        if self.disease.review_assignee_id is not None:
            raise TransitionNotAllowed(
                _("This page is already assigned to %(name)s.") % {"name": assignee_name(self.current_assignee())},
                code="assigned",
            )
        # Nobody is asked to review what four-eyes will not let them approve.
        obstacle = four_eyes_obstacle(self.disease, self.assignee)
        if obstacle is not None and taking:
            raise PermissionDenied(obstacle)
        if obstacle is not None:
            raise ValidationError(
                _(
                    "%(name)s edited this page, or something it shows, since its last review, so another reviewer "
                    "must approve it: ask someone else."
                )
                % {"name": assignee_name(self.assignee)},
                code="four_eyes",
            )

    def current_assignee(self):
        return get_user_model().objects.select_related("reviewer_profile").get(pk=self.disease.review_assignee_id)

    def perform(self):
        return self.record(self.assignee)


class ReleaseAssignment(AssignmentAction):
    """The page is nobody's to review in particular again."""

    event = ReviewEvent.Action.RELEASED

    def check(self):
        super().check()
        if self.disease.review_assignee_id is None:
            raise TransitionNotAllowed(_("This page is not assigned to anyone."), code="not_assigned")
        if not permissions.can_release(self.user, self.disease.review_assignee_id):
            raise PermissionDenied(_("Only the reviewer assigned, or a content editor, can release this page."))
        self.assignee = get_user_model().objects.get(pk=self.disease.review_assignee_id)

    def perform(self):
        return self.record(None)


def take_review(disease, user):
    """`user`, a medical reviewer, takes the page to review (“I'll take this one”)."""
    return AssignReviewer(disease, user, user).execute()


def release_assignment(disease, user):
    return ReleaseAssignment(disease, user).execute()
