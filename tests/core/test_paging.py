"""core.paging: pages read in fewer or narrower queries give what Paginator gives."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from accounts.models import Site
from core.paging import counted_page, first_rows, page_of
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(programme):
    for n in range(7):
        SiteFactory(programme=programme, name=f"Site {n:02d}")
    return Site.objects.filter(programme=programme, name__startswith="Site ").order_by("name")


@pytest.mark.parametrize("number", [None, "1", "2", "3", "4", "99", "x", "-1"])
def test_counted_page_is_the_page_paginator_gives(sites, number, django_assert_max_num_queries):
    expected = Paginator(sites, 3).get_page(number)
    wanted = {None: 1, "x": 1, "-1": 1, "99": 3, "4": 3}.get(number) or int(number)
    # the keys with the count, then the rows; past the end, Paginator's count and last page
    with django_assert_max_num_queries(4):
        page = counted_page(sites, number, 3)
    assert page.number == wanted
    assert page.paginator.count == expected.paginator.count == 7
    assert page.paginator.num_pages == 3
    assert [s.name for s in page] == [s.name for s in Paginator(sites, 3).page(wanted)]


def test_a_counted_page_is_its_keys_with_the_count_then_its_rows(sites, django_assert_num_queries):
    with django_assert_num_queries(2):
        page = counted_page(sites, "2", 3)
        assert [s.name for s in page] == ["Site 03", "Site 04", "Site 05"]
        assert page.has_next()
        assert page.has_previous()


def test_a_counted_page_of_nothing_is_the_empty_first_page(programme):
    page = counted_page(Site.objects.filter(programme=programme, name="none"), "1", 3)
    assert page.number == 1
    assert list(page) == []
    assert page.paginator.count == 0


def test_page_of_and_first_rows_keep_the_order(sites):
    assert [s.name for s in page_of(sites, "3", 3)] == ["Site 06"]
    assert [s.name for s in first_rows(sites, 2)] == ["Site 00", "Site 01"]
