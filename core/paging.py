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
from django.db.models import Count, Window

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


def counted_page(queryset: models.QuerySet[M], number: Any, per_page: int) -> Page:
    """Paginator(queryset, per_page).get_page(number) for a search: the page's keys are read
    with the count of every match beside them (a window over the whole result), so the
    matches, which a search reads in full to sort them anyway, are read once and not a
    second time to count them; then the page's rows, with their joins, by key (as
    `page_of`). A page past the end, or no rows, falls back to Paginator's count and its
    last page. Not for a list whose index gives the first page without reading the rest:
    counting beside it would read every row."""
    try:
        wanted = max(int(number), 1)
    except (TypeError, ValueError):
        wanted = 1
    start = (wanted - 1) * per_page
    keys = list(
        queryset.annotate(rows_in_all=Window(Count("pk"))).values_list("pk", "rows_in_all")[
            start : start + per_page
        ]
    )
    if not keys:
        return page_of(queryset, number, per_page)
    paginator = Paginator(queryset.values_list("pk", flat=True), per_page)
    paginator.count = keys[0][1]
    page = paginator.page(wanted)
    page.object_list = in_order(queryset, [pk for pk, _ in keys])
    return page
