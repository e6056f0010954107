"""
The conversation about a page in review, as views of the disease admin:
comment on a field, reply, resolve. Each is a POST that works without
JavaScript and goes back to the screen it came from with a message; the
rules and the records are `workflow.comments`'.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from .. import permissions, workflow
from ..forms import CommentForm


class CommentViews:
    """Comments on a page's fields, as views of the disease admin."""

    def comment_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/comments/", wrap(self.comment_view), name=f"{prefix}_comment"),
            path(
                "<path:object_id>/comments/<int:comment_id>/reply/",
                wrap(self.reply_view),
                name=f"{prefix}_comment_reply",
            ),
            path(
                "<path:object_id>/comments/<int:comment_id>/resolve/",
                wrap(self.resolve_view),
                name=f"{prefix}_comment_resolve",
            ),
        ]

    def comments_context(self, request, disease, page=None, with_form=False):
        """
        The page's conversations for a screen: by the field they are on, and
        the open ones with where they are. While the user may start one: with
        `with_form`, a form to choose the field (the review screen), otherwise
        the fields that take one beside them (the editor's form).
        """
        threads = workflow.comments.threads(disease)
        can_start = workflow.comments.can_start(disease, request.user)
        known = workflow.comments.anchors(disease, page) if can_start or threads else {}
        # Read once: a form holds hundreds of fields, and a translator's languages are a query.
        allowed = permissions.comment_languages(request.user)

        def may_comment_on(language):
            return allowed is None or language in allowed

        for thread in threads:
            thread.can_reply = not thread.is_resolved and may_comment_on(thread.language)
            thread.can_resolve = not thread.is_resolved and permissions.can_resolve(request.user, thread)
            thread.where = known[thread.anchor].label if thread.anchor in known else workflow.comments.NOT_ON_PAGE
        # The fields the user may start a conversation on (a translator: the texts in their languages).
        open_to_user = {key: anchor for key, anchor in known.items() if may_comment_on(anchor.language)}
        return {
            "comment_threads": workflow.comments.threads_by_anchor(threads),
            "comment_thread_list": threads,
            "open_comments": workflow.comments.open_threads(disease, threads, known),
            "comment_form": CommentForm(anchors=open_to_user) if with_form and can_start else None,
            "new_comment_anchors": open_to_user if can_start and not with_form else {},
        }

    @method_decorator(require_POST)
    def comment_view(self, request, object_id):
        """Start a conversation on one field of the page."""
        disease = self.get_disease_or_404(request, object_id)
        form = CommentForm(request.POST, anchors=workflow.comments.anchors(disease))
        return self.take_comment_step(
            request,
            disease,
            form,
            lambda data: workflow.comments.add_comment(disease, request.user, data["anchor"], data["body"]),
            gettext("Your comment was added."),
        )

    @method_decorator(require_POST)
    def reply_view(self, request, object_id, comment_id):
        disease = self.get_disease_or_404(request, object_id)
        thread = self.get_thread_or_404(disease, comment_id)
        return self.take_comment_step(
            request,
            disease,
            CommentForm(request.POST),
            lambda data: workflow.comments.reply(thread, request.user, data["body"]),
            gettext("Your reply was added."),
        )

    @method_decorator(require_POST)
    def resolve_view(self, request, object_id, comment_id):
        disease = self.get_disease_or_404(request, object_id)
        thread = self.get_thread_or_404(disease, comment_id)
        return self.take_comment_step(
            request,
            disease,
            None,
            lambda data: workflow.comments.resolve(thread, request.user),
            gettext("The conversation is resolved."),
        )

    def get_thread_or_404(self, disease, comment_id):
        thread = disease.review_comments.filter(pk=comment_id).first()
        if thread is None:
            raise Http404
        return thread

    def take_comment_step(self, request, disease, form, step, done):
        """
        Check the form, take the step, and go back where the user was (to the
        conversation, when there is one), saying what happened.
        """
        back = (
            "admin:diseases_disease_review" if request.POST.get("back") == "review" else "admin:diseases_disease_change"
        )
        url = reverse(back, args=[disease.pk])
        if form is not None and not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return redirect(url)
        try:
            comment = step(form.cleaned_data if form is not None else {})
        except (PermissionDenied, ValidationError) as refusal:
            problems = refusal.messages if isinstance(refusal, ValidationError) else [str(refusal)]
            for problem in problems:
                self.message_user(request, problem, messages.ERROR)
            return redirect(url)
        self.message_user(request, done, messages.SUCCESS)
        return redirect(f"{url}#comment-{comment.parent_id or comment.pk}")
