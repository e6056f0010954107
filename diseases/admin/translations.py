"""
The translation queue of one language, and one text translated in place,
as views of the disease admin. What needs translating is
`translation_queue`'s to say; who may translate what, the permissions'.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from .. import glossary, languages, permissions, translation_queue, translation_status, workflow
from ..models import Disease

SORT_CHOICES = {
    translation_queue.BY_PAGE: _("By page"),
    translation_queue.BY_AGE: _("Longest waiting first"),
}


class TranslationForm(forms.Form):
    """One text translated in place, with the edit version its owner had when the form was opened."""

    opened_edit = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        column = item.row._meta.get_field(build_localized_fieldname(item.field, item.language))
        self.fields["text"] = column.formfield(
            required=True,
            label=gettext("Translation (%(language)s)") % {"language": languages.language_name(item.language)},
            error_messages={"required": gettext("Write the translation, or leave this text for later.")},
        )
        self.fields["text"].widget.attrs.update({"lang": item.language, "dir": "auto"})
        self.order_fields(["text", "opened_edit"])


class TranslationQueueViews:
    """What needs translating into one language, and one text translated in place."""

    def translation_urls(self):
        wrap = self.admin_site.admin_view
        app = self.opts.app_label
        return [
            path("translations/<str:language>/", wrap(self.translation_queue_view), name=f"{app}_translation_queue"),
            path(
                "translations/<str:language>/<str:model>/<int:pk>/<str:field>/",
                wrap(self.translate_item_view),
                name=f"{app}_translation_item",
            ),
        ]

    def check_language(self, request, language):
        if language not in languages.translated_languages():
            raise Http404
        if not permissions.may_edit_language(request.user, language):
            raise PermissionDenied

    def translation_queue_view(self, request, language):
        """The texts missing or outdated in `language`, by page or the longest waiting first."""
        self.check_language(request, language)
        order = request.GET.get("o")
        if order not in SORT_CHOICES:
            order = translation_queue.BY_PAGE
        items = translation_queue.needing_translation(language, order)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("To translate into %(language)s") % {"language": languages.language_name(language)},
            "language": language,
            "language_name": languages.language_name(language),
            "items": items,
            "missing": sum(1 for item in items if item.status == translation_status.MISSING),
            "outdated": sum(1 for item in items if item.status == translation_status.OUTDATED),
            "order": order,
            "sort_choices": SORT_CHOICES.items(),
            "other_languages": [
                (code, languages.language_name(code))
                for code in permissions.translation_languages(request.user)
                if code != language
            ],
            "source_language": settings.LANGUAGE_CODE,
            "to_submit": [
                disease
                for disease in Disease.objects.not_deleted().drafts().worked_on_by(request.user).with_names()
                if "submit" in workflow.available(disease, request.user)
            ],
        }
        return TemplateResponse(request, "admin/diseases/translations/queue.html", context)

    def translate_item_view(self, request, language, model, pk, field):
        """One text, the English beside it, translated and saved as an edit of its page or shared content."""
        self.check_language(request, language)
        item = translation_queue.find_item(language, model, pk, field)
        if item is None:
            raise Http404
        terms = glossary.terms_in(item.english_now, language)
        form = TranslationForm(
            item=item, initial={"text": item.translation, "opened_edit": workflow.last_edit(item.owner)}
        )
        queue_url = reverse("admin:diseases_translation_queue", args=[language])
        if request.method == "POST":
            form = TranslationForm(request.POST, item=item)
            if form.is_valid():
                try:
                    changed = translation_queue.translate(
                        item, form.cleaned_data["text"], request.user, form.cleaned_data["opened_edit"]
                    )
                except ValidationError as refusal:
                    form.add_error(None, refusal)
                else:
                    self.message_user(
                        request, saved_message(item, changed), messages.SUCCESS if changed else messages.INFO
                    )
                    # As an import does: a warning to look again, not a refusal.
                    for term in glossary.missing_translations(item.english_now, item.translation, language, terms):
                        self.message_user(request, glossary_warning(term), messages.WARNING)
                    return redirect(queue_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Translate: %(field)s") % {"field": item.field_label},
            "item": item,
            "form": form,
            "language": language,
            "language_name": languages.language_name(language),
            "glossary_terms": terms,
            "english_figure": item.english_figure(),
            "translation_figure": item.translation_figure(form.data.get("text") if form.is_bound else item.translation),
            "queue_url": queue_url,
            "source_language": settings.LANGUAGE_CODE,
        }
        return TemplateResponse(
            request, "admin/diseases/translations/item.html", context, status=400 if form.errors else 200
        )


def glossary_warning(term):
    return gettext(
        "The glossary translates “%(term)s” as “%(translation)s”, which the translation does not use: check it."
    ) % {"term": term.term, "translation": term.translation}


def saved_message(item, changed):
    if not changed:
        return gettext(
            "Nothing changed: the translation is as it was. An outdated one stays outdated until it is changed, "
            "or a medical reviewer confirms it."
        )
    return gettext(
        "Translation saved: %(where)s, %(field)s. It goes to medical review with the next submission of the page."
    ) % {"where": item.owner_label, "field": item.field_label}
