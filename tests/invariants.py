"""
What must hold after anything anyone does, through any screen: the rules of
medical review stated as properties of the database, checked against a
snapshot taken before the action.

- Content changes only as an edit of someone allowed to change it (a
  translator: their languages' texts), recorded as theirs (for four-eyes) after every publication before it.
- No page is approved with working rows that differ from its publication, and
  a page published awaiting review shows its working rows as they are.
- Every new publication that credits a reviewer was made by that reviewer, who
  may review and edited nothing in it since the page's previous review.
- A page's review status moves only by a transition its actor may make, or
  to a draft by an edit; a deleted page is not public.
- Only a page in review is assigned to a reviewer, one who may be assigned;
  assigning or releasing never moves the review status.
- A comment is written only by someone who may comment, and resolved only by
  someone who may resolve it; neither moves the page's review status.
- What a visitor answered about a page stays as they sent it; only its text
  may be erased, by someone who may erase it; its status and note change
  only by someone who may handle feedback, recorded as theirs.
"""

from dataclasses import dataclass

from diseases import documents, parts, permissions, workflow
from diseases.models import ContentEdit, Disease, PageFeedback, Publication, ReviewComment, ReviewEvent, SymptomGroup


@dataclass
class Snapshot:
    owners: dict  # {(model, id): fingerprint of its own content, None when it does not exist}
    pages: dict  # {page id: (status, live id)}
    last_edit: int
    last_publication: int
    last_event: int
    last_comment: int
    resolved_comments: set
    feedback: dict  # {id: the row's values}


def owners_now():
    """Every page, shared group and reference, with the fingerprint of its own content."""
    found = {}
    for disease in Disease.objects.all():
        found[(Disease, disease.pk)] = own_fingerprint(disease)
    for group in SymptomGroup.objects.shared():
        found[(SymptomGroup, group.pk)] = own_fingerprint(group)
    for part in parts.history_parts():
        if part.model not in (Disease, SymptomGroup):
            for obj in part.model.objects.all():
                found[(part.model, obj.pk)] = own_fingerprint(obj)
    return found


def own_fingerprint(obj):
    """
    A digest of the rows `obj` owns, naming the linked rows (a group's
    reference) only by id: editing a reference is that reference's edit.
    """
    part = parts.history_part(type(obj))
    row = documents.current(obj)[part.key]
    return documents.fingerprint(_own(part, row[0] if part.many else row))


def _own(part, row):
    if row is None:
        return None
    own = dict(row)
    for child in part.children:
        items = child.items(row.get(child.key))
        if child.owned:
            own[child.key] = [_own(child, item) for item in items]
        else:
            own[child.key] = sorted(item["id"] for item in items)
    return own


def take():
    return Snapshot(
        owners=owners_now(),
        pages={pk: (status, live) for pk, status, live in Disease.objects.values_list("pk", "status", "live")},
        last_edit=_last(ContentEdit),
        last_publication=_last(Publication),
        last_event=_last(ReviewEvent),
        last_comment=_last(ReviewComment),
        resolved_comments=set(ReviewComment.objects.filter(resolved_at__isnull=False).values_list("pk", flat=True)),
        feedback=_feedback_now(),
    )


def _feedback_now():
    return {row["id"]: row for row in PageFeedback.objects.values()}


# The transition each kind of review event records.
TRANSITION_OF = {
    ReviewEvent.Action.SUBMITTED: "submit",
    ReviewEvent.Action.CHANGES_REQUESTED: "request_changes",
    ReviewEvent.Action.APPROVED: "approve",
    ReviewEvent.Action.PUBLISHED_PROVISIONALLY: "publish",
    ReviewEvent.Action.DELETED: "delete",
    ReviewEvent.Action.RECOVERED: "recover",
}


# The conversation about a page: recorded in its review log, never a transition.
COMMENT_EVENTS = (ReviewEvent.Action.COMMENTED, ReviewEvent.Action.COMMENT_RESOLVED)


def _last(model):
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def changed_owners(before):
    """(model, id) of the pages, shared groups and references whose content changed since `before`."""
    now = owners_now()
    return {key for key in set(before.owners) | set(now) if before.owners.get(key) != now.get(key)}


def check(before, user, context=""):
    """Raise AssertionError, saying which rule broke and where, unless every rule held since `before`."""
    where = f" ({context})" if context else ""
    new_edits = ContentEdit.objects.filter(pk__gt=before.last_edit)
    for model, pk in changed_owners(before):
        recorded = new_edits.filter(content_type__model=model._meta.model_name, object_id=pk)
        assert recorded.filter(user=user).exists(), f"{model.__name__} {pk} changed without an edit by {user}{where}"
        assert _may_change(user, model), f"{user} changed {model.__name__} {pk} without the permission{where}"
    for disease in Disease.objects.select_related("live"):
        _check_page(disease, before, user, where)
    for publication in Publication.objects.filter(pk__gt=before.last_publication).select_related("disease"):
        _check_new_publication(publication, user, where)
    for event in ReviewEvent.objects.filter(pk__gt=before.last_event, action__in=ASSIGNMENT_ACTIONS):
        _check_assignment(event, user, where)
    for comment in ReviewComment.objects.filter(pk__gt=before.last_comment):
        assert comment.author_id == user.pk and permissions.can_comment(user, comment.language), (
            f"{user} commented{where}"
        )
    _check_feedback(before, user, where)
    resolved = ReviewComment.objects.filter(resolved_at__isnull=False).exclude(pk__in=before.resolved_comments)
    for comment in resolved:
        assert comment.resolved_by_id == user.pk and permissions.can_resolve(user, comment), (
            f"{user} resolved comment {comment.pk}{where}"
        )


