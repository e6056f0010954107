"""
Who a request comes from, for rate limits and login lockouts.

Behind TRUSTED_PROXY_COUNT proxies that each append the address they were
reached from to X-Forwarded-For, the client's address is the one the
outermost of them saw: that many entries from the right of the header.
Everything to the left of it was written by the client and is ignored, so
nothing a client puts in the header changes who it is. With no trusted
proxy, the client is the socket's peer (REMOTE_ADDR). A missing, short,
empty or malformed header falls back to the socket's peer, never to an error.
"""

import ipaddress

from django.conf import settings
from ipware import get_client_ip

# IPv6 clients get a /64 network each (a home or a phone has one and may use
# any address in it); an IPv4 address is one client.
IPV6_PREFIX = 64
# Requests whose address cannot be known (a Unix socket without a proxy
# header) share one identity rather than escaping every limit.
UNKNOWN = "0.0.0.0"  # noqa: S104 - an identity, not an address to bind to


def client_address(request):
    """The client's address as the outermost trusted proxy saw it; an IPv6 client's /64 network."""
    address = _forwarded_address(request) or _socket_address(request)
    if address is None:
        return UNKNOWN
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return str(ip)


def _forwarded_address(request):
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies < 1:
        return None
    # python-ipware counts the proxies after the client *within* the header;
    # the innermost proxy's own address is the socket's, not in the header.
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address


def _socket_address(request):
    address, _routable = get_client_ip(request, request_header_order=["REMOTE_ADDR"])
    return address


def rate_limit_key(group, request):
    """The client, as django-ratelimit's `key` callable."""
    return client_address(request)
