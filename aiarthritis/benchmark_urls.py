from django.urls import path
from django.views.generic import TemplateView

from .urls import urlpatterns as site

urlpatterns = [path("floor/", TemplateView.as_view(template_name="floor.html"), name="floor"), *site]
