"""The glossary of medical terms: each language's approved translations, kept by the editors."""

from django.contrib import admin

from ..models import GlossaryTerm
from ..models.staff import translation_target_languages


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("term", "language", "translation", "note")
    list_filter = ("language",)
    search_fields = ("term", "translation")
    fields = ("language", "term", "translation", "note")

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "language":
            # Terms are translated from the source language, into the others.
            kwargs["choices"] = translation_target_languages()
        return super().formfield_for_choice_field(db_field, request, **kwargs)
