from django.urls import path

from . import views

app_name = "diseases"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_view, name="search"),
    path("diseases/", views.disease_index, name="index"),
    path("symptoms/", views.symptom_index, name="symptoms"),
    # Any text in any language: the slug keeps letters of every script.
    path("symptoms/<str:slug>/", views.symptom_detail, name="symptom"),
    path("diseases/<slug:slug>/", views.disease_detail, name="detail"),
    path("diseases/<slug:slug>/preview/", views.disease_preview, name="preview"),
    path("diseases/<slug:slug>/advice/", views.advice_list, name="advice_list"),
    path("diseases/<slug:slug>/advice/new/", views.advice_create, name="advice_create"),
    path("diseases/<slug:slug>/advice/thanks/", views.advice_thanks, name="advice_thanks"),
    path("diseases/<slug:slug>/feedback/", views.feedback_answer, name="feedback"),
    path("diseases/<slug:slug>/feedback/details/", views.feedback_details, name="feedback_details"),
    path("diseases/<slug:slug>/feedback/thanks/", views.feedback_thanks, name="feedback_thanks"),
]
