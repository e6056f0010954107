"""The history screens as editors and reviewers use them: an old version to revert to, and what was deleted."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from reversion.models import Revision

from diseases.models import ContentEdit, Disease, Reference, ReviewEvent

from .factories import make_disease, make_reference

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2020, 1, 2, 3, 4, tzinfo=datetime.UTC)
DELETION = datetime.datetime(2026, 5, 3, 10, 4, tzinfo=datetime.UTC)


def row_of(response, table_id, text):
    """The text of the row of table `table_id` that mentions `text`."""
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', response.content.decode(), re.S).group(1)
    rows = [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", row))) for row in table.split("<tr")]
    return next(row for row in rows if text in row)


def test_the_recover_list_says_when_and_by_whom_a_page_was_deleted(client, editor, other_editor):
    page = make_disease(editor)
    client.force_login(other_editor)
    assert client.post(reverse("admin:diseases_disease_delete", args=[page.pk]), {"post": "yes"}).status_code == 302
    # Last saved long before it was deleted.
    Disease.objects.filter(pk=page.pk).update(updated_at=LONG_AGO)
    ReviewEvent.objects.filter(disease=page, action=ReviewEvent.Action.DELETED).update(created_at=DELETION)
    client.force_login(editor)

    row = row_of(client.get(reverse("admin:diseases_disease_recoverlist")), "deleted-pages", "SJIA")

    assert "3 May 2026, 10:04" in row
    assert "ed2" in row
    assert "2020" not in row


def test_the_recover_list_of_references_says_when_and_by_whom_each_was_deleted(client, editor, other_editor):
    reference = make_reference(editor)
    # Written and last saved long before it was deleted.
    Revision.objects.update(date_created=LONG_AGO)
    ContentEdit.objects.update(created_at=LONG_AGO)
    client.force_login(other_editor)
    delete_url = reverse("admin:diseases_reference_delete", args=[reference.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Reference.objects.filter(pk=reference.pk).exists()
    ContentEdit.objects.filter(object_id=reference.pk, user=other_editor).update(created_at=DELETION)
    client.force_login(editor)

    row = row_of(client.get(reverse("admin:diseases_reference_recoverlist")), "deleted-items", "Early Symptoms Study")

    assert "3 May 2026, 10:04" in row
    assert "ed2" in row
    assert "2020" not in row
