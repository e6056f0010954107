"""
The widgets of translated fields: each language's field with, next to it,
how easy its text is to read, whether its translation is missing or
outdated, and (for a translation) the English it translates. Also the
admin's autocomplete, named for those who cannot see it.
"""

import copy

from django import forms
from django.conf import settings
from django.contrib.admin import widgets as admin_widgets
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from . import parts, readability, translation_status

# Rows of the text areas, by (model, field), as `parts` declares them: a
# sentence or two for a symptom, room for a section.
TEXT_ROWS = {(part.model, name): rows for part in parts.all_parts() for name, rows in part.text_rows}
DEFAULT_TEXT_ROWS = 3


class AutocompleteSelect(admin_widgets.AutocompleteSelect):
    """
    The admin's autocomplete, its empty choice named (an option with neither
    text nor label is invalid HTML) and its box named by the field's label
    (autocomplete_names.js).
    """

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value == "" and not label:
            # Named as Django's other selects name theirs; as an attribute, it leaves select2 no text to show.
            option["attrs"]["label"] = BLANK_CHOICE_DASH[0][1]
        return option

    @property
    def media(self):
        return super().media + forms.Media(js=["diseases/admin/autocomplete_names.js"])


def fit_widget(db_field, widget):
    """A widget the size of what the field holds."""
    field = getattr(db_field, "translated_field", db_field)
    if isinstance(widget, forms.Textarea):
        widget.attrs["rows"] = TEXT_ROWS.get((field.model._meta.concrete_model, field.name), DEFAULT_TEXT_ROWS)
        widget.attrs.setdefault("cols", 60)
    elif isinstance(widget, forms.TextInput) and (getattr(db_field, "max_length", None) or 1000) <= 60:
        widget.attrs["size"] = 16


class TranslatedFieldWidget(forms.Widget):
    """One language of a translated field: the field's own widget, and notes next to it."""

    def __init__(self, widget, language, field_name, prose=False, markdown=False):
        self.widget = widget
        self.widget.attrs["data-language"] = language
        self.language = language
        self.field_name = field_name
        self.prose = prose
        self.markdown = markdown
        # Set per form, from the row being edited (see `forms.TranslationNotesForm`).
        self.status = None
        self.source_text = ""

    def __deepcopy__(self, memo):
        clone = copy.copy(self)
        clone.widget = copy.deepcopy(self.widget, memo)
        memo[id(self)] = clone
        return clone

    def __getattr__(self, name):
        # Anything not defined here is the wrapped widget's (input_type, format, choices…).
        if name == "widget":
            raise AttributeError(name)
        return getattr(self.widget, name)

    @property
    def attrs(self):
        return self.widget.attrs

    @attrs.setter
    def attrs(self, value):
        self.widget.attrs = value

    @property
    def is_hidden(self):
        return self.widget.is_hidden

    @property
    def media(self):
        return self.widget.media

    @property
    def is_source_language(self):
        return self.language == settings.LANGUAGE_CODE

    def value_from_datadict(self, data, files, name):
        return self.widget.value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return self.widget.value_omitted_from_data(data, files, name)

    def id_for_label(self, id_):
        return self.widget.id_for_label(id_)

    def use_required_attribute(self, initial):
        return self.widget.use_required_attribute(initial)

    def format_value(self, value):
        return self.widget.format_value(value)

    def get_context(self, name, value, attrs):
        return self.widget.get_context(name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        notes_id = f"{attrs['id']}_notes" if attrs.get("id") else ""
        figure = readability.text_figure(value or "", self.language, self.markdown) if self.prose else None
        if self.status:
            attrs["data-translation-status"] = self.status
        show_notes = notes_id and (figure or not self.is_source_language)
        if show_notes:
            attrs["aria-describedby"] = " ".join(filter(None, [attrs.get("aria-describedby"), notes_id]))
        html = self.widget.render(name, value, attrs, renderer)
        if not show_notes:
            return html
        return html + self.notes(notes_id, figure)

    def notes(self, notes_id, figure):
        """
        How easy the text is to read, the translation's status (language_tabs.js
        updates it as the editor types) and the English it translates. Built
        here rather than by a template: a form draws them for every field.
        """
        reading_ease = ""
        if figure:
            label = gettext("Reading ease %(score)s (target %(target)s)") % {
                "score": figure.score,
                "target": figure.target,
            }
            if not figure.meets_target:
                label += " – " + gettext("harder to read than the target")
            reading_ease = format_html(
                '<span class="reading-ease {}" title="{}">{}</span>',
                "meets-target" if figure.meets_target else "below-target",
                figure.formula,
                label,
            )
        if self.status:
            flag = format_html(
                '<span class="translation-flag translation-flag-{}" data-flag>{}</span>',
                self.status,
                translation_status.STATUS_LABELS.get(self.status, ""),
            )
        else:
            flag = mark_safe('<span class="translation-flag" data-flag hidden></span>')
        source_text = ""
        if self.source_text and not self.is_source_language:
            source_text = format_html(
                '<details class="source-text"><summary>{}</summary><div lang="{}">{}</div></details>',
                gettext("The English text"),
                settings.LANGUAGE_CODE,
                self.source_text,
            )
        return format_html('<div class="field-notes" id="{}">{}{}{}</div>', notes_id, reading_ease, flag, source_text)


def translated_widget(db_field, widget):
    """The widget of a modeltranslation field (`definition_es`…) with its notes; others unchanged."""
    original = getattr(db_field, "translated_field", None)
    language = getattr(db_field, "language", None)
    if original is None or language is None or isinstance(widget, (forms.HiddenInput, TranslatedFieldWidget)):
        return widget
    return TranslatedFieldWidget(
        widget,
        language,
        original.name,
        prose=original.get_internal_type() == "TextField",
        markdown=readability.is_markdown(original.model, original.name),
    )
