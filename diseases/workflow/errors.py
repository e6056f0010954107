"""
Why the workflow refused. A refusal changes nothing. Who may not act at all is
Django's `PermissionDenied` (HTTP 403); the others are problems with the
request or the page's state, which the user can fix or must look at first.
"""

from django.core.exceptions import ValidationError


class TransitionNotAllowed(ValidationError):
    """The page's state does not allow this step now (someone else acted first, for instance)."""


class StaleCandidate(ValidationError):
    """The page changed since the reviewer's screen was shown: approving it would publish unseen content."""


class EditConflict(ValidationError):
    """Someone else saved the same page (or shared object) after this form was opened."""