ASSIGNMENT_ACTIONS = (ReviewEvent.Action.ASSIGNED, ReviewEvent.Action.RELEASED)


def _check_assignment(event, user, where):
    """A reviewer took the page, or someone who may assign assigned it; the assignee or such a person released it."""
    assert event.actor_id == user.pk, f"page {event.disease_id}: {event.action} recorded as another's{where}"
    if event.action == ReviewEvent.Action.ASSIGNED:
        allowed = event.assignee_id == user.pk or permissions.can_assign(user)
    else:
        allowed = permissions.can_release(user, event.assignee_id)
    assert allowed, f"page {event.disease_id}: {user} {event.action} it for user {event.assignee_id}{where}"


def _may_change(user, model):
    if permissions.may_translate(user):
        # Their languages only: `workflow.check_scope` (tests/test_translators.py).
        return True
    if model is SymptomGroup:
        from diseases.models import SharedSymptomGroup

        return permissions.can_change(user, model) or permissions.can_change(user, SharedSymptomGroup)
    return permissions.can_change(user, model)


def _check_page(disease, before, user, where):
    Status = Disease.Status
    live = disease.live
    if disease.review_assignee_id is not None:
        assert disease.status == Status.IN_REVIEW, f"page {disease.pk} is {disease.status} and assigned{where}"
        assert permissions.may_be_assigned(disease.review_assignee), (
            f"page {disease.pk} is assigned to {disease.review_assignee}, who may not be{where}"
        )
    if disease.status == Status.DELETED:
        assert live is None, f"deleted page {disease.pk} is public{where}"
        return
    if live is not None:
        fingerprint = documents.fingerprint(documents.candidate(disease))
        if disease.status == Status.APPROVED:
            assert live.is_reviewed and live.fingerprint == fingerprint, (
                f"page {disease.pk} is approved with working rows that differ from its publication{where}"
            )
        if not live.is_reviewed:
            assert fingerprint == live.fingerprint, f"page {disease.pk} is provisional but not up to date{where}"
    previous = before.pages.get(disease.pk)
    if previous is None or previous[0] == disease.status:
        return
    events = ReviewEvent.objects.filter(disease=disease, pk__gt=before.last_event).order_by("pk")
    assert events.exists(), f"page {disease.pk} moved {previous[0]} → {disease.status} without a record{where}"
    for event in events:
        assert event.actor_id == user.pk, f"page {disease.pk}: {event.action} recorded as another's{where}"
        if event.action in ASSIGNMENT_ACTIONS:
            assert event.from_status == event.to_status == Status.IN_REVIEW, (
                f"page {disease.pk}: {event.action} while {event.from_status} → {event.to_status}{where}"
            )
            continue
        if event.action == ReviewEvent.Action.EDITED:
            assert event.to_status == Status.DRAFT, f"page {disease.pk}: an edit made it {event.to_status}{where}"
            continue
        if event.action in COMMENT_EVENTS:
            assert event.from_status == event.to_status, f"page {disease.pk}: a comment moved it{where}"
            continue
        transition = workflow.TRANSITIONS[TRANSITION_OF[event.action]]
        assert transition.allowed(user) and event.from_status in transition.sources, (
            f"page {disease.pk}: {user} moved it {event.from_status} → {event.to_status} ({event.action}){where}"
        )


def _check_new_publication(publication, user, where):
    disease = publication.disease
    if not publication.is_reviewed:
        return
    assert publication.reviewed_by_id == user.pk, f"publication {publication.pk} credits someone else{where}"
    assert permissions.is_reviewer(user), f"{user} published as a reviewer without being one{where}"
    previous = (
        Publication.objects.filter(disease=disease, reviewed_by__isnull=False, pk__lt=publication.pk)
        .order_by("-pk")
        .first()
    )
    owners = set()
    for document in publication.content["documents"].values():
        owners |= parts.owners_in(document)
    own_edits = _edits_of(owners).filter(
        user=user, pk__gt=previous.edits_through if previous else 0, pk__lte=publication.edits_through
    )
    assert not own_edits.exists(), f"{user} approved page {disease.pk} holding their own edit{where}"


def _edits_of(owners):
    found = ContentEdit.objects.none()
    for model, pk in owners:
        found |= ContentEdit.objects.filter(content_type__model=model._meta.model_name, object_id=pk)
    return found


# What a visitor sent: never changed by anyone else (the text may only be erased).
VISITORS_FIELDS = ("disease_id", "language", "helpful", "kind", "created_on")
HANDLING_FIELDS = ("status", "note", "handled_by_id", "handled_at")


def _check_feedback(before, user, where):
    now = _feedback_now()
    assert set(now) <= set(before.feedback), f"page feedback added in the admin{where}"
    for pk, row in now.items():
        earlier = before.feedback[pk]
        for name in VISITORS_FIELDS:
            assert row[name] == earlier[name], f"page feedback {pk}: its {name} changed{where}"
        if row["text"] != earlier["text"]:
            assert row["text"] == "" and permissions.can_erase_feedback_text(user), (
                f"page feedback {pk}: its text changed by {user}{where}"
            )
        if any(row[name] != earlier[name] for name in HANDLING_FIELDS):
            assert permissions.can_handle_feedback(user), f"page feedback {pk} handled by {user}{where}"
            assert row["status"] == "open" or row["handled_by_id"] == user.pk, (
                f"page feedback {pk}: handled as another's{where}"
            )
