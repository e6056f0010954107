from django.db.models.signals import pre_save
from django.dispatch import receiver

from .models import Disease
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
