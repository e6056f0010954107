"""
Purging the reverse proxy (or CDN) in front of the app, as Wagtail's
frontend cache does: whatever changes what the public reads purges exactly
the addresses that show it, in every language, once the change commits.

The pages changed are recorded (`PendingPurge`) in the transaction that
made the change, and their addresses are sent after the commit by a thread
of the app process, so that neither a slow proxy nor a down one delays or
fails the editor's request. What a cache could not purge stays recorded,
address by address: it is sent again after the next publication and by
`manage.py purge_frontend_cache` (cron), and the admin dashboard counts it.
"""

import logging
import math
import string
import threading
from collections import defaultdict
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Count, F, Min
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from .. import browse_by_symptom, languages
from ..listings import A_TO_Z_PER_PAGE, ADVICE_PER_PAGE
from ..models import Disease, PatientAdvice, PendingPurge, SearchEntry
from .backends import configured

logger = logging.getLogger(__name__)

# The pages of one disease page, and the pages that list every disease page.
PAGE_ADDRESSES = ("diseases:detail", "diseases:advice_list", "diseases:advice_thanks")
SITE_ADDRESSES = ("diseases:home", "diseases:index", "diseases:symptoms")
# A slug that stands for any in an address built once per language.
SLUG_MARK = "slug-of-the-page"
# Addresses sent in one pass (at least one recorded purge's); more wait for the next pass.
BATCH_SIZE = 10_000


def enabled():
    return bool(getattr(settings, "FRONTEND_CACHE", None))


def affected_slugs(diseases=None, former_slugs=()):
    """
    The slugs of the pages showing any of `diseases` (every page when None):
    theirs, their `former_slugs`, and the pages linking to them as related
    conditions, which show their titles.
    """
    if diseases is None:
        diseases, linking = Disease._base_manager.all(), []
    else:
        linking = Disease._base_manager.filter(
            related_conditions__target__in=[disease.pk for disease in diseases]
        ).values_list("slug", flat=True)
    return sorted({disease.slug for disease in diseases} | set(linking) | set(former_slugs))


def addresses(slugs):
    """
    The public addresses showing the pages at `slugs`, in every language:
    their pages, the home page, the symptom index, the A–Z pages and the
    sitemap. A purge of an address also purges it with any query string (the
    A–Z letters and pages; deploy/varnish.vcl).
    """
    paths = [reverse("sitemap")]
    for code in languages.site_languages():
        with translation.override(code):
            paths += [reverse(name) for name in SITE_ADDRESSES]
            templates = [reverse(name, kwargs={"slug": SLUG_MARK}) for name in PAGE_ADDRESSES]
        paths += [template.replace(SLUG_MARK, slug) for slug in slugs for template in templates]
    return [settings.SITE_URL + path for path in paths]


def linked_variants(urls):
    """
    {address: [the address with each query string the site links to]} for
    the lists among `urls`: the A–Z pages' letters and pages, the symptom
    index's letters and a page's older patient advice. For caches that key
    a page by its whole address and cannot purge all its query strings at
    once (Cloudflare). Every initial from A to Z, and a page more than there
    are, are included: a list that shrank leaves its former ones behind.
    """
    variants, advice = {}, {}
    for url in urls:
        name, language, kwargs = _resolved(urlsplit(url).path)
        if name == "diseases:index":
            variants[url] = _a_to_z_queries(language)
        elif name == "diseases:symptoms":
            initials = {symptom.letter for symptom in browse_by_symptom.symptoms(language)}
            variants[url] = [f"?letter={quote(initial)}" for initial in sorted(initials | set(string.ascii_uppercase))]
        elif name == "diseases:advice_list":
            advice[url] = kwargs["slug"]
    # Advice in any state, of a deleted page too: as many as the list ever showed, or more.
    counts = dict(
        PatientAdvice.objects.filter(disease__slug__in=set(advice.values()))
        .values_list("disease__slug")
        .annotate(count=Count("pk"))
    )
    for url, slug in advice.items():
        pages = math.ceil(counts.get(slug, 0) / ADVICE_PER_PAGE)
        if pages > 1:
            variants[url] = [f"?page={number}" for number in range(1, pages + 1)]
    return {url: [url + query for query in queries] for url, queries in variants.items()}


def _resolved(path):
    """(URL name, language, keyword arguments) of a public address, or (None, None, None)."""
    for code in languages.site_languages():
        with translation.override(code):
            try:
                match = resolve(path)
            except Resolver404:
                continue
        if path.startswith(f"/{code}/"):
            return match.view_name, code, match.kwargs
    return None, None, None


def _a_to_z_queries(language):
    """The query strings of the A–Z list in `language`: its pages, and each initial's (with its pages)."""
    by_initial = dict(
        SearchEntry.objects.filter(language=language).values_list("letter").annotate(count=Count("pk")).order_by()
    )

    def pages(count, prefix=""):
        return [f"?{prefix}page={number}" for number in range(1, math.ceil(count / A_TO_Z_PER_PAGE) + 2)]

    queries = pages(sum(by_initial.values()))
    for initial in sorted(set(by_initial) | set(string.ascii_uppercase)):
        queries += [f"?letter={quote(initial)}", *pages(by_initial.get(initial, 0), f"letter={quote(initial)}&")[1:]]
    return queries


