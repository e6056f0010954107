"""
How fast the public site is, measured like production: gunicorn with DEBUG
off and the generated content, loaded with wrk, each figure set against “the
floor” (a minimal Django view returning the same bytes from a template)
measured in the same run; in-process CPU per page and per admin list (an
editor's first page of each); optionally through the
nginx page cache of deploy/nginx-site.conf, against nginx serving a static
file of the same size, and through Varnish with deploy/varnish.vcl, which
the app purges on publication. The page missing from the cache is set beside
Wagtail serving the same page uncached (benchmark/wagtail), which `make
benchmark` measures first and passes on in WAGTAIL_VERSION,
WAGTAIL_PAGE_CPU_MS and WAGTAIL_PAGE_BYTES.

Run it with `make benchmark`, which prepares the settings and the database.
"""

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from diseases import frontend_cache, reverse_proxy, search, search_gaps, workflow
from diseases.models import Disease, PendingPurge, Publication, SearchEntry, SearchSynonym, SymptomGroup

COOKIES = "csrftoken=" + "a" * 32 + "; django_language=fr; _ga=GA1.2.3.4; consent=yes"
# Every run counts the responses the page cache answered (X-Page-Cache: hit).
COUNT_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) hits = 0; responses = 0 end
function response(status, headers, body)
  responses = responses + 1
  if headers["X-Page-Cache"] == "hit" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local h, r = 0, 0
  for _, thread in ipairs(threads) do h = h + thread:get("hits"); r = r + thread:get("responses") end
  io.write(string.format("page cache: %d hits of %d responses\\n", h, r))
end
"""
# Every request a new address: never in the page cache, so each one renders.
MISS_SCRIPT = (
    COUNT_SCRIPT
    + """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "?miss=" .. counter)
