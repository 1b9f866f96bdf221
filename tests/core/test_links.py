"""core.links.url_with_key gives what reverse() gives, for every page of the project whose
URL takes one whole number."""

from __future__ import annotations

import pytest
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
    set_script_prefix,
)
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern

from core.links import url_with_key


def names_taking_one_number(resolver: URLResolver | None = None, namespace: str = "") -> list[str]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += names_taking_one_number(entry, inner)
        elif (
            isinstance(entry, URLPattern) and entry.name and isinstance(entry.pattern, RoutePattern)
        ):
            converters = list(entry.pattern.converters.values())
            if len(converters) == 1 and isinstance(converters[0], IntConverter):
                found.append(f"{namespace}{entry.name}")
    return sorted(set(found))


NAMES = names_taking_one_number()


def test_the_walk_finds_the_record_pages():
    assert {"logs:concern", "matching:relationship", "referrals:detail", "monitoring:flag"} <= set(
        NAMES
    )


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("key", [0, 7, 123456, 2**40])
def test_the_same_url_as_reverse(name, key):
    assert url_with_key(name, key) == reverse(name, args=[key])


@pytest.mark.parametrize("key", ["x", -1, True])
def test_what_is_not_a_whole_number_goes_to_reverse_which_refuses_it(key):
    with pytest.raises(NoReverseMatch):
        reverse("logs:concern", args=[key])
    with pytest.raises(NoReverseMatch):
        url_with_key("logs:concern", key)


def test_under_a_script_prefix():
    try:
        set_script_prefix("/mentoring/")
        assert url_with_key("logs:concern", 5) == reverse("logs:concern", args=[5])
        assert url_with_key("logs:concern", 5).startswith("/mentoring/")
    finally:
        set_script_prefix("/")
