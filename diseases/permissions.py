"""
Who may do what, by role. The workflow (`diseases.workflow`) asks here
before every transition; the admin asks the workflow which actions to show.
The groups that carry these permissions are set up in `groups`.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

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


def can_see_personal_data(user):
    """Who may see patients' e-mail addresses: those who moderate their advice."""
    return can_moderate(user)


def can_delete(user):
    return user.is_active and user.has_perm("diseases.delete_disease")


def can_publish(user):
    return user.is_active and user.has_perm("diseases.publish_disease")


def reviewers():
    """The active users who hold the medical reviewer's permission, through a group or their own."""
    permission = {"codename": "review_disease", "content_type__app_label": "diseases"}
    holders = Q(**{f"groups__permissions__{key}": value for key, value in permission.items()})
    holders |= Q(**{f"user_permissions__{key}": value for key, value in permission.items()})
    return get_user_model().objects.filter(holders, is_active=True).distinct()
