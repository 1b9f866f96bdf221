"""`{% standing_tag code words %}`: a mentor's standing on one module, as a GOV.UK tag, and
`{% standing_cells cells %}`: a row of them, one table cell each.

The words say it; the colour only repeats it. Written in Python because the training matrix
shows one for every mentor and module of a page (350 of them), where an included template
each took a third of the page's time, and a template loop over the cells most of the rest."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString

register = template.Library()

COLOURS = {"complete": "green", "expiring": "yellow", "expired": "red", "not_passed": "red"}


def _tag(code: str, words: str) -> str:
    return (
        f'<strong class="govuk-tag govuk-tag--{COLOURS.get(code, "grey")}">{escape(words)}</strong>'
    )


@register.simple_tag
def standing_tag(code: str, words: str) -> SafeString:
    return SafeString(_tag(code, words))


@register.simple_tag
def standing_cells(cells: Iterable[tuple[str, str]]) -> SafeString:
    """A table cell with its tag for each (code, words)."""
    return SafeString(
        "".join(f'<td class="govuk-table__cell">{_tag(code, words)}</td>' for code, words in cells)
    )
