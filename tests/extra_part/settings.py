"""The project's settings with one more app declaring a part of the page (tests/extra_part/models.py)."""

from aiarthritis.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.extra_part"]  # noqa: F405

# Its own test database, beside the one of the suite that starts this run.
if "sqlite" in DATABASES["default"]["ENGINE"]:  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
else:
    DATABASES["default"]["TEST"] = {"NAME": "test_aiarthritis_extra_part"}  # noqa: F405
