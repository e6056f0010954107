"""
Bounded admin input: each part of a page holds a documented maximum of rows
(`Part.max_rows`), and a form claiming more is refused at once with a form
error, having built no more rows than that; a malformed number or id in any
admin form is a form error, never a server error.
"""

import html
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import URLResolver, reverse

from diseases import parts
from diseases.models import Disease, PatientAdvice, Reference, ReviewerProfile

from .factories import make_reference, make_shared_group
from .forms import form_data

pytestmark = pytest.mark.django_db


def text_of(response):
    return html.unescape(response.content.decode())


def disease_form(client, disease):
    url = reverse("admin:diseases_disease_change", args=[disease.pk])
    return url, form_data(client.get(url).content, "disease_form")


def posted_formsets(response):
    """{prefix: formset} of every inline formset on the re-shown form, nested ones included."""
    found = {}

    def visit(formsets):
        for inline_formset in formsets:
            formset = getattr(inline_formset, "formset", inline_formset)
            found[formset.prefix] = formset
            for form in formset.forms:
                visit(getattr(form, "nested_formsets", []))

    visit(response.context["inline_admin_formsets"])
    return found


@pytest.fixture
def server_errors_as_answers(editor_client):
    editor_client.raise_request_exception = False
    return editor_client


# A maximum of rows per part


def test_every_part_of_a_page_has_a_maximum_of_rows():
    for part in parts.all_parts():
        if part.owned:
            assert part.max_rows >= max(part.minimum, 1), part.key


@pytest.mark.parametrize(
    "prefix, part_key",
    [("names", "names"), ("symptom_groups", "groups"), ("symptom_groups-0-symptoms", "symptoms")],
)
def test_a_form_claiming_too_many_rows_is_refused_at_once(server_errors_as_answers, demo, prefix, part_key):
    client = server_errors_as_answers
    url, data = disease_form(client, demo)
    data[f"{prefix}-TOTAL_FORMS"] = "100000"
    data["definition_en"] = "Changed, but not saved."
    part = next(part for part in parts.all_parts() if part.key == part_key)

    response = client.post(url, data)

    assert response.status_code == 200
    formset = posted_formsets(response)[prefix]
    assert len(formset.forms) <= part.max_rows
    assert f"There can be at most {part.max_rows} rows here." in text_of(response)
    demo.refresh_from_db()
    assert demo.definition_en != "Changed, but not saved."


def test_a_part_at_its_maximum_saves_and_one_more_row_is_refused(editor_client, demo):
    url, data = disease_form(editor_client, demo)
    part = next(part for part in parts.PAGE.children if part.key == "facts")
    existing = int(data["facts-TOTAL_FORMS"])
    for index in range(existing, part.max_rows + 1):
        data.update(
            {f"facts-{index}-{name}": f"Fact {index}" for name in ("text_en", "text_es", "text_fr")}
            | {f"facts-{index}-order": str(index), f"facts-{index}-disease": str(demo.pk)}
        )
    data["facts-TOTAL_FORMS"] = str(part.max_rows + 1)

    refused = editor_client.post(url, data)
    data["facts-TOTAL_FORMS"] = str(part.max_rows)
    saved = editor_client.post(url, data)

    assert refused.status_code == 200
    assert f"There can be at most {part.max_rows} rows here." in text_of(refused)
    assert saved.status_code == 302
    assert demo.facts.count() == part.max_rows


def test_the_fields_a_page_at_its_maximum_sends_are_accepted(editor_client, demo):
    """DATA_UPLOAD_MAX_NUMBER_FIELDS holds every field of a page with each part at its maximum of rows."""
    _url, data = disease_form(editor_client, demo)

    def row_fields(prefix):
        return {key for key in data if key.startswith(f"{prefix}-0-") and key.count("-") == prefix.count("-") + 2}

    def fields_at_most(part, prefix):
        own = len(row_fields(prefix)) + sum(
            4 + fields_at_most(child, f"{prefix}-0-{child.accessor}") for child in part.children if child.owned
        )
        # The rows, and the empty row that "Add another" copies.
        return (part.max_rows + 1) * own

    # The page's own fields, and the button that was pressed.
    page_fields = {key for key in data if "-" not in key} | {"_save"}
    most = len(page_fields) + sum(4 + fields_at_most(part, part.accessor) for part in parts.PAGE.children if part.owned)

    assert most <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS < 2 * most


