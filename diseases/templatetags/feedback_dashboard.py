from django import template

from .. import feedback

register = template.Library()


@register.inclusion_tag("admin/diseases/dashboard/feedback_panel.html")
def feedback_panel(user):
    """What visitors said about the pages, on the admin home of those who may read it (see `feedback.panel_for`)."""
    return {"panel": feedback.panel_for(user)}
