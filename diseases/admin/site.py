"""Views of the admin site itself (not of one model) that the project tightens."""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404


def view_on_site(request, content_type_id, object_id):
    """
    Django's “view on site” redirect (`/admin/r/<type>/<id>/`), only for an
    object the user may view in the admin: for anything else, not found,
    so that no address of an unpublished page is told to the wrong person.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        model_admin = admin.site.get_model_admin(model)
    except (ContentType.DoesNotExist, NotRegistered):
        raise Http404 from None
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
