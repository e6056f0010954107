import importlib
import io
import os

import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache, caches
from django.core.management import call_command
from django.urls import clear_url_caches
from django.utils import translation

from diseases import page_cache, readability
from diseases.models import Disease, ReviewerProfile, TranslationGrant
from diseases.permissions import EDITORS_GROUP, REVIEWERS_GROUP, TRANSLATORS_GROUP

from .admin_inventory import build_world


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tests that are about the minimum fill time set their own.
    settings.ADVICE_FORM_MIN_SECONDS = 0
    settings.FEEDBACK_FORM_MIN_SECONDS = 0
    # Tests of the page cache turn it on (tests/test_page_cache.py): elsewhere,
    # changes made inside a test's transaction, which never commits, would not
    # reach pages cached earlier in the test.
    settings.PUBLIC_PAGE_CACHE = False
    cache.clear()
    page_cache.local_pieces.clear()
    # Rate-limit counters are in-process: each test starts with none.
    caches[settings.RATELIMIT_USE_CACHE].clear()
    # What a text measures is remembered in-process: each test measures afresh,
    # so that a figure comes from the code under test, not from an earlier test.
    readability.measure.cache_clear()
    readability.plain_text.cache_clear()
    # A request leaves its language active in this thread: start each test in English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


# mutmut runs each mutant in a process forked from one that built the
# URLconf already, so a mutant of an admin's URLs (its `get_urls`) would never
# apply; and, built once, the URLs would be tied to whichever test came first
# when mutmut records which tests call what. Under mutmut, the URLconf is built
# anew: before every test while it records, once per run of a mutant. (Read
# when each run starts: mutmut runs pytest several times in one process.)
def mutant_under_test():
    return os.environ.get("MUTANT_UNDER_TEST", "")


def build_urls_anew():
    importlib.reload(importlib.import_module(django_settings.ROOT_URLCONF))
    clear_url_caches()


@pytest.fixture(autouse=True, scope="session")
def _urls_of_the_mutant_under_test():
    if mutant_under_test() not in ("", "stats"):
        build_urls_anew()


@pytest.fixture(autouse=True)
def _urls_built_by_every_test_while_mutmut_records():
    if mutant_under_test() == "stats":
        build_urls_anew()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """
    Each process mutmut forks to run mutants reads the test database's name
    from settings its parent read: on PostgreSQL, where that name is one
    database on a shared server, each run gets a database of its own.
    """
    if mutant_under_test() in ("", "stats"):
        return
    for database in django_settings.DATABASES.values():
        if database["ENGINE"] != "django.db.backends.sqlite3":
            database["TEST"]["NAME"] = f"{database['TEST']['NAME']}_{os.getpid()}"


def make_user(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="pw", **{"email": f"{username}@example.org", "is_staff": True, **extra}
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return make_user(django_user_model, "ed", EDITORS_GROUP)


@pytest.fixture
def other_editor(db, django_user_model):
    return make_user(django_user_model, "ed2", EDITORS_GROUP)


@pytest.fixture
def reviewer(db, django_user_model):
    user = make_user(django_user_model, "rev", REVIEWERS_GROUP)
    ReviewerProfile.objects.create(
        user=user,
        display_name="Dr Ada Lane",
        credentials_en="MD, paediatric rheumatologist",
        credentials_es="médica, reumatóloga pediátrica",
        credentials_fr="médecin, rhumatologue pédiatrique",
    )
    return user


@pytest.fixture
def second_reviewer(db, django_user_model):
    return make_user(django_user_model, "rev2", REVIEWERS_GROUP)


@pytest.fixture
def translator(db, django_user_model):
    """A volunteer who translates into Spanish, and nothing else."""
    user = make_user(django_user_model, "tra", TRANSLATORS_GROUP)
    TranslationGrant.objects.create(user=user, language="es")
    return user


@pytest.fixture
def editor_and_reviewer(db, django_user_model):
    """Someone in both groups, credited as a reviewer: four-eyes is what stops them approving their own edits."""
    user = make_user(django_user_model, "both", EDITORS_GROUP)
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    ReviewerProfile.objects.create(user=user, display_name="Dr Both", credentials="MD")
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def demo(db):
    """The demo pages (`load_demo_content --pages-only`): CNO/CRMO and AOSD, published awaiting review."""
    call_command("load_demo_content", pages_only=True, stdout=io.StringIO())
    return Disease.objects.get(slug="cno-crmo")


@pytest.fixture
def full_demo(db):
    """The demo content exactly as `make run` loads it, with work waiting in the admin."""
    call_command("load_demo_content", stdout=io.StringIO())
    return Disease.objects.get(slug="cno-crmo")


def pytest_terminal_summary(terminalreporter):
    """The figures of the generated-input tests (fuzzing, the cache model), when they ran."""
    from . import test_admin_fuzz, test_cache_model, test_fuzz

    for name, counts in (("fuzz", test_fuzz.counts), ("admin fuzz", test_admin_fuzz.counts)):
        if counts["requests"]:
            terminalreporter.write_line(
                f"{name}: {counts['requests']} generated requests, {counts['server_errors']} server errors"
            )
    model = test_cache_model.counts
    if model["examples"]:
        terminalreporter.write_line(
            "cache model: {examples} examples, {steps} steps, {requests} requests ({hits} cache hits, "
            "{not_modified} 304s), {changes} changes made, {refused} refused by the workflow".format(**model)
        )


def pytest_collection_modifyitems(config, items):
    """
    Tests of one database's own ways run on that database: the other suite
    leaves them out, saying so (CI runs both).
    """
    on_postgresql = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    elsewhere = [item for item in items if item.get_closest_marker("sqlite" if on_postgresql else "postgresql")]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if item not in elsewhere]


@pytest.fixture
def every_kind_of_user(db, django_user_model, editor, reviewer, editor_and_reviewer, translator):
    """One user of each group, a superuser and a member of staff with no permission."""
    moderator = make_user(django_user_model, "moderator")
    moderator.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_patientadvice", "change_patientadvice", "moderate_patientadvice"]
        )
    )
    superuser = make_user(django_user_model, "root", is_superuser=True)
    ReviewerProfile.objects.create(user=superuser, display_name="Dr Root", credentials="MD")
    nobody = make_user(django_user_model, "staff")
    return {
        "editor": editor,
        "reviewer": reviewer,
        "editor and reviewer": editor_and_reviewer,
        "moderator": moderator,
        "translator": translator,
        "superuser": superuser,
        "staff without permissions": nobody,
    }


@pytest.fixture
def world(every_kind_of_user):
    """What the admin inventory walks over (`admin_inventory.build_world`): every state of a page, and more."""
    return build_world(every_kind_of_user)


@pytest.fixture
def redis_commands(monkeypatch):
    """The commands this process sends to Redis from now on, on any connection."""
    commands = []
    send = redis.connection.AbstractConnection.send_command
    monkeypatch.setattr(
        redis.connection.AbstractConnection,
        "send_command",
        lambda self, *args, **kwargs: commands.append(args) or send(self, *args, **kwargs),
    )
    return commands
