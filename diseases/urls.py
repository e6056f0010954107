from django.urls import path

from . import views

app_name = "diseases"

urlpatterns = [
    path("diseases/", views.disease_index, name="index"),
    path("diseases/<slug:slug>/", views.disease_detail, name="detail"),
    path("diseases/<slug:slug>/preview/", views.disease_preview, name="preview"),
]
