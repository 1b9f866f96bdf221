"""`{% url_key 'logs:story' flag.relationship_id %}`: `{% url %}` for a page that takes one
record's key, as core.links.url_with_key (a list's rows link without a reverse() each)."""

from __future__ import annotations

from django import template

from core.links import url_with_key

register = template.Library()


@register.simple_tag
def url_key(viewname: str, key: int) -> str:
    return url_with_key(viewname, key)
