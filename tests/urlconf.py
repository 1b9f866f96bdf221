"""Walking the URLconf, for the tests that check every URL (sign-in, malformed posts)."""

import re
from collections.abc import Iterable, Iterator

from django.urls import URLPattern, URLResolver

# allauth URLs that a view of ours answers instead (ours comes first in config/urls.py).
REPLACED = {
    "account_email": "accounts.views.email_addresses: coordinators change sign-in emails",
}


def is_replaced(name: str | None, pattern: URLPattern) -> bool:
    """A pattern no request reaches, because one of ours answers its URL first."""
    return name in REPLACED and pattern.callback.__module__.startswith("allauth.")


def walk(patterns: Iterable, prefix: str = "", namespace: str = "") -> Iterator:
    """(route, pattern, name with its namespace) for every URL pattern."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield prefix + str(pattern.pattern), pattern, name


def candidate_paths(route: str, samples: Iterable[str]) -> Iterator[str]:
    """Concrete paths for a route or regex, trying sample values for each parameter."""
    route = route.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    for sample in samples:

        def group(match: re.Match, sample: str = sample) -> str:
            alternatives = match.group(1).split("|")
            return alternatives[0] if re.fullmatch(r"[\w|]+", match.group(1)) else sample

        path = re.sub(r"\(\?P<\w+>([^)]*)\)", group, route)
        path = re.sub(r"<(?:\w+:)?\w+>", sample, path)
        path = re.sub(r"\(\?:[^)]*\)\??", "", path)
        yield "/" + path
