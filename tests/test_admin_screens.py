"""
Every screen of the admin, walked as the inventory of `admin_inventory.py`
fills its URLs in, shows what a screen of the admin shows.
"""

import pytest
from django.test import Client

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
