"""Adding a language is a settings change, a migration and a catalog: no code changes."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_fourth_language_works_without_code_changes():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/fourth_language/check_german.py",
            "--ds=tests.fourth_language.settings",
            "--no-migrations",
            "-p",
            "no:cacheprovider",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
