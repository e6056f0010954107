"""The conversations about a page beside the fields they are on: on the editor's form and in the review diff."""

from django import template
from django.contrib.admin import helpers
from django.core.exceptions import FieldDoesNotExist
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..models import anchor_key
from ..models.comments import BODY_MAX_LENGTH

register = template.Library()


@register.simple_tag(takes_context=True)
def field_comments(context, field):
    """
    The conversations on a field of a form (the page's or one of its rows'),
    with replying and resolving, and, while the page takes new ones, a way to
    start one there. `field`: a bound field, or a read-only field of the admin.
    """
    by_anchor = context.get("comment_threads")
    new_anchors = context.get("new_comment_anchors")
    if not (by_anchor or new_anchors):
        return ""
    key = _anchor_of(field)
    if key is None:
        return ""
    threads = _threads(context, (by_anchor or {}).get(key), "admin/diseases/comments/threads.html")
    anchor = (new_anchors or {}).get(key)
    return threads + _new_conversation(anchor) if anchor is not None else threads


def _anchor_of(field):
    """The anchor key of a form's field, or None when it is not a saved row's field."""
    if isinstance(field, helpers.AdminReadonlyField):
        instance, name = field.form.instance, field.field["name"]
    else:
        instance, name = getattr(getattr(field, "form", None), "instance", None), field.name
    if instance is None or instance.pk is None:
        return None
    try:
        model_field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # A modeltranslation field (`text_es`) names the field it translates and its language.
    translated = getattr(model_field, "translated_field", model_field).name
    return anchor_key(instance._meta.label_lower, instance.pk, translated, getattr(model_field, "language", "") or "")


def _new_conversation(anchor):
    """
    “Comment on this field”, folded: a text box and a button that belong, by
    their form attribute, to the field's own small form outside the editor's
    (`new_conversation_forms.html`), so that neither form sends the other.
    Written without a template: a form can hold a hundred of them.
    """
    element = f"new-comment-{anchor.element_id}"
    return format_html(
        '<details class="comment-new" id="{element}"><summary>{summary}</summary>'
        '<label for="{element}-body">{label}</label>'
        '<textarea id="{element}-body" name="body" form="{element}-form" rows="2" cols="40" maxlength="{limit}" '
        'required aria-describedby="{element}-help"></textarea>'
        '<p class="help" id="{element}-help">{help}</p>'
        '<div class="comment-buttons"><button type="submit" form="{element}-form">{button}</button></div></details>',
        element=element,
        summary=gettext("Comment on this field"),
        label=gettext("Your comment on %(field)s") % {"field": anchor.field_label},
        limit=BODY_MAX_LENGTH,
        help=gettext("Adding a comment reloads this page: save your changes to the page first."),
        button=gettext("Add the comment"),
    )


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
        return mark_safe("")
    shown = {"threads": threads, "disease": context.get("disease")}
    return render_to_string(template_name, shown, request=context.get("request"))
