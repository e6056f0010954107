from django.db import models

from .content import Disease


class SearchEntry(models.Model):
    """What search looks through: a public page's names and text in one language."""

    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="search_entries")
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=500)
    names = models.TextField()
    body = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["disease", "language"], name="one_search_entry_per_language")]

    def __str__(self):
        return f"{self.title} [{self.language}]"
