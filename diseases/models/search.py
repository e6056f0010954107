"""
What search reads and keeps: one entry per public page and language (the
A–Z lists read them too), synonyms, and the searches that found nothing.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..folding import folded_words
from ..managers import SearchEntryQuerySet, SearchGapQuerySet
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
    # The names, then the symptoms, without positions either, for ranking: a page
    # named by a word of the query comes first, then one listing it as a symptom
    # (`search._rank`).
    names_vector = SearchVectorField(null=True)
    symptoms_vector = SearchVectorField(null=True)

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


class SearchSynonym(models.Model):
    """
    A visitor's words for what the pages say otherwise, in one language:
    a search for `term` also finds the pages that say `means` (“tiredness”
    finds “fatigue”), without reindexing. One way only: a page that says
    the term is not found by what it means, unless a synonym says so too.
    """

    # A term is matched among a query's consecutive words: this many at most.
    MAX_TERM_WORDS = 4

    language = models.CharField(_("language"), max_length=10)
    term = models.CharField(
        _("visitors' words"),
        max_length=100,
        help_text=_("What visitors type, one word or a few (“tiredness”, “bone inflammation”)."),
    )
    means = models.CharField(
        _("finds pages that say"),
        max_length=100,
        help_text=_("The words the pages use (“fatigue”, “osteomyelitis”)."),
    )
    # Both as search compares them: folded words separated by one space.
    folded_term = models.CharField(max_length=300, editable=False)
    folded_means = models.CharField(max_length=300, editable=False)

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["language", "folded_term", "folded_means"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "folded_term", "folded_means"], name="one_search_synonym_per_meaning"
            )
        ]

    def __str__(self):
        return f"{self.term} → {self.means} [{self.language}]"

    def save(self, *args, **kwargs):
        self.folded_term = " ".join(folded_words(self.term))[:300]
        self.folded_means = " ".join(folded_words(self.means))[:300]
        super().save(*args, **kwargs)

    def clean(self):
        term, means = folded_words(self.term), folded_words(self.means)
        errors = {}
        if not term:
            errors["term"] = ValidationError(_("Write at least one word."), code="no_words")
        elif len(term) > self.MAX_TERM_WORDS:
            errors["term"] = ValidationError(
                _("Write at most %(count)d words."), code="too_many_words", params={"count": self.MAX_TERM_WORDS}
            )
        if not means:
            errors["means"] = ValidationError(_("Write at least one word."), code="no_words")
        elif term == means:
            errors["means"] = ValidationError(_("A synonym must find something else."), code="same_words")
        elif (
            SearchSynonym.objects.filter(
                language=self.language, folded_term=" ".join(term), folded_means=" ".join(means)
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["means"] = ValidationError(_("This synonym exists already."), code="duplicate")
        if errors:
            raise ValidationError(errors)


class SearchGap(models.Model):
    """
    A search that found nothing, counted per normalised query, language and
    ISO week: what visitors look for and do not find. Nothing about who
    searched is kept.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Not handled yet")
        SYNONYM_ADDED = "synonym_added", _("Added as a synonym")
        PAGE_PLANNED = "page_planned", _("A new page is planned")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    language = models.CharField(_("language"), max_length=10)
    query = models.CharField(_("search"), max_length=100)
    week = models.DateField(_("week"), help_text=_("The Monday of the ISO week."))
    count = models.PositiveIntegerField(_("searches"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    objects = SearchGapQuerySet.as_manager()

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        constraints = [
            models.UniqueConstraint(fields=["language", "query", "week"], name="one_search_gap_per_week"),
        ]
        indexes = [models.Index(fields=["week", "status", "-count"], name="search_gap_week")]

    def __str__(self):
        return f"{self.query} [{self.language}]"
