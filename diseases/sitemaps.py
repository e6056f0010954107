from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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
        return ["diseases:home", "diseases:index"]

    def location(self, name):
        return reverse(name)
