"""`{% standing_tag code words %}`: a mentor's standing on one module, as a GOV.UK tag.

The words say it; the colour only repeats it. Written in Python because the training matrix
shows one for every mentor and module of a page (350 of them), where an included template
each took a third of the page's time."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

COLOURS = {"complete": "green", "expiring": "yellow", "expired": "red", "not_passed": "red"}


@register.simple_tag
def standing_tag(code: str, words: str) -> SafeString:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', COLOURS.get(code, "grey"), words
    )