def test_more_fields_than_a_page_can_hold_are_refused(server_errors_as_answers, demo, settings):
    url, data = disease_form(server_errors_as_answers, demo)
    data.update({f"padding-{index}": "x" for index in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)})

    assert server_errors_as_answers.post(url, data).status_code == 400


# Malformed numbers and ids


@pytest.mark.parametrize("value", ["abc", "1.5", "", " ", "1e3", "\x00", "9" * 30])
def test_a_malformed_row_position_is_a_form_error(server_errors_as_answers, demo, value):
    url, data = disease_form(server_errors_as_answers, demo)
    data["names-0-order"] = value
    data["definition_en"] = "Changed, but not saved."

    response = server_errors_as_answers.post(url, data)

    assert response.status_code == 200
    assert "Please correct the error" in text_of(response)
    demo.refresh_from_db()
    assert demo.definition_en != "Changed, but not saved."


def test_rows_sharing_a_position_on_a_form_shown_again_are_all_shown(server_errors_as_answers, demo):
    url, data = disease_form(server_errors_as_answers, demo)
    data.update({"names-0-order": "1", "names-1-order": "1", "slug": ""})

    response = server_errors_as_answers.post(url, data)

    assert response.status_code == 200
    page = text_of(response)
    assert data["names-0-name_en"] in page and data["names-1-name_en"] in page


def test_rows_are_shown_again_in_the_order_they_were_put_in(editor_client, demo):
    url, data = disease_form(editor_client, demo)
    first, second = data["names-0-name_en"], data["names-1-name_en"]
    data.update({"names-0-order": "5", "names-1-order": "2", "slug": ""})

    page = text_of(editor_client.post(url, data))

    assert page.index(second) < page.index(first)


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "9" * 30, "\x00", "1 OR 1=1", "٣"])
def test_a_malformed_reference_of_a_shared_group_is_a_form_error(server_errors_as_answers, editor, value):
    group = make_shared_group(editor, reference=make_reference(editor))
    url = reverse("admin:diseases_sharedsymptomgroup_change", args=[group.pk])
    data = form_data(server_errors_as_answers.get(url).content, "sharedsymptomgroup_form")
    data["reference"] = value

    response = server_errors_as_answers.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["reference"]
    group.refresh_from_db()
    assert group.reference == Reference.objects.get()


@pytest.mark.parametrize("value", ["abc", "1.5", "9" * 30])
def test_a_malformed_reference_of_a_pages_group_is_a_form_error(server_errors_as_answers, demo, value):
    url, data = disease_form(server_errors_as_answers, demo)
    data["symptom_groups-0-reference"] = value

    response = server_errors_as_answers.post(url, data)

    assert response.status_code == 200
    assert "Select a valid choice" in text_of(response)


