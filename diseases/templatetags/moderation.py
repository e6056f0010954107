from django import template

from ..models import PatientAdvice

register = template.Library()


@register.simple_tag
def pending_advice_count():
    """How much patient advice waits for moderation, for the admin's index page."""
    return PatientAdvice.objects.pending().count()