def urls_of(purge):
    """The addresses a recorded purge stands for: its own, or those showing its pages."""
    return [purge.url] if purge.url else addresses(purge.slugs)


def purge_after_commit(diseases=None, former_slugs=()):
    """
    Record a purge of the addresses showing `diseases` (every page when
    None), and theirs at `former_slugs`, once this transaction commits: one
    row, however many pages, expanded into addresses when it is sent.
    """
    if not enabled():
        return
    PendingPurge.objects.create(slugs=affected_slugs(diseases, former_slugs))
    transaction.on_commit(send_soon)


def send_pending():
    """
    Send the recorded purges (those of BATCH_SIZE addresses or so), each
    address once, to every configured cache; forget those every cache
    purged, note the failure on the others, each address on its own. Returns
    how many addresses were purged and how many failed.
    """
    backends = configured()
    if not backends:
        return 0, 0
    batch = []
    size = 0
    recorded = PendingPurge.objects.order_by("pk").values_list(
        "pk", "url", "slugs", "recorded_at", "attempts", named=True
    )
    for purge in recorded[:BATCH_SIZE]:
        purge_urls = urls_of(purge)
        batch.append((purge, purge_urls))
        size += len(purge_urls)
        if size >= BATCH_SIZE:
            break
    if not batch:
        return 0, 0
    urls = list(dict.fromkeys(url for _purge, purge_urls in batch for url in purge_urls))
    failures = {}
    for name, backend in backends.items():
        for url, reason in backend.purge(urls).items():
            failures.setdefault(url, f"{name}: {reason}")
    purged = [purge.pk for purge, purge_urls in batch if not failures.keys() & set(purge_urls)]
    for start in range(0, len(purged), 500):
        PendingPurge.objects.filter(pk__in=purged[start : start + 500]).delete()
    if failures:
        _note_failures(batch, failures)
        logger.warning(
            "%d of %d addresses could not be purged from the frontend cache (retried later): %s",
            len(failures),
            len(urls),
            next(iter(failures.values())),
        )
    return len(urls) - len(failures), len(failures)


def _note_failures(batch, failures):
    """
    Count a failed attempt, with its reason, on each address in `failures`;
    a purge of pages is replaced by one of each of its addresses that failed.
    """
    by_reason = defaultdict(list)
    for purge, purge_urls in batch:
        if purge.url:
            if purge.url in failures:
                by_reason[failures[purge.url]].append(purge.pk)
            continue
        failed = [url for url in purge_urls if url in failures]
        if not failed:
            continue
        with transaction.atomic():
            # Another sender (the cron job) may have taken it meanwhile: whoever removes it keeps its failures.
            if PendingPurge.objects.filter(pk=purge.pk).delete()[0]:
                PendingPurge.objects.bulk_create(
                    [
                        PendingPurge(
                            url=url,
                            recorded_at=purge.recorded_at,
                            attempts=purge.attempts + 1,
                            last_error=failures[url],
                        )
                        for url in failed
                    ],
                    batch_size=1000,
                )
    for reason, pks in by_reason.items():
        for start in range(0, len(pks), 500):
            PendingPurge.objects.filter(pk__in=pks[start : start + 500]).update(
                attempts=F("attempts") + 1, last_error=reason
            )


def failed_purges():
    """How many addresses a cache could not purge yet, and since when: (count, first recorded) or (0, None)."""
    failed = PendingPurge.objects.filter(attempts__gt=0).aggregate(
        count=Count("url", distinct=True), since=Min("recorded_at")
    )
    return failed["count"], failed["since"]


class Sender:
    """
    The app process's thread that sends recorded purges: one at a time,
    started after a commit, going round again while purges were recorded
    during its pass.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.wanted = False
        self.thread = None

    def send_soon(self):
        with self.lock:
            self.wanted = True
            if self.thread is None:
                self.thread = threading.Thread(target=self.run, name="frontend-cache-purges", daemon=True)
                self.thread.start()

    def run(self):
        try:
            while self.take_turn():
                try:
                    send_pending()
                except Exception:
                    # The purges stay recorded for the next pass or the cron job.
                    logger.exception("Sending purges to the frontend cache failed")
        finally:
            close_old_connections()
            connection.close()

    def take_turn(self):
        with self.lock:
            if not self.wanted:
                self.thread = None
                return False
            self.wanted = False
            return True

    def wait(self, timeout=30):
        """Until the purges asked for so far were sent (for tests and the benchmark)."""
        thread = self.thread
        if thread is not None:
            thread.join(timeout)


sender = Sender()


def send_soon():
    sender.send_soon()
