"""Patient advice: a public form that survives the open internet, moderation, safe display."""

import html
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from diseases.models import PatientAdvice

from .forms import form_data

pytestmark = pytest.mark.django_db


def url(name, language="en", slug="cno-crmo"):
    with translation.override(language):
        return reverse(f"diseases:{name}", kwargs={"slug": slug})


def fill_form(client, language="en", **values):
    """The advice form as the visitor received it, filled in with `values`."""
    data = form_data(client.get(url("advice_create", language)).content, None)
    data.pop("csrfmiddlewaretoken", None)
    data.update({"text": "Ask for an MRI early.", "role": "patient", "consent": "on"})
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, language="en", **values):
    return client.post(url("advice_create", language), fill_form(client, language, **values))


def text_of(response):
    return html.unescape(response.content.decode())


def test_patient_submits_advice_which_waits_for_moderation(client, demo):
    response = submit(client, "es", text="Pida una resonancia pronto.", display_name="Ana", email="ana@example.org")

    assert response.status_code == 302
    assert response.url == url("advice_thanks", "es")
    assert "aparecerá en la página después de que nuestro equipo la haya leído" in text_of(client.get(response.url))
    advice = PatientAdvice.objects.get()
    assert (advice.text, advice.display_name, advice.language, advice.status) == (
        "Pida una resonancia pronto.",
        "Ana",
        "es",
        "pending",
    )
    assert "Pida una resonancia pronto." not in text_of(client.get(url("detail", "es")))
    assert Version.objects.get_for_object(advice).count() == 1


def test_the_disease_page_links_to_the_form_which_works_without_javascript(client, demo):
    page = client.get(url("detail")).content.decode()
    assert f'<a class="button" href="{url("advice_create")}">Submit Your Advice</a>' in page
    assert "csrfmiddlewaretoken" not in page  # nothing per visitor on the disease page

    form = client.get(url("advice_create")).content.decode()
    assert f'action="{url("advice_create")}"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="consent"' in form


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"text": ""}, "text", "Please write your advice."),
        ({"text": "   "}, "text", "Please write your advice."),
        ({"text": "x" * 2001}, "text", "Ensure this value has at most 2000 characters (it has 2001)."),
        ({"consent": None}, "consent", "Please agree to publication, or we cannot show it."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"role": "doctor"}, "role", "Select a valid choice."),
        ({"token": "forged"}, "token", "This form could not be checked. Please send it again."),
    ],
)
def test_invalid_input_is_explained_next_to_its_field_and_nothing_is_saved(client, demo, values, field, message):
    response = submit(client, display_name="Kept name", **values)

    assert response.status_code == 400
    assert message in text_of(response)
    assert 'value="Kept name"' in response.content.decode()
    assert PatientAdvice.objects.count() == 0


def test_errors_are_in_the_visitors_language(client, demo):
    response = submit(client, "fr", text="", consent=None)

    text = text_of(response)
    assert response.status_code == 400
    assert "Veuillez écrire votre conseil." in text
    assert '<html lang="fr"' in text


def test_unknown_disease_is_not_found(client, demo):
    assert client.get(url("advice_create", slug="no-such-disease")).status_code == 404
    assert client.post(url("advice_create", slug="no-such-disease"), {"text": "x"}).status_code == 404


def test_missing_or_forged_csrf_token_is_refused(demo):
    client = Client(enforce_csrf_checks=True)
    data = fill_form(client)

    response = client.post(url("advice_create"), data)

    assert response.status_code == 403
    assert PatientAdvice.objects.count() == 0
    data["csrfmiddlewaretoken"] = "forged" * 6
    assert client.post(url("advice_create"), data).status_code == 403
    assert PatientAdvice.objects.count() == 0


def test_honeypot_submission_is_dropped_silently(client, demo):
    response = submit(client, website="http://spam.example")

    assert response.status_code == 302
    assert PatientAdvice.objects.count() == 0


