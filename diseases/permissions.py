"""
Who may do what, by role. The workflow (`diseases.workflow`) asks here
before every transition; the admin asks the workflow which actions to show.
The groups that carry these permissions are set up in `groups`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from modeltranslation.utils import build_localized_fieldname

REVIEWERS_GROUP = "Medical reviewers"
EDITORS_GROUP = "Content editors"


def is_reviewer(user):
    return user.is_active and (user.is_superuser or user.has_perm("diseases.review_disease"))


def can_edit(user):
    return user.is_active and user.has_perm("diseases.change_disease")


def can_comment(user):
    """Who takes part in the conversation about a page in review: its editors and its medical reviewers."""
    return can_edit(user) or is_reviewer(user)


def can_resolve(user, comment):
    """A conversation is closed by whoever started it, or by a medical reviewer."""
    return can_comment(user) and (comment.author_id == user.pk or is_reviewer(user))


def can_change(user, model):
    """Whether `user` may change `model` objects (a page, a shared group, a reference, advice)."""
    return user.is_active and user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")


def can_add(user, model):
    return user.is_active and user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}")


def can_moderate(user):
    return user.is_active and user.has_perm("diseases.moderate_patientadvice")


def can_see_search_gaps(user):
    """Who sees what visitors searched for and did not find."""
    return user.is_active and user.has_perm("diseases.view_searchgap")


def can_handle_search_gaps(user):
    """Who marks such a search as handled (a synonym added, a page planned, not relevant)."""
    return user.is_active and user.has_perm("diseases.change_searchgap")


def can_see_personal_data(user):
    """Who may see patients' e-mail addresses: those who moderate their advice."""
    return can_moderate(user)


def can_delete(user):
    return user.is_active and user.has_perm("diseases.delete_disease")


def can_publish(user):
    return user.is_active and user.has_perm("diseases.publish_disease")


def _holds_review_permission():
    permission = {"codename": "review_disease", "content_type__app_label": "diseases"}
    holders = Q(**{f"groups__permissions__{key}": value for key, value in permission.items()})
    return holders | Q(**{f"user_permissions__{key}": value for key, value in permission.items()})


def reviewers():
    """The active users who hold the medical reviewer's permission, through a group or their own."""
    return get_user_model().objects.filter(_holds_review_permission(), is_active=True).distinct()


def assignable_reviewers():
    """
    The medical reviewers a page in review can be assigned to: those the
    public page could credit, with a name and (in the source language)
    credentials in their reviewer profile.
    """
    credentials = "reviewer_profile__" + build_localized_fieldname("credentials", settings.LANGUAGE_CODE)
    # Superusers may review (`is_reviewer`), so they may be assigned as well.
    may_review = _holds_review_permission() | Q(is_superuser=True)
    return (
        get_user_model()
        .objects.filter(may_review, is_active=True, reviewer_profile__isnull=False)
        .distinct()
        .exclude(reviewer_profile__display_name="")
        .exclude(**{credentials: ""})
        .exclude(**{f"{credentials}__isnull": True})
    )


def may_be_assigned(user):
    """Whether `user` can be asked to review a page, or take one."""
    return user.is_active and assignable_reviewers().filter(pk=user.pk).exists()


def can_assign(user):
    """Who may ask a named reviewer to review a page (when submitting it), or release anyone's assignment."""
    return can_edit(user)


def can_release(user, assignee_id):
    """The assignee gives a page back; whoever may assign releases anyone's assignment."""
    return user.is_active and (user.pk == assignee_id or can_assign(user))
