"""Running a suite of tests under settings of its own (another language, another app), in a process of its own."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_suite(path, settings, *options):
    """Run the tests of `path` with the settings module `settings`; the finished pytest process."""
    return subprocess.run(  # noqa: S603 - the project's own tests, with fixed arguments
        [sys.executable, "-m", "pytest", path, f"--ds={settings}", *options, "-p", "no:cacheprovider", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
