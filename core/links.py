"""`url_with_key("logs:concern", 632)`: reverse() for a page that takes one whole number
(a record's key), without reversing again for every row of a list.

Django's reverse() matches the name against every pattern's converters and quotes the
result, 20 µs a call; a list of 25 rows with two links each, and the menu, made 70 calls a
page. The URL of such a page is the same text around the number, so it is worked out once
per name (and script prefix) with a marker number and the row's number put in its place.
tests/core/test_links.py holds it to reverse() for every such URL of the project."""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, reverse

MARKER = 987654321987


@functools.cache
def _around(viewname: str, prefix: str) -> tuple[str, str]:
    url = reverse(viewname, args=[MARKER])
    before, found, after = url.partition(str(MARKER))
    if not found:  # a converter that writes numbers its own way: let reverse() do it
        raise ValueError(viewname)
    return before, after


def url_with_key(viewname: str, key: int) -> str:
    """reverse(viewname, args=[key]) for a URL whose one argument is a whole number."""
    if type(key) is not int or key < 0:
        return reverse(viewname, args=[key])
    try:
        before, after = _around(viewname, get_script_prefix())
    except ValueError:
        return reverse(viewname, args=[key])
    return f"{before}{key}{after}"
