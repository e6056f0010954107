from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("_nested_admin/", include("nested_admin.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# "/" is handled by LocaleMiddleware, which redirects to the visitor's
# preferred language prefix.
urlpatterns += i18n_patterns(
    path("", RedirectView.as_view(pattern_name="diseases:index", permanent=False), name="home"),
    path("", include("diseases.urls")),
)
