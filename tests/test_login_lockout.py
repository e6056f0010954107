"""
Login lockout through the real admin sign-in page: repeated wrong passwords
for a user name from one address, or for any user names from one address
(an IPv6 client's /64), pause signing in (even with the right password) for
a cool-off period; administrators see and lift lockouts.
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
ADDRESS_LIMIT = 20


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = ADDRESS_LIMIT
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
    assert project_settings.LOGIN_ADDRESS_FAILURE_LIMIT == ADDRESS_LIMIT
    assert project_settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert project_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert project_settings.AXES_RESET_ON_SUCCESS


def test_a_very_long_user_name_is_counted_like_any_other(db):
    client = Client(REMOTE_ADDR="198.51.100.7")

    assert fail(client, LIMIT, username="x" * 10_000) == [200] * (LIMIT - 1) + [429]


def spray(client_for, names, tries_per_name):
    """Wrong passwords, a few for each of many user names (fewer than a name's limit); the status codes."""
    return [
        sign_in(client_for(n), f"user{n}", "wrong").status_code
        for n in range(names)
        for _attempt in range(tries_per_name)
    ]


def test_password_spraying_from_one_address_is_paused_at_the_address_limit(editor):
    attacker = Client(REMOTE_ADDR="198.51.100.7")

    # 160 wrong passwords over 40 user names, 4 each: no name reaches its own limit.
    codes = spray(lambda n: attacker, 40, LIMIT - 1)

    assert codes[: ADDRESS_LIMIT - 1] == [200] * (ADDRESS_LIMIT - 1)
    assert set(codes[ADDRESS_LIMIT - 1 :]) == {429}
    refused = sign_in(attacker)
    assert refused.status_code == 429
    assert not is_signed_in(attacker)
    assert "signing in from your network is paused, whatever the user name" in text_of(refused)
    assert f"There were {ADDRESS_LIMIT} failed attempts to sign in from your network." in text_of(refused)
    assert "please wait 15 minutes, then try again" in text_of(refused)


def test_a_legitimate_user_elsewhere_signs_in_while_a_spraying_address_is_paused(editor):
    spray(lambda n: Client(REMOTE_ADDR="198.51.100.7"), ADDRESS_LIMIT, 1)
    assert sign_in(Client(REMOTE_ADDR="198.51.100.7"), "anyone").status_code == 429

    elsewhere = Client(REMOTE_ADDR="203.0.113.20")
    assert sign_in(elsewhere).status_code == 302
    assert is_signed_in(elsewhere)


def test_addresses_in_one_ipv6_slash_64_share_the_count(editor):
    def rotating(n):
        return Client(REMOTE_ADDR=f"2001:db8:1:2:{n:x}::{n + 1:x}")

    assert spray(rotating, ADDRESS_LIMIT, 1) == [200] * (ADDRESS_LIMIT - 1) + [429]
    assert sign_in(rotating(999)).status_code == 429
    # The user name's own limit also holds across the network's addresses.
    AccessAttempt.objects.all().delete()
    assert [sign_in(rotating(n), password="wrong").status_code for n in range(LIMIT)] == [200] * (LIMIT - 1) + [429]


def test_other_ipv6_slash_64s_are_not_paused(editor):
    spray(lambda n: Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}"), ADDRESS_LIMIT, 1)

    neighbour = Client(REMOTE_ADDR="2001:db8:1:3::1")
    assert sign_in(neighbour).status_code == 302
    assert is_signed_in(neighbour)


def test_a_paused_address_signs_in_again_after_the_cool_off(editor):
    client = Client(REMOTE_ADDR="198.51.100.7")
    spray(lambda n: client, ADDRESS_LIMIT, 1)
    assert sign_in(client).status_code == 429
    # Time passes: every failure from the address is older than the cool-off.
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - timedelta(minutes=16))

    assert sign_in(client).status_code == 302
