"""
The production settings plus “the floor” for `manage.py benchmark_pages`: a
minimal view returning, from a template, the same bytes as a disease page.
"""

from .settings import *  # noqa: F403
from .settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "aiarthritis.benchmark_urls"
# benchmark_pages writes floor.html here before it measures.
BENCHMARK_FLOOR_DIR = BASE_DIR / "benchmark-floor"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BENCHMARK_FLOOR_DIR]
