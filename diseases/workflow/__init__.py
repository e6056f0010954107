"""
The medical-review workflow: the only code that changes a page's review
status and what the public reads of it (its publications).

- `transitions`: submit, request changes, approve, publish awaiting review,
  delete and recover; who may make each, from which states.
- `assignments`: asking a named reviewer to review a page in review, taking
  one, releasing it.
- `edits`: what happens when content is edited, anywhere (new drafts,
  refreshed provisional pages, the record four-eyes relies on, stale forms).
- `history`: reverting to an earlier version, recovering deleted shared content.
- `snapshots`: what a publication holds.
- `comments`: the conversation about a page in review (comments on its fields).
- `related`: related conditions linked back from the page they link to.
"""

from . import comments
from .assignments import assignee_name, release_assignment, take_review
from .edits import (
    check_edit,
    check_scope,
    content_changed,
    editing,
    editing_active,
    editors_since,
    language_names,
    last_edit,
)
from .errors import EditConflict, StaleCandidate, TransitionNotAllowed
from .four_eyes import four_eyes_obstacle
from .history import recover_deleted, revert
from .related import link_back
from .transitions import (
    TRANSITIONS,
    approve,
    available,
    available_after_edit,
    delete,
    is_full_review_by_default,
    publish_provisionally,
    record_reminder,
    recover,
    request_changes,
    submit_for_review,
)

__all__ = [
    "TRANSITIONS",
    "EditConflict",
    "StaleCandidate",
    "TransitionNotAllowed",
    "comments",
    "approve",
    "assignee_name",
    "available",
    "available_after_edit",
    "check_edit",
    "check_scope",
    "content_changed",
    "delete",
    "editing",
    "four_eyes_obstacle",
    "is_full_review_by_default",
    "editing_active",
    "editors_since",
    "language_names",
    "last_edit",
    "link_back",
    "publish_provisionally",
    "release_assignment",
    "record_reminder",
    "recover",
    "recover_deleted",
    "request_changes",
    "revert",
    "submit_for_review",
    "take_review",
]
