from django.db.models.signals import pre_save
from django.dispatch import receiver

from . import translation_status
from .models import Disease, TranslationTracked
from .versioning import WORKFLOW_FIELDS


@receiver(pre_save, sender=Disease)
def keep_workflow_state_on_revert(sender, instance, raw, **kwargs):
    """
    Reverting a revision saves the disease raw, without its workflow fields.
    Keep what the database has: a revert makes a draft, it never publishes or
    unpublishes. A recovered page (no row yet) starts unpublished, as a draft.
    """
    if not raw:
        return
    current = Disease.objects.filter(pk=instance.pk).values(*WORKFLOW_FIELDS).first()
    if current is not None:
        instance.status = current["status"]
        instance.live_id = current["live"]


@receiver(pre_save)
def track_translation_sources(sender, instance, raw, **kwargs):
    """Note which English text each translation now corresponds to (reverts bring their own)."""
    if raw or not isinstance(instance, TranslationTracked):
        return
    previous = sender._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    translation_status.update_sources(instance, previous)
