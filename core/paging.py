"""Long lists, sorted and cut on their own table's columns before the joins are read.

A page of 50 flags, ordered over thousands, sorts wide rows when the sort carries every
joined table's columns (the pair, the mentee, the mentor). Sorting the primary keys first
and then reading just the page's rows, with their joins, by key keeps the sort narrow and
the join to the page's size: one query more, and time that does not grow with the joins.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db import models

M = TypeVar("M", bound=models.Model)


def in_order(queryset: models.QuerySet[M], ids: Sequence[Any]) -> list[M]:
    """The rows of `queryset` (its joins and annotations) with these keys, in this order."""
    found = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def first_rows(queryset: models.QuerySet[M], count: int) -> list[M]:
    """The first `count` rows in the queryset's order: keys sorted first, then the rows."""
    return in_order(queryset, list(queryset.values_list("pk", flat=True)[:count]))


def page_of(
    queryset: models.QuerySet[M], number: Any, per_page: int, *, count: int | None = None
) -> Page:
    """Paginator(...).get_page(number), with the page's rows read by key after the sort.
    `count`: how many rows there are, when the page knows already (no query for it)."""
    paginator = Paginator(queryset.values_list("pk", flat=True), per_page)
    if count is not None:
        paginator.count = count  # what the cached property would have counted
    page = paginator.get_page(number)
    page.object_list = in_order(queryset, list(page.object_list))
    return page
