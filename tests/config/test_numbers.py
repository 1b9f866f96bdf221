"""Whole numbers on the matching pages are written with `{% localize off %}` (the same text,
without looking up the language's number format for each of a page's hundred numbers).
That is only the same text while no thousands separator is asked for."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template import Context, Template

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_numbers_are_written_the_same_with_localize_off():
    assert not settings.USE_THOUSAND_SEPARATOR
    numbers = {"numbers": [0, 7, 100, 1234, 98765, -3, 2.5]}
    on = Template("{% for n in numbers %}{{ n }};{% endfor %}").render(Context(numbers))
    off = Template(
        "{% load l10n %}{% localize off %}{% for n in numbers %}{{ n }};{% endfor %}"
        "{% endlocalize %}"
    ).render(Context(numbers))
    assert on == off == "0;7;100;1234;98765;-3;2.5;"


def test_the_templates_that_rely_on_it():
    relying = sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "{% localize off %}" in path.read_text()
    )
    # A new one: check that nothing but numbers (no date without a filter) is inside.
    assert relying == ["matching/_suggestion.html", "matching/assignment.html"]
