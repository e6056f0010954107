from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Disease


class DiseaseSitemap(Sitemap):
    """Every public disease page in every language, each listing the others as alternates."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return Disease.objects.public().select_related("live").order_by("slug")

    def lastmod(self, disease):
        return disease.live.published_at


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return ["diseases:home", "diseases:index"]

    def location(self, name):
        return reverse(name)
