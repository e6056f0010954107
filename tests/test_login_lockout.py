"""
Login lockout through the real admin sign-in page: repeated wrong passwords
for a user name from one address pause signing in (even with the right
password) for a cool-off period; administrators see and lift lockouts.
"""

import html
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from aiarthritis import settings as project_settings

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def sign_in(client, username="ed", password="pw"):  # noqa: S107 - the test users' password
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"})


def is_signed_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def fail(client, times, username="ed"):
    return [sign_in(client, username, "wrong").status_code for _attempt in range(times)]


def text_of(response):
    return html.unescape(response.content.decode())


def test_wrong_passwords_pause_signing_in_even_with_the_right_password(editor):
    client = Client(REMOTE_ADDR="198.51.100.7")

    assert fail(client, LIMIT) == [200] * (LIMIT - 1) + [429]
    refused = sign_in(client)

    assert refused.status_code == 429
    assert "Signing in is paused" in text_of(refused)
    assert "please wait 15 minutes, then try again" in text_of(refused)
    assert not is_signed_in(client)


def test_the_pause_is_explained_in_the_users_language(editor):
    client = Client(REMOTE_ADDR="198.51.100.7", HTTP_ACCEPT_LANGUAGE="es")
    fail(client, LIMIT)

    refused = sign_in(client)

    assert refused.status_code == 429
    assert "El inicio de sesión está en pausa" in text_of(refused)
    assert '<html lang="es"' in refused.content.decode()


def test_the_pause_is_for_that_user_name_from_that_address_only(editor, other_editor):
    fail(Client(REMOTE_ADDR="198.51.100.7"), LIMIT)

    other_address = Client(REMOTE_ADDR="203.0.113.20")
    assert sign_in(other_address).status_code == 302
    other_user = Client(REMOTE_ADDR="198.51.100.7")
    assert sign_in(other_user, "ed2").status_code == 302


def test_signing_in_successfully_starts_the_count_again(editor):
    client = Client(REMOTE_ADDR="198.51.100.7")
    fail(client, LIMIT - 1)
    assert sign_in(client).status_code == 302
    client.post(reverse("admin:logout"))

    assert fail(client, LIMIT - 1) == [200] * (LIMIT - 1)
    assert sign_in(client).status_code == 302


def test_signing_in_works_again_after_the_cool_off(editor):
    client = Client(REMOTE_ADDR="198.51.100.7")
    fail(client, LIMIT)
    assert sign_in(client).status_code == 429
    # Time passes: the last attempt was longer ago than the cool-off.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))

    assert sign_in(client).status_code == 302
    assert is_signed_in(client)


def test_administrator_sees_the_lockout_and_lifts_it(editor, django_user_model):
    fail(Client(REMOTE_ADDR="198.51.100.7"), LIMIT)
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw"))
    attempts_url = reverse("admin:axes_accessattempt_changelist")

    listed = text_of(admin.get(attempts_url + "?locked_out=yes"))
    assert "ed" in listed and "198.51.100.7" in listed
    attempt = AccessAttempt.objects.get(username="ed")
    lifted = admin.post(
        attempts_url, {"action": "lift_lockouts", "_selected_action": [attempt.pk], "index": "0"}, follow=True
    )

    assert "1 user name and address may sign in again." in text_of(lifted)
    assert sign_in(Client(REMOTE_ADDR="198.51.100.7")).status_code == 302


def test_editors_and_reviewers_do_not_see_sign_in_records(editor_client, reviewer):
    assert editor_client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:axes_accesslog_changelist")).status_code == 403


def test_behind_the_load_balancer_the_real_client_is_locked_out(settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1

    def through_balancer(address, claimed):
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{claimed}, {address}")

    for n in range(LIMIT):
        # An attacker changing what it writes into the header is still the same client.
        sign_in(through_balancer("198.51.100.7", f"9.9.9.{n}"), password="wrong")

    assert sign_in(through_balancer("198.51.100.7", "1.1.1.1")).status_code == 429
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    # Everyone else behind the same load balancer signs in as usual.
    assert sign_in(through_balancer("203.0.113.20", "9.9.9.0")).status_code == 302


def test_sign_ins_are_listed_for_administrators(editor, django_user_model):
    sign_in(Client(REMOTE_ADDR="198.51.100.7"))
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw"))

    listed = text_of(admin.get(reverse("admin:axes_accesslog_changelist")))

    assert "198.51.100.7" in listed


def test_guessing_user_names_is_paused_the_same_way(db):
    client = Client(REMOTE_ADDR="198.51.100.7")

    assert fail(client, LIMIT, username="nobody")[-1] == 429
    assert sign_in(client, "nobody").status_code == 429


def test_by_default_five_failures_for_a_user_name_from_one_address_pause_it_for_fifteen_minutes():
    assert project_settings.AXES_FAILURE_LIMIT == 5
    assert project_settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert project_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert project_settings.AXES_RESET_ON_SUCCESS


def test_a_very_long_user_name_is_counted_like_any_other(db):
    client = Client(REMOTE_ADDR="198.51.100.7")

    assert fail(client, LIMIT, username="x" * 10_000) == [200] * (LIMIT - 1) + [429]
