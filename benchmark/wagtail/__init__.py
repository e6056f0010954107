"""
A minimal Wagtail project holding the CNO/CRMO page of the demo content, to
measure what Wagtail spends serving the same page uncached. It runs in a
virtualenv of its own (requirements.txt), never in the project's:

    python -m benchmark.wagtail.measure

from the repository root prints the environment variables `manage.py benchmark_pages`
reads (`make benchmark` passes them on).
"""
