"""
Every screen of the admin, walked as the inventory of `admin_inventory.py`
fills its URLs in, shows what a screen of the admin shows.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diseases.admin.review import ReadOnlyAdmin
from diseases.models import Disease, Publication, ReviewEvent

from .admin_inventory import admin_routes, fill
from .forms import forms_in

pytestmark = pytest.mark.django_db


def test_every_admin_screen_can_be_signed_out_of(world):
    """
    Each screen is rendered with its request, as the admin's are: the
    sign-out form in its header carries the CSRF token, or signing out
    from it would be refused.
    """
    client = Client()
    client.force_login(world["superuser"])
    screens = []
    for route, _pattern in admin_routes():
        for target in fill(route):
            shown = client.get(target.url)
            if shown.status_code == 200 and shown["Content-Type"].startswith("text/html"):
                sign_out = [form for form in forms_in(shown.content) if form.id == "logout-form"]
                assert sign_out, f"{target.url}: no sign-out form"
                assert sign_out[0].data.get("csrfmiddlewaretoken"), f"{target.url}: no CSRF token to sign out with"
                screens.append(target.url)
    assert any("/compare/" in url for url in screens)
    assert len(screens) > 100


def test_what_the_workflow_records_is_added_changed_and_deleted_by_nobody(world, rf):
    """Publications, the review log and the review lists: read-only, a superuser's included."""
    client = Client()
    client.force_login(world["superuser"])
    request = rf.get("/admin/")
    request.user = world["superuser"]
    # Every published page due for review today, so that the list of pages due has one.
    Publication.objects.filter(pk__in=Disease.objects.public().values("live")).update(
        next_review_due=timezone.localdate()
    )
    records = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ReadOnlyAdmin)
    }
    assert {Publication, ReviewEvent} <= set(records)

    for model, model_admin in records.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        record = model_admin.get_queryset(request).first()
        assert record is not None, model
        before = model._base_manager.count()

        assert client.get(reverse(f"{name}_add")).status_code == 403
        assert client.post(reverse(f"{name}_add"), {}).status_code == 403
        assert client.post(reverse(f"{name}_change", args=[record.pk]), {}).status_code == 403
        assert client.post(reverse(f"{name}_delete", args=[record.pk]), {"post": "yes"}).status_code == 403
        assert model._base_manager.count() == before
