"""Every field a visitor reads exists in every site language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register, translator

from . import parts
from .models import ReviewerProfile, SharedSymptomGroup

for model, fields in parts.translated_fields().items():
    translator.register(model, fields=fields)


@register(SharedSymptomGroup)
class SharedSymptomGroupTranslationOptions(TranslationOptions):
    # A proxy: its translated fields are those of SymptomGroup.
    fields = ()


@register(ReviewerProfile)
class ReviewerProfileTranslationOptions(TranslationOptions):
    # The specialty is shown only in the admin, which staff read in every site
    # language, and is ready should the public credit ever name it.
    fields = ("credentials", "specialty")
