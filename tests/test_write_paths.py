"""
An inventory of every way the admin writes, proven.

The test walks every URL the admin site serves (every model admin's screens,
django-reversion's history, revision and recover views, nested-admin's,
the sign-in records, the project's own review and moderation views, setting
the language) and, as a user of each group, sends every form the screen
offers a superuser (unchanged, edited, each button, each list action) and an
empty POST. Whatever was sent, nothing breaks (no 5xx) and every rule of
`tests/invariants.py` holds: content changes only as a recorded edit of
someone allowed to, no page is approved with unreviewed rows, publications
credit only reviewers who did not edit them. A history or recover URL
naming one object with another's version changes nothing at all.

A new admin URL fails the test until `fill` says how to fill it in.
"""

from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client

from . import invariants
from .admin_inventory import Writes, admin_routes, fill, post_forms, variants

pytestmark = pytest.mark.django_db


def test_every_admin_url_is_known_to_this_inventory(world):
    unknown = [route for route, _pattern in admin_routes() if fill(route) is None]

    assert unknown == [], f"Admin URLs this test does not know how to fill in: {unknown}"


def test_every_post_to_the_admin_is_refused_or_goes_through_the_workflow(world):
    administrator = Client()
    administrator.force_login(world["superuser"])
    clients = {role: signed_in(user) for role, user in world.items()}
    before = invariants.take()
    sent = 0
    for route, _pattern in admin_routes():
        for target in fill(route):
            offered = administrator.get(target.url)
            assert offered.status_code < 500, f"{target.url}: {offered.status_code} for the superuser"
            forms = post_forms(offered.content)
            if offered.status_code != 200 or not forms:
                forms = [None]
            for role, user in world.items():
                sent += try_target(target, forms, before, role, user, clients[role])
    assert sent > 500  # the inventory really sent what the screens offer


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def try_target(target, forms, before, role, user, client):
    """Send what `target` offers as `user`; check the rules; undo it all. How many requests were sent."""
    # Signed in once, before: undoing a sign-out brings the session back, and the cookie with it.
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    savepoint = transaction.savepoint()
    writes = Writes()
    try:
        with connection.execute_wrapper(writes):
            shown = client.get(target.url)
            assert shown.status_code < 500, f"{target.url}: {shown.status_code} for {role}"
            requests = 1
            for form in forms:
                url = urljoin(target.url, form.action) if form and form.action else target.url
                for data in variants(form) if form else [{}, *target.sent]:
                    response = client.post(url, {**data, **target.uploads()} if form else data)
                    requests += 1
                    assert response.status_code < 500, f"POST {url} as {role}: {response.status_code}"
        if writes.content:
            invariants.check(before, user, f"{target.url} as {role}")
            if target.foreign:
                assert invariants.changed_owners(before) == set(), f"{target.url} as {role} changed another object"
        return requests
    finally:
        transaction.savepoint_rollback(savepoint)
        client.cookies[settings.SESSION_COOKIE_NAME] = session
