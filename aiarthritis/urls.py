from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from diseases.admin.site import view_on_site
from diseases.sitemaps import DiseaseSitemap, StaticPagesSitemap, SymptomSitemap
from diseases.views import language_neutral_page

sitemaps = {"diseases": DiseaseSitemap, "pages": StaticPagesSitemap, "symptoms": SymptomSitemap}

urlpatterns = [
    path("sitemap.xml", language_neutral_page(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        language_neutral_page(
            TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), purged=False
        ),
        name="robots",
    ),
    # Before the admin's own: “view on site” only for what the user may view.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path("admin/", admin.site.urls),
    path("_nested_admin/", include("nested_admin.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# "/" is handled by LocaleMiddleware, which redirects to the visitor's
# preferred language prefix.
urlpatterns += i18n_patterns(path("", include("diseases.urls")))
