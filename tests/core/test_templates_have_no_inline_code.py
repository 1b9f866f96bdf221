"""The Content-Security-Policy allows no inline scripts or styles, so no template may
have any: scripts live in static/js/, styles in static/css/site.css."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
HTML = sorted(path for path in TEMPLATES.rglob("*.html"))

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)


def test_there_are_templates_to_check():
    assert len(HTML) > 10


@pytest.mark.parametrize("path", HTML, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_a_template_has_no_inline_script_or_style(path):
    text = path.read_text()
    for name, pattern in [
        ("an inline <script> (put it in static/js/)", INLINE_SCRIPT),
        ("a <style> element (put it in static/css/site.css)", STYLE_ELEMENT),
        ("a style= attribute (use a class from static/css/site.css)", STYLE_ATTRIBUTE),
        ("an on...= event handler (add a listener in static/js/)", EVENT_HANDLER),
        ("a javascript: URL", JAVASCRIPT_URL),
    ]:
        match = pattern.search(text)
        assert not match, f"{path.relative_to(TEMPLATES)} has {name}: {match.group(0)!r}"


def test_htmx_is_told_not_to_add_its_own_style_element():
    base = (TEMPLATES / "base.html").read_text()
    assert '<meta name="htmx-config"' in base
    assert '"includeIndicatorStyles": false' in base
