"""
The admin's forms under generated input: every add and change form (and
the moderation, review, submit and list forms, and reverting to an old
version) as a signed-in editor, a
reviewer or a superuser would post them, read from the real page, then with
a few fields replaced by what no browser sends: words where numbers belong,
huge, negative and fractional numbers, unicode digits, NUL, empty and very
long values, ids of other rows and ids of none, repeated and missing fields,
absurd row counts. Whatever is sent, the admin answers with a form error, a
refusal or a redirect: never a server error. Each example is rolled back,
so that each starts from the same page.

ADMIN_FUZZ_EXAMPLES sets the number of examples per form (by default a few
dozen, some 40 seconds in all); `ADMIN_FUZZ_EXAMPLES=500` is a thorough run.
"""

import os
import string
from dataclasses import dataclass

import pytest
import reversion
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reversion.models import Version

from diseases.models import Disease, PatientAdvice

from .factories import make_disease, make_reference, make_shared_group
from .forms import form_data

pytestmark = pytest.mark.django_db

# Requests sent and server errors seen, reported at the end of the run (tests/conftest.py).
counts = {"requests": 0, "server_errors": 0}

NOT_NUMBERS = ["abc", "1.5", "1,5", "1e3", "0x10", "NaN", "inf", "-0", "+1", " 1 ", "1_000", "١٢", "²", "Ⅻ", "None"]
HUGE = ["9" * 30, "-" + "9" * 30, str(2**31), str(2**63), str(-(2**63) - 1), "1" + "0" * 400]
ODD_TEXT = ["", " ", "\x00", "a\x00b", "\ufeff", "\u202e", "💥", "ǅ", "x" * 10_000, "<script>", "' OR 1=1 --", "%s"]
ODD_DATES = ["2024-02-30", "0000-00-00", "9999-12-31", "31/12/2024", "yesterday"]


@dataclass
class Target:
    """A form of the admin, whose fields are posted back with some of them replaced."""

    user: str  # the fixture of the user who posts it
    url: str
    form_id: str | None
    examples: int
    pressed: dict  # the button pressed, as a browser sends it


def examples(default):
    return int(os.environ.get("ADMIN_FUZZ_EXAMPLES", default))


@pytest.fixture
def content(demo, editor, reviewer, admin_user):
    """Rows of every kind for the forms to point at: pages, a shared group citing a reference, advice."""
    reference = make_reference(editor)
    group = make_shared_group(editor, reference=reference)
    with reversion.create_revision():
        advice = PatientAdvice.objects.create(
            disease=demo, text="Rest helps.", role="patient", language="en", consent=True, email="pat@example.org"
        )
    in_review = make_disease(editor, slug="in-review")
    in_review.submit_for_review(editor)
    return {
        "disease": demo,
        "in review": in_review,
        "group": group,
        "reference": reference,
        "advice": advice,
        "profile": reviewer,
    }


def targets(content):
    disease, group, reference = content["disease"], content["group"], content["reference"]
    advice, profile = content["advice"], content["profile"].reviewer_profile

    def url(name, *args):
        return reverse(f"admin:diseases_{name}", args=args)

    save = {"_save": "Save"}
    return {
        "disease change": Target("editor", url("disease_change", disease.pk), "disease_form", examples(20), save),
        "disease add": Target("editor", url("disease_add"), "disease_form", examples(10), save),
        "disease save and submit": Target(
            "editor", url("disease_change", disease.pk), "disease_form", examples(6), {"_save_and_submit": "1"}
        ),
        "disease change, superuser": Target(
            "admin_user", url("disease_change", disease.pk), "disease_form", examples(8), save
        ),
        "shared group change": Target(
            "editor", url("sharedsymptomgroup_change", group.pk), "sharedsymptomgroup_form", examples(25), save
        ),
        "shared group add": Target(
            "editor", url("sharedsymptomgroup_add"), "sharedsymptomgroup_form", examples(10), save
        ),
        "shared groups list": Target(
            "editor", url("sharedsymptomgroup_changelist"), "changelist-form", examples(15), save
        ),
        "reference change": Target(
            "editor", url("reference_change", reference.pk), "reference_form", examples(20), save
        ),
        "reference add": Target("editor", url("reference_add"), "reference_form", examples(10), save),
        "advice change": Target(
            "editor", url("patientadvice_change", advice.pk), "patientadvice_form", examples(20), save
        ),
        "advice moderation": Target(
            "editor", url("patientadvice_moderate", advice.pk), "moderation-form", examples(15), {"decision": "reject"}
        ),
        "advice list action": Target(
            "editor",
            url("patientadvice_changelist") + "?status__exact=pending",
            "changelist-form",
            examples(15),
            {"action": "approve_advice", "index": "0", "_selected_action": str(advice.pk)},
        ),
        "submit for review": Target(
            "editor", url("disease_submit", disease.pk), None, examples(8), {"comment": "Ready."}
        ),
        "review approval": Target(
            "reviewer",
            url("disease_review", content["in review"].pk),
            "approve-form",
            examples(15),
            {"action": "approve"},
        ),
        "reviewer profile change": Target(
            "admin_user", url("reviewerprofile_change", profile.pk), "reviewerprofile_form", examples(15), save
        ),
        "disease revert": Target(
            "editor",
            url("disease_revision", disease.pk, Version.objects.get_for_object(disease).last().pk),
            "revert-form",
            examples(6),
            {},
        ),
        "advice revert": Target(
            "editor",
            url("patientadvice_revision", advice.pk, Version.objects.get_for_object(advice).last().pk),
            "revert-form",
            examples(6),
            {},
        ),
        "reviewer profile add": Target(
            "admin_user", url("reviewerprofile_add"), "reviewerprofile_form", examples(8), save
        ),
    }