end
"""
)
VISITOR = ["-H", f"Cookie: {COOKIES}"]
SCENARIOS = [
    # (label, path, extra wrk arguments)
    ("floor: the project's stack, same bytes", "/floor/", []),
    ("disease page, cache hit, visitor cookies", "/en/diseases/cno-crmo/", VISITOR),
    ("disease page, cache miss", "/en/diseases/cno-crmo/", ["@miss"]),
    ("A–Z index page 2 (uncached)", "/en/diseases/?page=2", []),
    ("search “fatigue” (uncached)", "/en/search/?q=fatigue", []),
]
# The page cache's other shared backend, measured beside the benchmark's CACHE_URL.
OTHER_CACHE_URL = "dbcache://aiarthritis_cache"


# A static file with the bytes of the disease page, in STATIC_ROOT.
SAME_BYTES = "benchmark-same-bytes.html"
# The app servers' settings that differ from this process's: it publishes with the same ones.
APP_SERVER_SETTINGS = {"PUBLIC_PAGE_SHARED_MAX_AGE": 10, "FRONTEND_CACHE_MAX_AGE": 60 * 60 * 24}


class Command(BaseCommand):
    help = "Measure the public pages under load (gunicorn, DEBUG off) as ratios to a floor measured in the same run."

    def add_arguments(self, parser):
        parser.add_argument("--diseases", type=int, default=1000, help="Published pages to measure with (generated).")
        parser.add_argument("--duration", type=int, default=5, help="Seconds of load per scenario.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
        parser.add_argument("--port", type=int, default=8731)
        parser.add_argument("--no-nginx", action="store_true", help="Skip the measurements through nginx.")
        parser.add_argument("--no-varnish", action="store_true", help="Skip the measurements through Varnish.")
        parser.add_argument(
            "--search-only", action="store_true", help="Only the 200 varied searches, in this process (no load)."
        )
        parser.add_argument(
            "--in-process-only",
            action="store_true",
            help="Only the CPU per request of each kind of page, in this process (no load), beside Wagtail's.",
        )

    def handle(self, *args, diseases, duration, connections, workers, port, no_nginx, no_varnish, **options):
        if settings.DEBUG or not hasattr(settings, "BENCHMARK_FLOOR_DIR"):
            raise CommandError("Run with DEBUG off and the benchmark settings (make benchmark does).")
        if options["search_only"]:
            self.prepare(diseases)
            self.search_latency()
            return
        if options["in_process_only"]:
            self.prepare(diseases)
            self.write_floor_page()
            self.in_process()
            return
        for program in ("wrk",):
            if shutil.which(program) is None:
                raise CommandError(f"{program} is missing (make benchmark installs it).")
        self.prepare(diseases)
        self.workdir = Path(tempfile.mkdtemp(prefix="aiarthritis-benchmark-"))
        try:
            page = self.write_floor_page()
            # Served by WhiteNoise, which finds the static files when the app server starts.
            (Path(settings.STATIC_ROOT) / SAME_BYTES).write_bytes(page)
            (self.workdir / "count.lua").write_text(COUNT_SCRIPT)
            (self.workdir / "miss.lua").write_text(MISS_SCRIPT)
            self.in_process()
            self.search_latency()
            self.shared_group_save()
            # This process publishes with the app servers' settings: the same site, the same page-cache generation.
            with override_settings(**APP_SERVER_SETTINGS), self.app_server(port, workers) as base:
                self.base = base
                with self.plain_floor_server(port + 3, workers) as plain:
                    floor = self.load(plain + "/floor/", "floor: plain Django, same bytes", [], duration, connections)
                results = [
                    self.load(base + path, label, extra, duration, connections) for label, path, extra in SCENARIOS
                ]
                with self.app_server(port + 4, workers, CACHE_URL=OTHER_CACHE_URL) as other:
                    results.append(
                        self.load(
                            other + SCENARIOS[1][1],
                            f"disease page, cache hit, {OTHER_CACHE_URL.split(':')[0]}",
                            VISITOR,
                            duration,
                            connections,
                        )
                    )
                self.report([floor, *results])
                if not no_nginx and reverse_proxy.nginx_command():
                    self.through_nginx(base, port + 1, len(page), duration, connections)
                if not no_varnish:
                    self.through_varnish(base, port + 2, duration, connections)
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def prepare(self, count):
        call_command("migrate", verbosity=0)
        call_command("createcachetable", OTHER_CACHE_URL.split("://")[1], verbosity=0)
        call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
        missing = count - Disease.objects.filter(slug__startswith="generated-").count()
        if missing > 0:
            self.stdout.write(f"Generating {missing} disease pages through the workflow…")
            call_command("generate_diseases", missing, stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("collectstatic", interactive=False, verbosity=0)
        if connection.vendor == "postgresql":
            # As autovacuum would have by now (a server may run without it):
            # fresh statistics, so that the planner uses the indexes; the dead
            # rows of generating the pages and of earlier runs (each run's
            # rolled-back shared-group save leaves a thousand publications)
            # cleared, and the entries waiting in the full-text index's pending
            # list merged into it, which every search would otherwise scan.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")

    def write_floor_page(self):
        """The disease page's bytes, written where the floors' template reads them."""
        page = Client(HTTP_HOST="127.0.0.1").get("/en/diseases/cno-crmo/").content
        settings.BENCHMARK_FLOOR_DIR.mkdir(exist_ok=True)
        (settings.BENCHMARK_FLOOR_DIR / "floor.html").write_bytes(page)
        self.stdout.write(f"{Disease.objects.public().count()} public pages; the disease page is {len(page)} bytes.")
        return page

    def in_process(self):
        """CPU milliseconds per request, in this process, for each kind of page."""
        visitor = Client(HTTP_HOST="127.0.0.1")
        editor = Client(HTTP_HOST="127.0.0.1")
        editor.force_login(get_user_model().objects.get(username="editor"))
        disease_form = reverse("admin:diseases_disease_change", args=[Disease.objects.get(slug="cno-crmo").pk])
        plain_floor = subprocess.run(  # noqa: S603 - our own module
            [sys.executable, "-m", "aiarthritis.plain_floor"],
            env=self.environment(
                DJANGO_SETTINGS_MODULE="aiarthritis.plain_floor", BENCHMARK_FLOOR_DIR=str(settings.BENCHMARK_FLOOR_DIR)
            ),
            capture_output=True,
            text=True,
            check=True,
        )
        floor = float(plain_floor.stdout)
        self.stdout.write("\nIn-process CPU per request (ms), and as a multiple of plain Django's:")
        self.stdout.write(f"  {'floor: plain Django':<28} {floor:7.2f}  ({1:6.1f} × the floor)")
        for label, client, path, rounds in [
            ("floor: the project's stack", visitor, "/floor/", 100),
            ("disease page, cache hit", visitor, "/en/diseases/cno-crmo/", 100),
            ("disease page, cache miss", visitor, "/en/diseases/cno-crmo/?miss=1", 100),
            ("home", visitor, "/en/?uncached=1", 100),
            ("A–Z index", visitor, "/en/diseases/?page=2", 100),
            ("search", visitor, "/en/search/?q=fatigue", 100),
            ("search, nothing found", visitor, "/en/search/?q=xyzzyq", 100),
            ("admin: CNO/CRMO's form", editor, disease_form, 20),
        ]:
            cpu = cpu_per_request(client, path, rounds)
            self.stdout.write(f"  {label:<28} {cpu:7.2f}  ({cpu / floor:6.1f} × the floor)")
            if label == "disease page, cache miss":
                self.beside_wagtail(cpu)
        self.admin_lists(editor)

    def admin_lists(self, editor):
        """CPU milliseconds of the first page of each admin list an editor may open, and how many rows it shows."""
        self.stdout.write("\nIn-process CPU of each admin list's first page, signed in as an editor (ms; goal ≤ 60):")
        user = get_user_model().objects.get(username="editor")
        for model in admin.site._registry:
            opts = model._meta
            if not any(user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}") for action in ("view", "change")):
                continue
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            response = editor.get(url, follow=True)
            # Where the list sends an editor first (the advice queue opens on what waits).
            url = response.redirect_chain[-1][0] if response.redirect_chain else url
            table = re.search(r'id="result_list".*?<tbody>(.*?)</tbody>', response.content.decode(), re.S)
            rows = table.group(1).count("<tr") if table else 0
            cpu = cpu_per_request(editor, url, 10)
            self.stdout.write(f"  {opts.verbose_name_plural:<36} {rows:4} rows {cpu:8.1f}")

    def beside_wagtail(self, miss):
        """The page missing from the cache as a multiple of Wagtail serving the same page uncached."""
        wagtail = os.environ.get("WAGTAIL_PAGE_CPU_MS")
        if not wagtail:
            self.stdout.write("  Wagtail not measured (make benchmark measures it and sets WAGTAIL_PAGE_CPU_MS).")
            return
        version, size = os.environ.get("WAGTAIL_VERSION", ""), os.environ.get("WAGTAIL_PAGE_BYTES", "?")
        self.stdout.write(
            f"  Wagtail {version}, the same page, uncached: {float(wagtail):.2f} ms ({size} bytes); "
            f"our cache miss {miss / float(wagtail):.2f} × Wagtail (goal ≤ 1/3)"
        )

    def search_latency(self, count=200):
        """
        Wall-clock time of `count` varied searches (names, symptoms, synonyms,
        typos that are corrected, phrases, exclusions, three languages), each
        counted as a search gap when it finds nothing, as the search page does.
        """
        rng = random.Random(7)  # noqa: S311 - sample queries, not secrets
        entries = list(SearchEntry.objects.values_list("language", "names", "symptoms"))
        synonyms = list(SearchSynonym.objects.values_list("language", "term")) or [("en", "tiredness")]
        queries = []
        while len(queries) < count:
            language, names, symptoms = rng.choice(entries)
            words = re.findall(r"\w{4,}", names + " " + symptoms) or ["arthritis"]
            word = rng.choice(words)
            typo = word[:2] + word[3] + word[2] + word[4:]
            queries += [
                (language, word),
                (language, typo),  # corrected, or suggestions
                (language, f"{typo} {rng.choice(words)}"),  # one misspelt word of two
                rng.choice(synonyms),
                (language, f'"{" ".join(rng.sample(words, min(2, len(words))))}"'),
                (language, f"{rng.choice(words)} -{rng.choice(words)}"),
            ]
        for language, query in queries[:count:20]:
            self.search_as_the_page_does(query, language)  # a server that has answered a few searches already
        timings = []
        for language, query in queries[:count]:
            start = time.perf_counter()
            self.search_as_the_page_does(query, language)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        self.stdout.write(
            f"\n{count} varied searches on {connection.vendor}: p50 {timings[len(timings) // 2]:.1f} ms, "
            f"p99 {timings[int(len(timings) * 0.99) - 1]:.1f} ms"
        )

    @staticmethod
    def search_as_the_page_does(query, language):
        results = search.search(query, language)
        if results.found_nothing:
            search_gaps.record(results.query, language)

    def shared_group_save(self):
        """Wall-clock time of saving a shared symptom group that every page shows."""
        group = SymptomGroup.objects.shared().first()
        editor = get_user_model().objects.get(username="editor")
        approved = Disease.objects.filter(status=Disease.Status.APPROVED).count()
        start = time.perf_counter()
        with workflow.editing(editor):
            group.title_en = f"{group.title_en.split(' ·')[0]} · {time.time():.0f}"
            group.save()
        elapsed = time.perf_counter() - start
        self.stdout.write(
            f"Saving a shared symptom group shown on {Disease.objects.public().count()} pages "
            f"({approved} approved, now drafts) on {connection.vendor}: {elapsed * 1000:.0f} ms"
        )

    def environment(self, **extra):
        return {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "DJANGO_SETTINGS_MODULE": "aiarthritis.benchmark_settings",
            **extra,
        }

    def app_server(self, port, workers, **environment):
        command = self
        environment = {**{name: str(value) for name, value in APP_SERVER_SETTINGS.items()}, **environment}

        class Server:
            def __enter__(self):
                self.process = subprocess.Popen(  # noqa: S603 - our own server
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "aiarthritis.wsgi",
                        "-w",
                        str(workers),
                        "-b",
                        f"127.0.0.1:{port}",
                    ],
                    env=command.environment(**environment),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                base = f"http://127.0.0.1:{port}"
                wait_for(base + "/floor/")
                return base

            def __exit__(self, *exc):
                self.process.send_signal(signal.SIGTERM)
                self.process.wait(timeout=30)

        return Server()

    def plain_floor_server(self, port, workers):
        """gunicorn serving `aiarthritis.plain_floor`: Django as startproject makes it, rendering the same bytes."""
        command = self

        class Server:
            def __enter__(self):
                self.process = subprocess.Popen(  # noqa: S603 - our own server
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "django.core.wsgi:get_wsgi_application()",
                        "-w",
                        str(workers),
                        "-b",
                        f"127.0.0.1:{port}",
                    ],
                    env=command.environment(
                        DJANGO_SETTINGS_MODULE="aiarthritis.plain_floor",
                        BENCHMARK_FLOOR_DIR=str(settings.BENCHMARK_FLOOR_DIR),
                    ),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                base = f"http://127.0.0.1:{port}"
                wait_for(base + "/floor/")
                return base

            def __exit__(self, *exc):
                self.process.send_signal(signal.SIGTERM)
                self.process.wait(timeout=30)

        return Server()

    def load(self, url, label, extra, duration, connections):
        script = "miss.lua" if "@miss" in extra else "count.lua"
        extra = [*(part for part in extra if part != "@miss"), "-s", str(self.workdir / script)]
        wrk(url, extra, 1, connections)  # warm up
        output = wrk(url, extra, duration, connections)
        return {"label": label, **parse_wrk(output)}

    def report(self, results):
        """Each figure against plain Django's floor, and the share of responses the page cache answered."""
        floor = results[0]["rate"]
        self.stdout.write(
            "\nUnder load (wrk, gunicorn): requests/s, latency p50 and p99 (ms), ratio to plain Django's floor, "
            "page-cache hits / responses"
        )
        for result in results:
            hits = f"{result['hits'] / result['responses']:6.1%}" if result["responses"] else "     –"
            self.stdout.write(
                f"  {result['label']:<44} {self.figures(result)}   {result['rate'] / floor:5.2f} × floor   {hits}"
            )

    @staticmethod
    def figures(result):
        return f"{result['rate']:9.0f} {result['p50']:8.2f} {result['p99']:8.2f}"

    def through_nginx(self, base, port, size, duration, connections):
        """The disease page through nginx's page cache, against a static file of the same size."""
        (self.workdir / "same-size.html").write_bytes(b"x" * size)
        site = reverse_proxy.site_config(
            workdir=self.workdir,
            upstream=base.removeprefix("http://"),
            listen=f"127.0.0.1:{port}",
            before_root_location=f"    location = /same-size.html {{ root {self.workdir}; }}\n\n",
        )
        with reverse_proxy.running(self.workdir, site):
            front = f"http://127.0.0.1:{port}"
            wait_for(front + "/same-size.html")
            page = self.load(
                front + "/en/diseases/cno-crmo/", "nginx", ["-H", f"Cookie: {COOKIES}"], duration, connections
            )
            static = self.load(front + "/same-size.html", "static", [], duration, connections)
            self.stdout.write("\nThrough nginx's page cache: requests/s, p50, p99 (ms)")
            self.stdout.write(f"  {'static file of the same size':<44} {self.figures(static)}")
            self.stdout.write(
                f"  {'disease page, visitor cookies':<44} {self.figures(page)}"
                f"   {page['rate'] / static['rate']:5.2f} × static"
            )
            self.stdout.write(
                f"  an approval reaches a visitor through it in {self.approval_delay(front):.1f} s (s-maxage=10)"
            )

    def through_varnish(self, base, port, duration, connections):
        """
        The disease page from Varnish's cache against a static file of the same
        bytes through the same Varnish; an approval's way to visitors through it
        (purged after commit, while Varnish keeps pages a day); a shared-group
        save that republishes and purges every page.
        """
        varnishd = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")
        if varnishd is None:
            self.stdout.write("\nvarnishd is missing (make varnish): nothing measured through Varnish.")
            return
        app_port = base.rsplit(":", 1)[1]
        vcl = (Path(settings.BASE_DIR) / "deploy" / "varnish.vcl").read_text()
        vcl = vcl.replace('.port = "8001"', f'.port = "{app_port}"').replace('.port = "8002"', f'.port = "{app_port}"')
        (self.workdir / "site.vcl").write_text(vcl)
        varnish = subprocess.Popen(  # noqa: S603 - Debian's varnishd on loopback
            [
                varnishd,
                "-F",
                "-j",
                "none",
                "-n",
                str(self.workdir / "varnish"),
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(self.workdir / "site.vcl"),
                "-s",
                "malloc,256m",
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        front = f"http://127.0.0.1:{port}"
        purging = {
            "FRONTEND_CACHE": {
                "varnish": {"BACKEND": "diseases.frontend_cache.backends.HTTPPurgeBackend", "LOCATION": front}
            },
            "SITE_URL": front,
        }
        try:
            wait_for(front + "/robots.txt")
            with override_settings(**purging):
                # The same request as the page's, visitor cookies included: only what answers differs.
                # One wrk run's rate varies by some 5 % from the next: three rounds, the page first,
                # then second, then first again, and the round of the median ratio reported.
                def page():
                    return self.load(front + "/en/diseases/cno-crmo/", "varnish", VISITOR, duration, connections)

                def static():
                    return self.load(
                        f"{front}{settings.STATIC_URL}{SAME_BYTES}", "static", VISITOR, duration, connections
                    )

                rounds = []
                for page_first in (True, False, True):
                    if page_first:
                        served, same_bytes = page(), static()
                    else:
                        same_bytes, served = static(), page()
                    rounds.append((served["rate"] / same_bytes["rate"], served, same_bytes))
                rounds.sort(key=lambda measured: measured[0])
                ratio, served, same_bytes = rounds[len(rounds) // 2]
                self.stdout.write("\nThrough Varnish (deploy/varnish.vcl, pages kept a day): requests/s, p50, p99 (ms)")
                self.stdout.write(f"  {'static file, the same bytes':<44} {self.figures(same_bytes)}")
                self.stdout.write(
                    f"  {'disease page, visitor cookies':<44} {self.figures(served)}   {ratio:5.2f} × static "
                    f"(goal ≥ 0.9; median of {' / '.join(f'{measured[0]:.2f}' for measured in rounds)})"
                )
                delay = self.approval_delay(front)
                frontend_cache.sender.wait()
                self.stdout.write(f"  an approval reaches a visitor through it in {delay:.2f} s (goal ≤ 1 s)")
                self.shared_group_purge()
        finally:
            varnish.terminate()
            varnish.wait(timeout=30)

    def shared_group_purge(self, runs=3):
        """
        Save a shared symptom group that every generated page shows, with
        those pages awaiting review: each is republished and purged. Each run
        is measured in a transaction rolled back afterwards, which leaves the
        pages as they were. The first run is the first such save of this
        process; the others show what it costs once the process has made one.
        """
        group = SymptomGroup.objects.shared().first()
        editor = get_user_model().objects.get(username="editor")
        saves = []
        for _run in range(runs):
            with transaction.atomic():
                pages = Disease.objects.public().filter(slug__startswith="generated-")
                Publication.objects.filter(pk__in=pages.values("live")).update(reviewed_by=None)
                count = pages.count()
                statements = StatementTimes()
                start = time.perf_counter()
                with connection.execute_wrapper(statements), transaction.atomic(), workflow.editing(editor):
                    group.title_en = f"{group.title_en.split(' ·')[0]} · {time.time():.0f}"
                    group.save()
                saves.append((time.perf_counter() - start, statements))
                recorded = PendingPurge.objects.count()
                # What follows the commit, in the editor's request (reindexing) and in the purging thread.
                start = time.perf_counter()
                reindexed = search.reindex_pending()
                reindexing = time.perf_counter() - start
                start = time.perf_counter()
                purged, failed = frontend_cache.send_pending()
                sent = time.perf_counter() - start
                transaction.set_rollback(True)
        first, *again = (
            f"{seconds * 1000:.0f} ms ({statements.total * 1000:.0f} in the database, "
            f"{statements.longest * 1000:.0f} in its longest statement)"
            for seconds, statements in saves
        )
        self.stdout.write(
            f"  a shared-group save republishing {count} pages awaiting review on {connection.vendor}: "
            f"{first} in its transaction the first time, then {' and '.join(again)} (goal ≤ 1 s); "
            f"then, after the commit, {reindexed} pages reindexed for search in {reindexing:.2f} s and {purged} "
            f"addresses purged ({failed} failed) from {recorded} recorded purges in {sent:.2f} s"
        )

    def approval_delay(self, front):
        """Seconds from an approval to the page nginx serves, polled every 100 ms."""
        disease = Disease.objects.filter(slug__startswith="generated-").order_by("pk").first()
        with translation.override(settings.LANGUAGE_CODE):
            url = front + disease.get_absolute_url()
        read(url)
        editor = disease.review_events.filter(action="submitted").first().actor
        reviewer = disease.live.reviewed_by
        marker = f"Benchmark {time.time()}"
        with workflow.editing(editor):
            disease.definition_en = marker
            disease.save()
        workflow.submit_for_review(disease, editor)
        start = time.monotonic()
        workflow.approve(disease, reviewer)
        if marker not in read(url.replace(front, self.base)):
            raise CommandError("The app server does not show the approved page.")
        while marker not in read(url):
            if time.monotonic() - start > 120:
                with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server
                    seen = f"{response.headers['X-Cache']}, {response.headers['Cache-Control']}"
                raise CommandError(f"The approval did not reach nginx within two minutes ({seen}).")
            time.sleep(0.1)
        return time.monotonic() - start


def cpu_per_request(client, path, rounds):
    """CPU milliseconds of a request for `path`: the least disturbed of five batches (other work only adds time)."""
    client.get(path)
    batches = []
    for _batch in range(5):
        start = time.process_time()
        for _round in range(rounds // 5):
            response = client.get(path)
        batches.append((time.process_time() - start) / (rounds // 5) * 1000)
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}")
    return min(batches)


def wrk(url, extra, duration, connections):
    result = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", *extra, url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def parse_wrk(output):
    def milliseconds(value, unit):
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    percentiles = {
        percent: milliseconds(value, unit)
        for percent, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)", output, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise CommandError(f"wrk saw {errors.group(1)} failed responses:\n{output}")
    counted = re.search(r"page cache: (\d+) hits of (\d+) responses", output)
    return {
        "hits": int(counted.group(1)) if counted else 0,
        "responses": int(counted.group(2)) if counted else 0,
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": percentiles["50"],
        "p99": percentiles["99"],
    }


def read(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server
        return response.read().decode()


class StatementTimes:
    """A database execute wrapper: the seconds the statements it saw took in all, and the longest."""

    def __init__(self):
        self.total = self.longest = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - start
            self.total += elapsed
            self.longest = max(self.longest, elapsed)


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            read(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise CommandError(f"{url} did not answer") from None
            time.sleep(0.2)
