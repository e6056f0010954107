"""Addresses the reverse proxy (or CDN) is still to forget, kept until it has (see diseases/frontend_cache)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingPurge(models.Model):
    """
    One address to purge from the frontend caches, recorded in the
    transaction that changed what the public reads there, so that a purge
    cannot be lost between the commit and the proxy; removed once every
    configured cache has purged it.
    """

    url = models.CharField(_("address"), max_length=2000)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending purge")
        verbose_name_plural = _("pending purges")
        indexes = [models.Index(fields=["attempts"], name="pending_purge_attempts")]

    def __str__(self):
        return self.url
