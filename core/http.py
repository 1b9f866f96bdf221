"""Who is on the other end of a request."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address of the person's computer, for rate limits.

    With no proxy in front (`TRUSTED_PROXY_COUNT` 0) it is REMOTE_ADDR. Behind N reverse
    proxies of our own, REMOTE_ADDR is our nearest proxy, and the last N addresses in
    X-Forwarded-For were written by our proxies: the N-th from the right is the address
    the outermost proxy saw, and anything left of it was sent by the client and may be
    made up. When the header is shorter than that (the request did not come through all
    of our proxies) or the address is not one, REMOTE_ADDR is used.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    forwarded = [address.strip() for address in header.split(",") if address.strip()]
    if len(forwarded) < count:
        return remote
    return _address(forwarded[-count]) or remote


def _address(text: str) -> str | None:
    """`text` as an IP address, without a port if a proxy added one; None if not one."""
    candidates = [text]
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        candidates.append(text[1 : text.index("]")])
    elif text.count(":") == 1:  # 203.0.113.7:443
        candidates.append(text.partition(":")[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None
