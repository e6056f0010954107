from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from . import browse_by_symptom, languages
from .models import Disease


class AlternatesSitemap(Sitemap):
    """Each address in every language, each listing the others and x-default as alternates."""

    i18n = True
    alternates = True
    x_default = True


class DiseaseSitemap(AlternatesSitemap):
    changefreq = "monthly"

    def items(self):
        return Disease.objects.public().select_related("live").order_by("slug")

    def lastmod(self, disease):
        return disease.live.published_at


class StaticPagesSitemap(AlternatesSitemap):
    changefreq = "weekly"

    def items(self):
        return ["diseases:home", "diseases:index", "diseases:symptoms"]

    def location(self, name):
        return reverse(name)


class SymptomSitemap(Sitemap):
    """Each symptom's page in each language: a symptom's text, and so its address, differs between languages."""

    changefreq = "weekly"

    def items(self):
        return [
            (code, symptom.slug) for code in languages.site_languages() for symptom in browse_by_symptom.symptoms(code)
        ]

    def location(self, item):
        code, slug = item
        with translation.override(code):
            return reverse("diseases:symptom", kwargs={"slug": slug})
