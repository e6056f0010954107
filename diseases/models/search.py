"""What search and the A–Z lists read: one row per public page and language, kept by `diseases.search`."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..managers import SearchEntryQuerySet
from .content import Disease


class SearchEntry(models.Model):
    """A public page in one language: its title, its words, and (on PostgreSQL) their search vector."""

    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="search_entries")
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=500)
    # The title without accents or case: the A–Z order and letter.
    sort_key = models.CharField(max_length=500)
    letter = models.CharField(max_length=1)
    names = models.TextField()  # names and abbreviations, one per line
    symptoms = models.TextField()  # every symptom the page lists, one per line
    body = models.TextField()  # every other word a visitor reads on the page
    # The same without accents or case, for databases without full-text search.
    folded_names = models.TextField()
    folded_symptoms = models.TextField()
    folded_body = models.TextField()
    # PostgreSQL only. Every word without positions, for matching (GIN index,
    # see the migration): small, so that testing every page stays fast.
    search_vector = SearchVectorField(null=True)
    # The names with their positions, for ranking: a page named by the query comes first.
    names_vector = SearchVectorField(null=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["disease", "language"], name="one_search_entry_per_language")]
        indexes = [
            models.Index(fields=["language", "sort_key"], name="search_entry_a_to_z"),
            models.Index(fields=["language", "letter", "sort_key"], name="search_entry_letter"),
        ]

    def __str__(self):
        return f"{self.title} [{self.language}]"


class SearchTerm(models.Model):
    """
    A name or symptom visitors may mean when their search finds nothing: the
    source of suggestions. Each once per language, however many pages show it.
    """

    language = models.CharField(max_length=10)
    text = models.CharField(max_length=500)
    folded = models.CharField(max_length=500)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "folded"], name="one_search_term_per_language")]

    def __str__(self):
        return f"{self.text} [{self.language}]"


class PendingReindex(models.Model):
    """
    A page whose search entries are to be rebuilt from its publication,
    recorded in the transaction that republished it when that transaction
    republished too many pages to index them at once; removed once indexed.
    """

    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("page awaiting reindexing")
        verbose_name_plural = _("pages awaiting reindexing")

    def __str__(self):
        return str(self.disease_id)
