"""
The disease page as a Wagtail developer would model it: plain fields for the
names, definition and facts, StreamFields for what an editor adds in any
number. Every part lives in the page's own row, shared symptom groups
included (no snippets): the least work Wagtail can do to serve it.
"""

import json

from django.db import models
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page


class PronunciationBlock(blocks.StructBlock):
    term = blocks.CharBlock()
    respelling = blocks.CharBlock()


class MedicalCodeBlock(blocks.StructBlock):
    system = blocks.CharBlock()
    code = blocks.CharBlock()


class ReferenceBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    publisher = blocks.CharBlock()
    year = blocks.IntegerBlock()
    url = blocks.URLBlock()
    link_text = blocks.CharBlock()


class SymptomGroupBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    symptoms = blocks.ListBlock(blocks.CharBlock())
    reference = ReferenceBlock(required=False)
    guidance = blocks.RichTextBlock(required=False)

    class Meta:
        template = "diseasepages/blocks/symptom_group.html"


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    body = blocks.RichTextBlock()

    class Meta:
        template = "diseasepages/blocks/section.html"


class ResourceBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    url = blocks.URLBlock()
    description = blocks.TextBlock()


class DiseasePage(Page):
    short_name = models.CharField(max_length=100)
    category = models.CharField(max_length=50)
    pronunciations = StreamField([("pronunciation", PronunciationBlock())], blank=True)
    definition = RichTextField()
    cytokines = models.CharField(max_length=200, blank=True)
    body_areas = models.CharField(max_length=200, blank=True)
    mostly_affected = models.CharField(max_length=200, blank=True)
    typical_onset = models.CharField(max_length=200, blank=True)
    medical_codes = StreamField([("code", MedicalCodeBlock())], blank=True)
    see_doctor_if = StreamField([("sign", blocks.CharBlock())], blank=True)
    urgent_help_if = StreamField([("sign", blocks.CharBlock())], blank=True)
    shared_symptom_groups = StreamField([("group", SymptomGroupBlock())], blank=True)
    symptom_groups = StreamField([("group", SymptomGroupBlock())], blank=True)
    sections = StreamField([("section", SectionBlock())], blank=True)
    interesting_facts = StreamField([("fact", blocks.RichTextBlock())], blank=True)
    resources = StreamField([("resource", ResourceBlock())], blank=True)
    last_updated = models.DateField()

    content_panels = [
        *Page.content_panels,
        FieldPanel("short_name"),
        FieldPanel("category"),
        FieldPanel("pronunciations"),
        FieldPanel("definition"),
        FieldPanel("cytokines"),
        FieldPanel("body_areas"),
        FieldPanel("mostly_affected"),
        FieldPanel("typical_onset"),
        FieldPanel("medical_codes"),
        FieldPanel("see_doctor_if"),
        FieldPanel("urgent_help_if"),
        FieldPanel("shared_symptom_groups"),
        FieldPanel("symptom_groups"),
        FieldPanel("sections"),
        FieldPanel("interesting_facts"),
        FieldPanel("resources"),
        FieldPanel("last_updated"),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = self.structured_data(request)
        return context

    def structured_data(self, request):
        """schema.org's description of the page for search engines, as JSON safe inside a script element."""
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "url": self.get_full_url(request),
            "name": self.title,
            "inLanguage": get_language(),
            "dateModified": self.last_updated.isoformat(),
            "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
            "publisher": {"@type": "Organization", "name": "AiArthritis", "url": "https://www.aiarthritis.org/"},
            "about": {
                "@type": "MedicalCondition",
                "description": strip_tags(self.definition),
                "name": self.title,
                "code": [
                    {"@type": "MedicalCode", "codeValue": code.value["code"], "codingSystem": code.value["system"]}
                    for code in self.medical_codes
                ],
                "signOrSymptom": [
                    {"@type": "MedicalSignOrSymptom", "name": symptom}
                    for group in self.symptom_groups
                    for symptom in group.value["symptoms"]
                ],
            },
            "hasPart": [
                {"@type": "WebPageElement", "text": sign.value} for sign in [*self.see_doctor_if, *self.urgent_help_if]
            ],
        }
        escaped = json.dumps(data, ensure_ascii=False).translate({ord(c): f"\\u{ord(c):04x}" for c in "<>&"})
        return mark_safe(escaped)  # noqa: S308 - JSON whose <, > and & are escaped for a script element
