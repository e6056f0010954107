"""The approved translations of medical terms, per language, that translators keep to."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class GlossaryTerm(models.Model):
    """
    One English medical term and its approved translation in one language.
    Each row is in one language: it is not translated with the content.
    """

    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    term = models.CharField(_("English term"), max_length=200)
    translation = models.CharField(_("approved translation"), max_length=200)
    note = models.TextField(_("note"), blank=True, help_text=_("When to use it, or what to avoid."))

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["language", "term"]
        constraints = [models.UniqueConstraint(fields=["language", "term"], name="unique_glossary_term_per_language")]

    def __str__(self):
        return f"{self.term} → {self.translation} ({self.language})"

    def clean(self):
        if self.language == settings.LANGUAGE_CODE:
            raise ValidationError(
                {"language": _("English is the language terms are translated from.")}, code="source_language"
            )
        self.term = " ".join(self.term.split())
        self.translation = " ".join(self.translation.split())
