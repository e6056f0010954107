"""
A model-based test of medical review through the admin.

Users of every group (editor, reviewer, both, moderator, superuser, staff
without permissions) click through random sequences of the admin's own
screens over a world holding a page in every state: they open any screen of
a page, a shared group, a reference or patient advice (forms, history and
revert screens, recover lists, review screens, list actions) and send any
form it offers, unchanged, edited or with another button, either at once or
later, after others have acted (a stale review screen, an old revert form).

After every step the rules of `tests/invariants.py` hold (content changes
only as a recorded edit by someone allowed to; no page is approved with
working rows that differ from its publication; publications credit only a
reviewer who did not edit them since the previous review), and every
reviewed publication is one whose fingerprint its reviewer was shown.

WORKFLOW_MODEL_EXAMPLES sets how many sequences run (each of up to
WORKFLOW_MODEL_STEPS steps).
"""

import os
from urllib.parse import urljoin

import pytest
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule, run_state_machine_as_test

from diseases.models import Publication

from . import invariants
from .admin_inventory import Writes, admin_routes, build_world, fill, post_forms, variants

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("WORKFLOW_MODEL_EXAMPLES", "6"))
STEPS = int(os.environ.get("WORKFLOW_MODEL_STEPS", "25"))
# The screens of the content and its review: the project's own app.
CONTENT_PREFIX = "admin/diseases/"
WRITERS = ["editor", "editor and reviewer", "superuser"]
REVIEWERS = ["reviewer", "editor and reviewer", "superuser"]
WORDS = ["Swelling.", "Fiebre", "fièvre", "", "<b>bold</b>", "[link](https://example.org)", "- a list item"]


def screens():
    """
    {route: its addresses as the database stands now} of every content screen,
    each of an object with its own versions (the inventory of write paths
    tries every mismatch).
    """
    found = {route: [target.url for target in fill(route) if not target.foreign] for route, _pattern in admin_routes()}
    return {route: urls for route, urls in found.items() if route.startswith(CONTENT_PREFIX) and urls}


def a_screen(data, kinds=None):
    """
    A kind of screen (a route ending with one of `kinds`, if given), then one
    of its addresses: each kind as likely, however many addresses it has.
    """
    found = screens()
    routes = sorted(route for route in found if kinds is None or route.endswith(kinds))
    route = data.draw(st.sampled_from(routes), label="kind of screen")
    return data.draw(st.sampled_from(found[route]), label="screen")


class AdminWorkflow(RuleBasedStateMachine):
    users = {}  # set by the test: {role: user}

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        build_world(self.users)
        self.clients = {}
        self.kept = []  # (role, url, form) of screens opened earlier, to send later
        self.shown = set()  # (user id, fingerprint) of every approval form shown
        self.first_publication = invariants.take().last_publication
        self.steps = 0

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)
        AdminWorkflow.steps_run += self.steps

    def client(self, role):
        if role not in self.clients:
            self.clients[role] = Client()
            self.clients[role].force_login(self.users[role])
        return self.clients[role]

    def open(self, role, url):
        response = self.client(role).get(url)
        assert response.status_code < 500, f"GET {url} as {role}: {response.status_code}"
        forms = post_forms(response.content)
        for form in forms:
            if "approve-fingerprint" in form.data:
                self.shown.add((self.users[role].pk, form.data["approve-fingerprint"]))
        return forms

    def send(self, role, url, form, data):
        """POST what `role` chose on the screen at `url`; then every rule must hold."""
        before = invariants.take()
        writes = Writes()
        with connection.execute_wrapper(writes):
            address = urljoin(url, form.action) if form and form.action else url
            response = self.client(role).post(address, data)
        assert response.status_code < 500, f"POST {address} as {role}: {response.status_code}"
        self.steps += 1
        if writes.content:
            AdminWorkflow.writes_checked += 1
            invariants.check(before, self.users[role], f"POST {address} as {role}")
            self.check_approvals_were_seen()

    def check_approvals_were_seen(self):
        for publication in Publication.objects.filter(pk__gt=self.first_publication, reviewed_by__isnull=False):
            assert (publication.reviewed_by_id, publication.fingerprint) in self.shown, (
                f"publication {publication.pk} of page {publication.disease_id} was never shown to its reviewer"
            )

    def act(self, data, roles, kinds=None, edit=False):
        """`roles` open a screen of one of `kinds` of route (any when None) and send one of its forms at once."""
        role = data.draw(st.sampled_from(roles), label="user")
        url = a_screen(data, kinds)
        forms = self.open(role, url) or [None]
        form = data.draw(st.sampled_from(forms), label="form")
        if edit and form is not None and form.texts:
            sent = dict(data.draw(st.sampled_from(variants(form)[:-1] or variants(form)), label="button"))
            name = data.draw(st.sampled_from(form.texts), label="field")
            sent[name] = f"{sent.get(name) or ''} {data.draw(st.sampled_from(WORDS), label='word')}".strip()
        else:
            sent = data.draw(st.sampled_from(variants(form) if form else [{}]), label="sent")
        self.send(role, url, form, sent)

    @rule(data=st.data())
    def act_on_any_screen(self, data):
        self.act(data, sorted(self.users))

    @rule(data=st.data())
    def edit_content(self, data):
        """Someone who writes changes a text of a page, a shared group or a reference."""
        self.act(data, WRITERS, kinds=("<path:object_id>/change/",), edit=True)

    @rule(data=st.data())
    def revert_or_recover(self, data):
        self.act(data, WRITERS, kinds=("history/(\\d+)/$", "recover/(\\d+)/$"))

    @rule(data=st.data())
    def move_a_page_through_review(self, data):
        """Submit, publish awaiting review, approve or request changes, delete."""
        kinds = ("/submit/", "/publish/", "/review/", "/delete/")
        self.act(data, sorted(set(WRITERS) | set(REVIEWERS)), kinds=kinds)

    @rule(data=st.data())
    def open_a_screen_for_later(self, data):
        role = data.draw(st.sampled_from(sorted(self.users)), label="user")
        url = a_screen(data)
        self.kept += [(role, url, form) for form in self.open(role, url)]

    @precondition(lambda self: self.kept)
    @rule(data=st.data())
    def send_a_screen_opened_earlier(self, data):
        """What someone sends from a screen others have acted on since: a stale review, an old revert."""
        role, url, form = data.draw(st.sampled_from(self.kept), label="kept screen")
        sent = data.draw(st.sampled_from(variants(form)), label="sent")
        self.send(role, url, form, sent)


AdminWorkflow.steps_run = AdminWorkflow.writes_checked = 0


def test_no_sequence_of_admin_screens_breaks_medical_review(every_kind_of_user):
    AdminWorkflow.users = every_kind_of_user
    AdminWorkflow.steps_run = AdminWorkflow.writes_checked = 0
    run_state_machine_as_test(
        AdminWorkflow,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    # Forms were really sent and content really changed, not only screens opened.
    assert AdminWorkflow.writes_checked > EXAMPLES, (AdminWorkflow.steps_run, AdminWorkflow.writes_checked)
    print(f"{AdminWorkflow.steps_run} forms sent, {AdminWorkflow.writes_checked} of them wrote content")
