"""
Who may do what, by role. The workflow (`diseases.workflow`) asks here
before every transition; the admin asks the workflow which actions to show.
The groups that carry these permissions are set up in `groups`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from . import languages

REVIEWERS_GROUP = "Medical reviewers"
EDITORS_GROUP = "Content editors"
TRANSLATORS_GROUP = "Translators"


def is_reviewer(user):
    return user.is_active and (user.is_superuser or user.has_perm("diseases.review_disease"))


def can_edit(user):
    return user.is_active and user.has_perm("diseases.change_disease")


def is_translator(user):
    """Translators translate pages into the languages they are granted, and change nothing else."""
    return user.is_active and not can_edit(user) and user.has_perm("diseases.translate_disease")


def translation_languages(user):
    """
    The languages, other than the source language, whose texts `user` may
    edit: every one for content editors, the granted ones for translators.
    """
    targets = languages.translated_languages()
    if not user.is_active:
        return []
    if can_edit(user):
        return targets
    if not user.has_perm("diseases.translate_disease"):
        return []
    granted = set(user.translation_grants.values_list("language", flat=True))
    return [code for code in targets if code in granted]


def may_edit_language(user, language_code):
    """Whether `user` may edit the texts of pages, shared groups and references in this language."""
    if can_edit(user):
        return language_code in dict(settings.LANGUAGES)
    return language_code in translation_languages(user)


def may_translate(user):
    """Whether `user` translates pages without being a content editor (a translator with languages)."""
    return is_translator(user) and bool(translation_languages(user))


def editable_translations(user, model):
    """
    The columns of `model` that `user` may change when they may not change
    `model` itself: a translator's languages of its translated fields.
    """
    try:
        # A proxy (the shared symptom groups) has the fields of its concrete model.
        fields = translator.get_options_for_model(model._meta.concrete_model).fields
    except NotRegistered:
        return set()
    granted = translation_languages(user) if is_translator(user) else []
    return {build_localized_fieldname(field, language) for field in fields for language in granted}


def can_submit(user):
    """Content editors submit pages for review; translators, pages whose draft changes only their languages."""
    return can_edit(user) or may_translate(user)


def comment_languages(user):
    """
    The languages of the fields `user` may comment on, in the conversation
    about a page in review: None (every field) for its editors and medical
    reviewers, a translator's granted languages, none for anyone else.
    """
    if can_edit(user) or is_reviewer(user):
        return None
    return frozenset(translation_languages(user)) if is_translator(user) else frozenset()


def can_comment(user, language=None):
    """
    Whether `user` may comment on a field in `language` ("" for a field the
    same in every language); with None, on some field of a page.
    """
    allowed = comment_languages(user)
    return allowed is None or (bool(allowed) if language is None else language in allowed)


def can_view_evidence(user):
    """Who may read and download the evidence pack (the review trail for accreditation): editors and reviewers."""
    return can_edit(user) or is_reviewer(user)


def can_resolve(user, comment):
    """A conversation is closed by whoever started it, or by a medical reviewer."""
    return can_comment(user, comment.language) and (comment.author_id == user.pk or is_reviewer(user))


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


def can_see_feedback(user):
    """Who reads what visitors said about the pages: the content editors and the medical reviewers."""
    return user.is_active and user.has_perm("diseases.view_pagefeedback")


def can_handle_feedback(user):
    """Who marks feedback actioned or dismissed, with a note: both, as either may act on a report."""
    return user.is_active and user.has_perm("diseases.change_pagefeedback")


def can_erase_feedback_text(user):
    """What visitors wrote may hold personal data: it is erased by those who look after theirs, the moderators."""
    return can_handle_feedback(user) and can_moderate(user)


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
