"""The client's address behind our reverse proxies, as rate limits see it."""

import pytest
from django.test import RequestFactory

from core.http import client_ip


def request(forwarded_for=None, remote="10.0.0.2"):
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


def test_with_no_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("203.0.113.7")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        # Whatever the client sent itself stands left of what our proxy added.
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (1, "203.0.113.7:5123", "203.0.113.7"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_proxies_the_first_address_they_did_not_add_is_the_client(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request(forwarded_for)) == expected


@pytest.mark.parametrize("forwarded_for", [None, "", "203.0.113.7", "not-an-address, x"])
def test_a_header_shorter_than_the_proxies_or_not_an_address_falls_back_to_the_peer(
    settings, forwarded_for
):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request(forwarded_for)) == "10.0.0.2"
