"""
The frontend caches a purge reaches, configured as Wagtail's are
(`FRONTEND_CACHE`, a backend per name). A backend's `purge(urls)` returns
the addresses it could not purge, each with the reason; it never raises
for a cache that is down or refuses, and waits at most `TIMEOUT` seconds a
request.
"""

import http.client
import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_TIMEOUT = 5


class BaseBackend:
    def __init__(self, params):
        self.timeout = params.get("TIMEOUT", DEFAULT_TIMEOUT)

    def purge(self, urls):
        """Purge every address in `urls`; {url: reason} of those not purged."""
        raise NotImplementedError


class HTTPPurgeBackend(BaseBackend):
    """
    Varnish (deploy/varnish.vcl) or nginx with a purge module: a `PURGE` (or
    `BAN`) request for each address, sent to the proxy at `LOCATION` with the
    address's own host in `Host`, over one kept-alive connection. The proxy
    answers 200 when it has forgotten the page.
    """

    def __init__(self, params):
        super().__init__(params)
        location = urlsplit(params["LOCATION"])
        self.connection_class = (
            http.client.HTTPSConnection if location.scheme == "https" else http.client.HTTPConnection
        )
        self.netloc = location.netloc
        self.method = params.get("METHOD", "PURGE")

    def purge(self, urls):
        urls = list(urls)
        failures = {}
        connection = self.connection_class(self.netloc, timeout=self.timeout)
        try:
            for position, url in enumerate(urls):
                address = urlsplit(url)
                target = address.path + (f"?{address.query}" if address.query else "")
                try:
                    connection.request(self.method, target, headers={"Host": address.netloc})
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException) as error:
                    # Unreachable or too slow: the rest would wait as long each, and fail as surely.
                    failures.update(dict.fromkeys(urls[position:], f"{self.method} to {self.netloc} failed: {error}"))
                    break
                if response.status != 200:
                    failures[url] = f"{self.method} answered {response.status} {response.reason}"
        finally:
            connection.close()
        return failures


class CloudflareBackend(BaseBackend):
    """
    Cloudflare's purge-by-URL API: `ZONEID` and an API token (`BEARER_TOKEN`)
    allowed to purge that zone; at most `CHUNK_SIZE` addresses a request (the
    API's limit is 30). `API_URL` is for tests.

    Cloudflare keys a page by its whole address, query string included, and
    purges one address at a time: a list's address is sent with each query
    string the site links to (`QUERY_VARIANTS`, a function of the addresses
    returning them), and a variant that fails fails its list's address.
    """

    API_URL = "https://api.cloudflare.com/client/v4"
    CHUNK_SIZE = 30

    def __init__(self, params):
        super().__init__(params)
        self.zone = params["ZONEID"]
        self.token = params["BEARER_TOKEN"]
        self.api_url = params.get("API_URL", self.API_URL).rstrip("/")
        self.chunk_size = params.get("CHUNK_SIZE", self.CHUNK_SIZE)
        self.query_variants = import_string(params.get("QUERY_VARIANTS", "diseases.frontend_cache.linked_variants"))

    def purge(self, urls):
        urls = list(urls)
        variants = self.query_variants(urls)
        # Each address sent, with the address whose purge it belongs to.
        sent = [(variant, url) for url in urls for variant in [url, *variants.get(url, ())]]
        failures = {}
        for start in range(0, len(sent), self.chunk_size):
            chunk = sent[start : start + self.chunk_size]
            error = self.purge_chunk([variant for variant, _url in chunk])
            if error:
                failures.update({url: error for _variant, url in chunk})
        return failures

    def purge_chunk(self, urls):
        """None when Cloudflare purged `urls`, else why not."""
        request = urllib.request.Request(  # noqa: S310 - the configured API address
            f"{self.api_url}/zones/{self.zone}/purge_cache",
            data=json.dumps({"files": urls}).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:
            return f"Cloudflare answered {error.code}: {error.read()[:500].decode(errors='replace')}"
        except (OSError, ValueError) as error:
            return f"Cloudflare could not be reached: {error}"
        if not answer.get("success"):
            return f"Cloudflare refused the purge: {answer.get('errors')}"
        return None


def configured():
    """{name: backend} for each cache in `FRONTEND_CACHE`."""
    caches = getattr(settings, "FRONTEND_CACHE", {})
    return {name: import_string(params["BACKEND"])(params) for name, params in caches.items()}
