"""
Who may do what to a disease page. The workflow methods on `Disease` ask
here; the admin asks here too, to decide which buttons to show.
"""

REVIEWERS_GROUP = "Medical reviewers"
EDITORS_GROUP = "Content editors"


def is_reviewer(user):
    return user.is_active and (user.is_superuser or user.has_perm("diseases.review_disease"))


def can_edit(user):
    return user.is_active and user.has_perm("diseases.change_disease")


def can_moderate(user):
    return user.is_active and user.has_perm("diseases.moderate_patientadvice")


def can_publish(user):
    return user.is_active and user.has_perm("diseases.publish_disease")


CONTENT_MODELS = (
    "disease",
    "diseasename",
    "pronunciation",
    "medicalcode",
    "symptomgroup",
    "sharedsymptomgroup",
    "symptom",
    "fact",
    "section",
    "resource",
    "reference",
)
RECORD_MODELS = ("publication", "reviewevent", "reviewerprofile", "diseaseawaitingreview", "diseasereviewdue")

GROUP_PERMISSIONS = {
    EDITORS_GROUP: [
        *(f"{action}_{model}" for model in CONTENT_MODELS for action in ("add", "change", "delete", "view")),
        *(f"view_{model}" for model in RECORD_MODELS),
        "view_patientadvice",
        "change_patientadvice",
        "delete_patientadvice",
        "moderate_patientadvice",
        "publish_disease",
    ],
    # Reviewers read everything and approve; they do not edit what they approve.
    REVIEWERS_GROUP: [
        *(f"view_{model}" for model in CONTENT_MODELS + RECORD_MODELS),
        "view_patientadvice",
        "review_disease",
    ],
}


def create_groups(app_config, **kwargs):
    """Create the editors' and reviewers' groups with what their jobs need (idempotent)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # This app comes before django.contrib.auth in INSTALLED_APPS, so its
    # permissions may not have been created yet in this post_migrate round.
    create_permissions(app_config, verbosity=0)
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="diseases", codename__in=codenames))
