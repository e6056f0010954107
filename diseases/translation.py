"""Every field a visitor reads exists in every site language."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Disease,
    DiseaseName,
    Fact,
    Pronunciation,
    Reference,
    Resource,
    ReviewerProfile,
    Section,
    SharedSymptomGroup,
    Symptom,
    SymptomGroup,
)


@register(Disease)
class DiseaseTranslationOptions(TranslationOptions):
    fields = ("definition", "cytokines", "body_areas", "mostly_affected", "typical_onset")


@register(DiseaseName)
class DiseaseNameTranslationOptions(TranslationOptions):
    fields = ("name", "abbreviation")


@register(Pronunciation)
class PronunciationTranslationOptions(TranslationOptions):
    fields = ("term", "respelling")


@register(Reference)
class ReferenceTranslationOptions(TranslationOptions):
    fields = ("title", "publisher", "link_text")


@register(SymptomGroup)
class SymptomGroupTranslationOptions(TranslationOptions):
    fields = ("title", "introduction", "guidance")


@register(SharedSymptomGroup)
class SharedSymptomGroupTranslationOptions(TranslationOptions):
    fields = ()


@register(Symptom)
class SymptomTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(Fact)
class FactTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title", "body")


@register(Resource)
class ResourceTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(ReviewerProfile)
class ReviewerProfileTranslationOptions(TranslationOptions):
    fields = ("credentials",)
