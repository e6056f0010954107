"""Addresses the reverse proxy (or CDN) is still to forget, kept until it has (see diseases/frontend_cache)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingPurge(models.Model):
    """
    Addresses to purge from the frontend caches, recorded in the transaction
    that changed what the public reads there, so that a purge cannot be lost
    between the commit and the proxy; removed once every configured cache has
    purged them. A row is one address (`url`), or every address showing some
    pages (`slugs`), worked out when it is sent: a change to a thousand pages
    records one row, not the nine thousand addresses it purges.
    """

    url = models.CharField(_("address"), max_length=2000, blank=True)
    slugs = models.JSONField(
        _("pages purged"),
        default=list,
        blank=True,
        help_text=_("When there is no address: the pages at these slugs, in every language, and the lists of pages."),
    )
    # Kept when the addresses of pages that failed are recorded one by one (the dashboard says since when).
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending purge")
        verbose_name_plural = _("pending purges")
        indexes = [models.Index(fields=["attempts"], name="pending_purge_attempts")]

    def __str__(self):
        return self.url or ", ".join(self.slugs)