def odd_values(ids):
    """What no browser sends where a number, an id, a date, a choice or a text belongs."""
    return st.one_of(
        st.sampled_from(NOT_NUMBERS + HUGE + ODD_TEXT + ODD_DATES),
        st.integers(-(2**70), 2**70).map(str),
        st.floats().map(str),
        st.sampled_from(ids).map(str),
        st.text(max_size=20),
        st.text(alphabet=string.digits + "-.,e ", max_size=25),
    )


def changes(original, ids):
    """A few fields replaced, repeated or left out; half of them numbers on the page (ids, positions, counts)."""
    numbers = sorted(name for name, value in original.items() if isinstance(value, str) and value.isdigit())
    field = st.one_of(st.sampled_from(numbers or sorted(original)), st.sampled_from(sorted(original)))
    value = odd_values(ids)
    return st.lists(
        st.one_of(
            st.tuples(st.just("set"), field, value),
            st.tuples(st.just("repeat"), field, st.lists(value, min_size=2, max_size=3)),
            st.tuples(st.just("drop"), field, st.none()),
        ),
        min_size=1,
        max_size=4,
    )


def tampered(data, edits):
    data = dict(data)
    for kind, name, value in edits:
        if kind == "drop":
            data.pop(name, None)
        else:
            data[name] = value
    return data


def every_id():
    """Ids in use by rows of any kind, and ids of none."""
    from django.apps import apps

    ids = {0, 999_999}
    for model in apps.get_app_config("diseases").get_models():
        ids.update(model._base_manager.values_list("pk", flat=True)[:50])
    return sorted(ids)


@pytest.mark.parametrize(
    "name",
    [
        "disease change",
        "disease add",
        "disease save and submit",
        "disease change, superuser",
        "shared group change",
        "shared group add",
        "shared groups list",
        "reference change",
        "reference add",
        "advice change",
        "advice moderation",
        "advice list action",
        "submit for review",
        "review approval",
        "reviewer profile change",
        "reviewer profile add",
        "disease revert",
        "advice revert",
    ],
)
def test_no_admin_form_gives_a_server_error_whatever_is_posted(request, content, name):
    target = targets(content)[name]
    client = Client()
    client.raise_request_exception = False
    client.force_login(request.getfixturevalue(target.user))
    original = dict(target.pressed)
    if target.form_id:
        page = client.get(target.url)
        assert page.status_code == 200, page.status_code
        original = {**form_data(page.content, target.form_id), **original}
        assert len(original) > len(target.pressed)
    ids = every_id()

    @settings(
        max_examples=target.examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(edits=changes(original, ids))
    def post_tampered(edits):
        data = tampered(original, edits)
        with transaction.atomic():
            response = client.post(target.url, data)
            transaction.set_rollback(True)
        counts["requests"] += 1
        if response.status_code >= 500:
            counts["server_errors"] += 1
        assert response.status_code < 500, edits

    post_tampered()
    # The page itself is as it was: every example was rolled back.
    assert Disease.objects.filter(pk=content["disease"].pk, status=content["disease"].status).exists()
