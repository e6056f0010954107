"""
A throwaway part of the page, “Tips for daily life”, declared as a maintainer
would declare one: its model, its migration, a `Part` and its template. Run
by tests/test_extra_part.py with tests.extra_part.settings.
"""

from django.db import models

from diseases import parts
from diseases.models import Disease
from diseases.models.content import Ordered, TranslationTracked


class Tip(TranslationTracked, Ordered):
    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="tips")
    text = models.TextField("tip")

    class Meta(Ordered.Meta):
        verbose_name = "tip"
        verbose_name_plural = "tips for daily life"

    def __str__(self):
        return self.text


TIPS = parts.Part(
    "tips",
    Tip,
    translated=("text",),
    accessor="tips",
    max_rows=10,
    text_rows=(("text", 4),),
    template="extra_part/tips.html",
    contents=parts.Contents("tips-heading", "Tips for daily life"),
    schema_org=(parts.SchemaOrg("hasPart", (("text", "text"),), type="WebPageElement", on_page=True),),
)
parts.add_page_part(TIPS, after="facts")
