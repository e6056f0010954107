"""The admin costs the same number of queries however many rows its lists and forms show."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diseases import workflow
from diseases.admin.review import DiseaseFilter
from diseases.models import Disease, PageFeedback, PatientAdvice, Publication, ReviewEvent

from .factories import make_disease, make_reference, make_shared_group

pytestmark = pytest.mark.django_db

DUE_SOON = datetime.timedelta(days=10)


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw"))
    return client


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, follow=True)
    assert response.status_code == 200
    return len(captured)


def add_published_pages(editor, reviewer, count, start):
    for number in range(start, start + count):
        reference = make_reference(editor, title=f"Study {number}")
        make_shared_group(editor, title=f"Shared {number}", reference=reference, order=number)
        page = make_disease(editor, slug=f"page-{number}", abbreviation=f"P{number}", reference=reference)
        page.submit_for_review(editor)
        page.approve(reviewer)
        # Due for review soon: the list of pages due for review shows it.
        Publication.objects.filter(pk=page.live_id).update(next_review_due=timezone.localdate() + DUE_SOON)
        for text in ("Rest helps.", "Ask early."):
            advice = PatientAdvice.objects.create(disease=page, text=text, role="patient", language="en", consent=True)
            advice.approve(editor)
        # The moderation queue opens on what waits.
        PatientAdvice.objects.create(disease=page, text="Pace yourself.", role="patient", language="es", consent=True)
        with workflow.editing(editor):
            page.definition_en = "Edited again."
            page.save()
        # Asked of a named reviewer: the queue names each page's assignee.
        page.submit_for_review(editor, assignee=reviewer)


def changelists():
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_label == "diseases"
    ]


def test_every_admin_list_costs_the_same_with_more_rows(admin_client, editor, reviewer):
    add_published_pages(editor, reviewer, 2, start=0)
    few = {url: queries(admin_client, url) for url in changelists()}

    add_published_pages(editor, reviewer, 5, start=2)
    many = {url: queries(admin_client, url) for url in changelists()}

    assert Publication.objects.count() >= 7 and ReviewEvent.objects.count() >= 20
    assert many == few


def test_the_disease_form_costs_the_same_with_more_rows(admin_client, editor):
    page = make_disease(editor)
    url = reverse("admin:diseases_disease_change", args=[page.pk])
    small = queries(admin_client, url)

    with workflow.editing(editor):
        for number in range(8):
            page.names.create(name_en=f"Other name {number}", order=number + 1)
            page.facts.create(text_en=f"Fact {number}", order=number + 1)
            page.sections.create(title_en=f"Section {number}", body_en="Text", order=number)
            page.resources.create(title_en=f"Resource {number}", url="https://example.org/", order=number)
            group = page.symptom_groups.create(title_en=f"Group {number}", order=number + 1)
            for symptom in range(4):
                group.symptoms.create(text_en=f"Symptom {number}.{symptom}", order=symptom)

    assert queries(admin_client, url) == small


def test_the_page_filter_names_each_page_as_it_is_named_elsewhere_in_every_language(editor):
    translated = make_disease(editor, slug="translated")
    untranslated = make_disease(editor, slug="untranslated", name="Only in English", abbreviation="OIE")
    untranslated.names.update(name_es="", abbreviation_es="", name_fr="")
    untranslated.names.create(order=1, name_en="Second name", name_fr="Deuxième nom")
    unnamed = make_disease(editor, slug="unnamed")
    unnamed.names.all().delete()

    for language in ("en", "es", "fr"):
        with translation.override(language):
            choices = DiseaseFilter(None, {}, PatientAdvice, None).lookup_choices
            named = {page.pk: str(page) for page in (translated, untranslated, unnamed)}

        assert dict(choices) == named
        assert [title for _pk, title in choices] == sorted(named.values(), key=str.casefold)


def test_the_page_filter_counts_each_pages_rows_when_asked(admin_client, editor, reviewer):
    add_published_pages(editor, reviewer, 2, start=0)
    page = Disease.objects.get(slug="page-1")

    response = admin_client.get(reverse("admin:diseases_reviewevent_changelist") + "?_facets=1")

    assert response.status_code == 200
    assert f"{page} ({ReviewEvent.objects.filter(disease=page).count()})" in response.content.decode()


def page_filter_parameters(pages):
    """Any mix of the feedback list's other parameters, some on either side of the page's, some repeated."""
    values = {
        "created_on__gte": st.dates().map(str),
        "helpful__exact": st.sampled_from(["0", "1"]),
        "kind__exact": st.sampled_from(PageFeedback.Kind.values),
        "language__exact": st.sampled_from(["en", "es", "fr"]),
        "status__exact": st.sampled_from(PageFeedback.Status.values),
        "q": st.text(max_size=12),
        "o": st.sampled_from(["1", "-2", "3.-1"]),
        DiseaseFilter.parameter_name: st.sampled_from([str(page.pk) for page in pages]),
    }
    return st.lists(st.sampled_from(sorted(values)), unique=True).flatmap(
        lambda names: st.tuples(
            *(st.tuples(st.just(name), st.lists(values[name], min_size=1, max_size=2)) for name in names)
        )
    )


def test_the_page_filter_offers_the_links_djangos_own_filter_would(admin_client, editor):
    """Built without Django's per-choice query strings, its choices must read the same whatever else is chosen."""
    pages = [make_disease(editor, slug=slug, name=name) for slug, name in (("one", "Alpha"), ("two", "Beta"))]

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(parameters=page_filter_parameters(pages))
    def links_match(parameters):
        query = [(name, value) for name, values in parameters for value in values]
        response = admin_client.get(reverse("admin:diseases_pagefeedback_changelist"), query)
        assert response.status_code == 200
        changelist = response.context["cl"]
        [page_filter] = [spec for spec in changelist.filter_specs if isinstance(spec, DiseaseFilter)]

        assert list(page_filter.choices(changelist)) == list(admin.SimpleListFilter.choices(page_filter, changelist))

    links_match()


