"""Adding a part of the page is declaring it once: its model, migration, `Part` and template; no other code changes."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_part_declared_by_another_app_is_edited_reviewed_translated_searched_and_shown():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/extra_part/check_extra_part.py",
            "--ds=tests.extra_part.settings",
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
