"""The project's settings with a fourth language, German, as a deployment would add it."""

from aiarthritis.settings import *  # noqa: F403

LANGUAGES = [*LANGUAGES, ("de", "German")]  # noqa: F405

# Its own test database, beside the one of the suite that starts this run.
if "sqlite" in DATABASES["default"]["ENGINE"]:  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
else:
    DATABASES["default"]["TEST"] = {"NAME": "test_aiarthritis_fourth_language"}  # noqa: F405

# Its emergency number, as a deployment in Germany would set it.
EMERGENCY_NUMBERS = {**EMERGENCY_NUMBERS, "de": "112"}  # noqa: F405
