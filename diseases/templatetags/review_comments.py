"""The conversations about a page beside the fields they are on: on the editor's form and in the review diff."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.template.loader import render_to_string

from ..models import anchor_key

register = template.Library()


@register.simple_tag(takes_context=True)
def field_comments(context, bound_field):
    """The conversations on the field of a form (the page's or one of its rows'), with replying and resolving."""
    by_anchor = context.get("comment_threads")
    instance = getattr(getattr(bound_field, "form", None), "instance", None)
    if not by_anchor or instance is None or instance.pk is None:
        return ""
    try:
        model_field = instance._meta.get_field(bound_field.name)
    except FieldDoesNotExist:
        return ""
    # A modeltranslation field (`text_es`) names the field it translates and its language.
    name = getattr(model_field, "translated_field", model_field).name
    key = anchor_key(instance._meta.label_lower, instance.pk, name, getattr(model_field, "language", "") or "")
    return _threads(context, by_anchor.get(key), "admin/diseases/comments/threads.html")


@register.simple_tag(takes_context=True)
def diff_comments(context, change, field):
    """The conversations on a changed field of the review diff, in short, each a link to it in full."""
    by_anchor = context.get("comment_threads")
    if not by_anchor or not change.key or not field.name:
        return ""
    key = f"{change.key}:{field.name}:{field.language}"
    return _threads(context, by_anchor.get(key), "admin/diseases/comments/diff_summary.html")


def _threads(context, threads, template_name):
    if not threads:
        return ""
    shown = {"threads": threads, "disease": context.get("disease"), "can_comment": context.get("can_comment")}
    return render_to_string(template_name, shown, request=context.get("request"))