@pytest.mark.parametrize("value", ["abc", "1.5", "9" * 30])
def test_a_malformed_user_of_a_reviewer_profile_is_a_form_error(admin_client, reviewer, value):
    admin_client.raise_request_exception = False
    profile = reviewer.reviewer_profile
    url = reverse("admin:diseases_reviewerprofile_change", args=[profile.pk])
    data = form_data(admin_client.get(url).content, "reviewerprofile_form")
    data["user"] = value

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["user"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert ReviewerProfile.objects.get(pk=profile.pk).user == reviewer


def test_a_page_form_with_malformed_counts_of_rows_is_a_form_error(server_errors_as_answers, demo):
    url, data = disease_form(server_errors_as_answers, demo)
    data.update({"names-TOTAL_FORMS": "abc", "facts-INITIAL_FORMS": "-1", "definition_en": "Changed, but not saved."})

    response = server_errors_as_answers.post(url, data)

    assert response.status_code == 200
    assert Disease.objects.get(pk=demo.pk).definition_en != "Changed, but not saved."


# Malformed filters in a list's address


@pytest.mark.parametrize(
    "changelist, params",
    [
        ("patientadvice", {"status__exact": "pending", "text__regex": "("}),
        ("patientadvice", {"status__exact": "pending", "email__range": "m,n"}),
        ("patientadvice", {"status__exact": "pending", "text__contains": "fever\x00"}),
        ("patientadvice", {"status__exact": "pending", "submitted_at__date": "abc"}),
        ("disease", {"slug__iregex": "[", "names__name_en__regex": "*"}),
        ("disease", {"id": "9" * 30}),
        ("disease", {"id__in": f"1,{'9' * 30}"}),
        ("disease", {"id__gt": "-" + "9" * 30}),
        ("disease", {"status__exact": "\x00"}),
        ("reference", {"year__range": "1,2,3"}),
        ("reference", {"year": "1.5"}),
    ],
)
def test_a_malformed_filter_of_a_list_is_no_server_error(server_errors_as_answers, demo, changelist, params):
    # Rows for the database to test the filter on.
    PatientAdvice.objects.create(disease=demo, text="Rest.", role="patient", language="en", consent=True)
    make_reference()
    response = server_errors_as_answers.get(reverse(f"admin:diseases_{changelist}_changelist"), params, follow=True)

    assert response.status_code in (200, 400)


# Malformed ids in the admin's addresses


def admin_paths_with_ids():
    """Every address of the admin with a part that names an object, as (pattern, name)."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif "<" in str(pattern.pattern) or "(" in str(pattern.pattern).replace("(?P<url>", ""):
                yield prefix + str(pattern.pattern), pattern.name

    return [found for found in walk(admin.site.get_urls(), "/admin/") if "(?P<" not in found[0]]


NOT_OBJECT_IDS = ["abc", "9" * 30, "%00"]


def with_id(pattern, value):
    path = re.sub(r"<[^>]+>", value, pattern)
    return re.sub(r"\([^)]*\)", value, path).replace("^", "").replace("$", "")


def test_a_malformed_id_in_any_admin_address_is_not_found_or_refused(admin_client, demo):
    admin_client.raise_request_exception = False
    paths = admin_paths_with_ids()
    assert len(paths) > 50
    answers = {}
    for pattern, _name in paths:
        for value in NOT_OBJECT_IDS:
            path = with_id(pattern, value)
            for method in (admin_client.get, admin_client.post):
                status = method(path).status_code
                answers.setdefault(status, []).append(path)
    assert not [status for status in answers if status >= 500], {status: answers[status][:5] for status in answers}


def test_malformed_parameters_of_lists_and_lookups_are_no_server_error(admin_client, demo):
    """Pages, orderings, dates, facets, popups and the autocomplete, as the addresses of the admin carry them."""
    admin_client.raise_request_exception = False
    autocomplete = "/admin/autocomplete/?app_label=diseases&model_name=sharedsymptomgroup&field_name=reference"
    addresses = [
        f"{autocomplete}&term=%00",
        f"{autocomplete}&term=a&page=abc",
        f"{autocomplete}&term=a&page=99999999999999999999",
        "/admin/autocomplete/?app_label=diseases&model_name=reviewerprofile&field_name=user&term=" + "x" * 5000,
        "/admin/autocomplete/?app_label=%00&model_name=x&field_name=y",
        "/admin/diseases/publication/?published_at__year=abc",
        "/admin/diseases/publication/?published_at__year=2024&published_at__month=13",
        "/admin/diseases/reviewevent/?created_at__year=2024&created_at__month=2&created_at__day=30",
        "/admin/diseases/disease/?o=abc.-x.999999999999999999999",
        "/admin/diseases/disease/?p=99999999999999999999",
        "/admin/diseases/disease/?_facets=1&status__exact=%00",
        "/admin/diseases/disease/?live__isempty=abc",
        "/admin/diseases/disease/?worked_on=%00",
        "/admin/diseases/disease/?_popup=1&_to_field=password",
        "/admin/diseases/patientadvice/?disease__id__exact=99999999999999999999",
        "/admin/diseases/patientadvice/?status__exact=pending&q=" + "%00" * 10,
        "/admin/diseases/disease/translations/?language=%00&status=abc",
        f"/admin/diseases/disease/{demo.pk}/compare/?old=99999999999999999999&new=abc",
        "/admin/diseases/diseasereviewdue/?overdue=%00",
        "/admin/axes/accessattempt/?locked_out=yes&q=%00",
    ]

    answers = {address: admin_client.get(address).status_code for address in addresses}

    assert not {address: status for address, status in answers.items() if status >= 500}
