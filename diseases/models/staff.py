"""What the product knows of the people who work in the admin, beyond Django's users."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import languages


class EmailLanguage(models.Model):
    """The language a member of staff reads the admin in, and so gets e-mails in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="email_language"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("e-mail language")
        verbose_name_plural = _("e-mail languages")

    def __str__(self):
        return f"{self.user}: {self.get_language_display()}"


def translation_target_languages():
    """The site languages other than the source language: those a translator can be granted."""
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in languages.translated_languages()]


class TranslationGrant(models.Model):
    """One language a translator may translate pages into (with the translator's permission)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="translation_grants"
    )
    language = models.CharField(_("language"), max_length=10, choices=translation_target_languages)

    class Meta:
        verbose_name = _("translation language")
        verbose_name_plural = _("translation languages")
        constraints = [models.UniqueConstraint(fields=["user", "language"], name="one_grant_per_user_and_language")]

    def __str__(self):
        return f"{self.user}: {self.get_language_display()}"
