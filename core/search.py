"""The one rule for finding a person by name, used by every search box: each word typed must
appear in the first or the last name (case ignored). On PostgreSQL a trigram index on each
name serves it (core.postgres)."""

from __future__ import annotations

from django.db.models import Q


def name_has(word: str) -> Q:
    """The word appears in the first or the last name."""
    return Q(first_name__icontains=word) | Q(last_name__icontains=word)


def name_has_every(text: str, *, limit: int | None = None) -> Q:
    """Every word of `text` (the first `limit` of them, if given) appears in the first or
    the last name; an empty text matches everyone."""
    condition = Q()
    for word in text.split()[:limit]:
        condition &= name_has(word)
    return condition
