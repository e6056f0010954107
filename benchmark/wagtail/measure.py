"""
Serve the CNO/CRMO page from the Wagtail project and print what one request
costs: it migrates a throw-away SQLite database, creates the page, then asks
for the page through Wagtail's own route (Site, page tree, template) with
django.test.Client, the least disturbed of five batches of CPU time, as
`manage.py benchmark_pages` measures the project's pages. It prints, for
`manage.py benchmark_pages` to read from the environment:

    WAGTAIL_VERSION=8.0.1 WAGTAIL_PAGE_CPU_MS=12.3456 WAGTAIL_PAGE_BYTES=17000
"""

import os
import sys
import tempfile
import time
from pathlib import Path

PATH = "/en/diseases/cno-crmo/"


def cpu_per_request(client, rounds=100, batches=5):
    client.get(PATH)
    timings = []
    for _batch in range(batches):
        start = time.process_time()
        for _round in range(rounds // batches):
            client.get(PATH)
        timings.append((time.process_time() - start) / (rounds // batches) * 1000)
    return min(timings)


def main():
    with tempfile.TemporaryDirectory(prefix="wagtail-benchmark-") as workdir:
        os.environ["DJANGO_SETTINGS_MODULE"] = "benchmark.wagtail.settings"
        os.environ["WAGTAIL_BENCHMARK_DATABASE"] = str(Path(workdir) / "wagtail.sqlite3")
        # Imported once the settings are named: django.test and the models read them.
        import django
        import wagtail
        from django.core.management import call_command
        from django.test import Client

        django.setup()
        call_command("migrate", verbosity=0)
        from benchmark.wagtail.content import create_disease_page

        create_disease_page()
        client = Client(HTTP_HOST="127.0.0.1")
        response = client.get(PATH)
        if response.status_code != 200:
            sys.exit(f"{PATH} answered {response.status_code}")
        cpu = cpu_per_request(client)
        print(  # noqa: T201 - read by make benchmark
            f"WAGTAIL_VERSION={wagtail.__version__} WAGTAIL_PAGE_CPU_MS={cpu:.4f} "
            f"WAGTAIL_PAGE_BYTES={len(response.content)}"
        )


if __name__ == "__main__":
    main()