def test_too_quick_submission_is_refused_and_kept(client, demo, settings):
    settings.ADVICE_FORM_MIN_SECONDS = 60

    response = submit(client, text="Typed by a bot in no time")

    assert response.status_code == 400
    assert "That was very quick." in text_of(response)
    assert "Typed by a bot in no time" in text_of(response)
    assert PatientAdvice.objects.count() == 0


def test_rate_limit_answers_429_then_allows_again_later(client, demo, settings, monkeypatch):
    import django_ratelimit.core

    settings.ADVICE_RATE_LIMIT = "2/h"
    now = 1_900_000_000
    monkeypatch.setattr(django_ratelimit.core.time, "time", lambda: now)
    assert submit(client, text="One").status_code == 302
    assert submit(client, text="Two").status_code == 302

    limited = submit(client, text="Three is kept")

    assert limited.status_code == 429
    assert "Too many submissions" in text_of(limited)
    assert "Three is kept" in text_of(limited)
    assert PatientAdvice.objects.count() == 2
    now += 3600
    assert submit(client, text="Three").status_code == 302
    assert PatientAdvice.objects.count() == 3


def test_double_click_saves_once(client, demo):
    data = fill_form(client)

    first = client.post(url("advice_create"), data)
    second = client.post(url("advice_create"), data)

    assert first.status_code == second.status_code == 302
    assert PatientAdvice.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_all_arrive(demo):
    forms = [fill_form(Client(), text=f"Advice number {n}") for n in range(50)]
    results = []

    def post(n):
        client = Client(REMOTE_ADDR=f"10.0.{n // 250}.{n % 250}")
        results.append(client.post(url("advice_create"), forms[n]).status_code)
        connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == [302] * 50
    assert sorted(PatientAdvice.objects.values_list("text", flat=True)) == sorted(
        f"Advice number {n}" for n in range(50)
    )


def test_script_and_html_in_every_field_are_shown_as_text(client, demo, editor):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    submit(client, text=attack + "\n\nSecond paragraph", display_name=attack)
    advice = PatientAdvice.objects.get()
    advice.approve(editor)

    page = client.get(url("detail")).content.decode()

    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<p>Second paragraph</p>" in page


def test_approved_advice_appears_newest_first_in_its_language_only(client, demo, editor):
    for n in range(7):
        PatientAdvice.objects.create(
            disease=demo, text=f"Advice {n}", role="caregiver", language="en", consent=True
        ).approve(editor)
    PatientAdvice.objects.create(disease=demo, text="Consejo", role="patient", language="es", consent=True).approve(
        editor
    )

    page = text_of(client.get(url("detail")))
    everything = text_of(client.get(url("advice_list")))

    assert page.index("Advice 6") < page.index("Advice 2")
    assert "Advice 1" not in page
    assert "Anonymous, Parent or caregiver" in page
    assert "Read all advice" in page
    assert "Advice 0" in everything and "Consejo" not in everything
    assert "Consejo" in text_of(client.get(url("detail", "es")))


def test_email_is_never_shown(client, demo, editor):
    submit(client, email="private@example.org", display_name="Sam")
    PatientAdvice.objects.get().approve(editor)

    assert "private@example.org" not in client.get(url("detail")).content.decode()
    assert "private@example.org" not in client.get(url("advice_list")).content.decode()


def test_forged_csrf_gets_a_clear_message_in_the_visitors_language(demo):
    client = Client(enforce_csrf_checks=True)

    response = client.post(url("advice_create", "es"), fill_form(client, "es"))

    assert response.status_code == 403
    assert "No se ha podido enviar su formulario" in text_of(response)
    assert PatientAdvice.objects.count() == 0


def test_unknown_disease_page_is_a_translated_not_found_page(client, demo):
    response = client.get(url("detail", "fr", slug="no-such-disease"))

    assert response.status_code == 404
    assert "Page introuvable" in text_of(response)
