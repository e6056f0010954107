"""Adding a part of the page is declaring it once: its model, migration, `Part` and template; no other code changes."""

from .own_settings import run_suite


def test_a_part_declared_by_another_app_is_edited_reviewed_translated_searched_and_shown():
    result = run_suite("tests/extra_part/check_extra_part.py", "tests.extra_part.settings")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
