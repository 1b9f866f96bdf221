"""CSV downloads that are streamed (flat memory, no row cap), open cleanly in Excel (a
UTF-8 byte-order mark, so accented names show), and cannot smuggle formulas: a cell that
begins with = + - @ (or a tab or carriage return) is prefixed with an apostrophe, so a
volunteer called "=HYPERLINK(...)" stays text."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """csv.writer needs a file; this one hands each line straight back."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def streaming_csv(rows: Iterable[Iterable[Any]], *, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
