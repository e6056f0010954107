from django.apps import AppConfig


class DiseasePagesConfig(AppConfig):
    name = "benchmark.wagtail.diseasepages"
    label = "diseasepages"
    default_auto_field = "django.db.models.BigAutoField"
