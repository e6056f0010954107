"""The glossary of medical terms: each language's approved translations, kept by the editors."""

from django.conf import settings
from django.contrib import admin

from ..models import GlossaryTerm


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("term", "language", "translation", "note")
    list_filter = ("language",)
    search_fields = ("term", "translation")
    fields = ("language", "term", "translation", "note")

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "language":
            # Terms are translated from the source language, into the others.
            kwargs["choices"] = [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        return super().formfield_for_choice_field(db_field, request, **kwargs)
