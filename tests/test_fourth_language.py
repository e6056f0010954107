"""Adding a language is a settings change, a migration and a catalog: no code changes."""

from .own_settings import run_suite


def test_a_fourth_language_works_without_code_changes():
    result = run_suite("tests/fourth_language/check_german.py", "tests.fourth_language.settings", "--no-migrations")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
