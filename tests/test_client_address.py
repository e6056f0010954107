"""Who a request comes from, behind any number of trusted proxies, whatever the client writes in its headers."""

import pytest
from django.test import RequestFactory

from diseases.clients import UNKNOWN, client_address


def request(remote_addr="10.0.0.9", forwarded=None):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


@pytest.mark.parametrize(
    "forwarded", [None, "", "203.0.113.7", "203.0.113.7, 198.51.100.2", "garbage", "unknown, 1.2.3.4", ",,,"]
)
def test_without_trusted_proxies_the_socket_peer_is_the_client(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request("192.0.2.10", forwarded)) == "192.0.2.10"


@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        # What the load balancer appends is the right-most entry.
        ("198.51.100.2", "198.51.100.2"),
        # Whatever the client wrote to the left of it changes nothing.
        ("1.1.1.1, 198.51.100.2", "198.51.100.2"),
        ("1.1.1.1, 2.2.2.2, 3.3.3.3, 198.51.100.2", "198.51.100.2"),
        ("garbage, 198.51.100.2", "198.51.100.2"),
        ("for=1.1.1.1, 198.51.100.2", "198.51.100.2"),
        # Ports and brackets, as some proxies write them.
        ("198.51.100.2:4711", "198.51.100.2"),
        ("[2001:db8:aa:bb::5]:443", "2001:db8:aa:bb::"),
        # A private address seen by the load balancer is still the client's.
        ("10.1.2.3", "10.1.2.3"),
    ],
)
def test_behind_one_proxy_the_client_is_what_the_proxy_saw(settings, forwarded, client):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(request("10.0.0.9", forwarded)) == client


@pytest.mark.parametrize("forwarded", [None, "", " ", ",", "garbage", "999.1.1.1", "unknown", "\x00", "a" * 10_000])
def test_missing_empty_or_malformed_header_falls_back_to_the_socket_peer(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(request("10.0.0.9", forwarded)) == "10.0.0.9"


def test_behind_two_proxies_the_client_is_what_the_outer_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    # The client wrote 1.1.1.1; the CDN appended the client's address, the load balancer the CDN's.
    assert client_address(request("10.0.0.9", "1.1.1.1, 198.51.100.2, 203.0.113.50")) == "198.51.100.2"
    # A request that did not pass both proxies (too short a header) is known by its socket peer.
    assert client_address(request("10.0.0.9", "198.51.100.2")) == "10.0.0.9"


def test_ipv6_clients_are_known_by_their_slash_64_network(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    first = client_address(request("2001:db8:1:2:aaaa::1"))
    second = client_address(request("2001:db8:1:2:bbbb::2"))

    assert first == second == "2001:db8:1:2::"
    assert client_address(request("2001:db8:1:3::1")) != first


def test_ipv4_mapped_ipv6_is_the_ipv4_client(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request("::ffff:192.0.2.10")) == "192.0.2.10"


def test_a_request_without_any_address_shares_one_identity(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request("")) == client_address(request("not an address")) == UNKNOWN