def test_no_admin_list_reads_the_contents_of_publications(admin_client, editor, reviewer):
    """
    A publication holds every language of its page: the lists show its dates,
    names and who decided, never the rest. But the pages due for review: who
    last reviewed each page in full, and when, is read from its live
    publication, as the public page reads its credit line.
    """
    add_published_pages(editor, reviewer, 2, start=0)
    content = f"{connection.ops.quote_name(Publication._meta.db_table)}.{connection.ops.quote_name('content')}"
    due = reverse("admin:diseases_diseasereviewdue_changelist")

    for url in [url for url in changelists() if url != due]:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url, follow=True).status_code == 200
        reading = [query["sql"] for query in captured if content in query["sql"]]
        assert reading == [], url


def test_every_date_hierarchy_offers_the_dates_of_a_list_without_reading_each_row(admin_client, editor, reviewer):
    """
    The review log, publications and feedback only grow: a date hierarchy
    that asked for the distinct dates of every row would cost more each day
    (on SQLite, a date truncated in the app's process per row). The years
    run from the first row's to now; a year has its months, a month its days.
    """
    add_published_pages(editor, reviewer, 2, start=0)
    page = Disease.objects.get(slug="page-0")
    PageFeedback.objects.create(disease=page, language="en", helpful=True)
    PageFeedback.objects.create(disease=page, language="en", helpful=False, kind="other")
    long_ago = timezone.make_aware(datetime.datetime(2021, 3, 15, 12))
    this_year = timezone.localdate().year
    listed = [
        (model, model_admin.date_hierarchy)
        for model, model_admin in admin.site._registry.items()
        if model_admin.date_hierarchy
    ]
    assert {model for model, _field in listed} == {ReviewEvent, Publication, PageFeedback}

    for model, field in listed:
        first = model.objects.order_by("pk").first()
        when = long_ago.date() if field == "created_on" else long_ago
        model.objects.filter(pk=first.pk).update(**{field: when})
        url = reverse(f"admin:diseases_{model._meta.model_name}_changelist")

        with CaptureQueriesContext(connection) as captured:
            years = admin_client.get(url).content.decode()
        assert [query["sql"] for query in captured if "trunc" in query["sql"].lower()] == [], model
        for year in range(2021, this_year + 1):
            assert f"?{field}__year={year}" in years, (model, year)
        assert f"?{field}__year=2020" not in years

        months = admin_client.get(url, {f"{field}__year": 2021})
        for month in (1, 12):
            assert f"?{field}__month={month}&amp;{field}__year=2021" in months.content.decode(), (model, month)
        days = admin_client.get(url, {f"{field}__year": 2021, f"{field}__month": 3})
        assert f"{field}__day=31" in days.content.decode()
        assert [row.pk for row in days.context["cl"].result_list] == [first.pk], model


def test_a_date_hierarchy_starts_at_the_first_rows_year_in_the_sites_time_zone(admin_client, editor, settings):
    settings.TIME_ZONE = "Pacific/Auckland"
    page = make_disease(editor, slug="new-year")
    page.submit_for_review(editor)
    # 1 January 2021 at 1 am in Auckland.
    page.review_events.update(created_at=datetime.datetime(2020, 12, 31, 12, tzinfo=datetime.UTC))
    url = reverse("admin:diseases_reviewevent_changelist")

    years = admin_client.get(url).content.decode()
    first_year = admin_client.get(url, {"created_at__year": 2021, "created_at__month": 1, "created_at__day": 1})

    assert "?created_at__year=2021" in years and "?created_at__year=2020" not in years
    assert list(first_year.context["cl"].result_list) == list(page.review_events.all())
