"""The access base: the part of every `visible_to(user)` rule that is the same everywhere.

Anonymous visitors and closed accounts see nothing; administrators see everything; the
rest is each model's own rule (`visible_to_member`). Children (interviews, references,
checks, training records, history rows) are visible exactly when their parent is.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.db import models


def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


class VisibleQuerySet(models.QuerySet):
    """A queryset with one access rule. Subclasses write `visible_to_member`."""

    def visible_to(self, user: Any) -> Self:
        if not is_signed_in(user):
            return self.none()
        if user.is_superuser:
            return self
        return self.visible_to_member(user)

    def visible_to_member(self, user: Any) -> Self:
        """Rows a signed-in person who is not an administrator may see: none by default."""
        return self.none()


class VisibleThroughParentQuerySet(VisibleQuerySet):
    """Rows visible when their parent (the `parent_field` foreign key) is visible."""

    parent_field: ClassVar[str]

    def visible_to_member(self, user: Any) -> Self:
        parent = self.model._meta.get_field(self.parent_field).related_model
        visible_parents = parent._default_manager.visible_to(user)  # type: ignore[union-attr]
        return self.filter(**{f"{self.parent_field}__in": visible_parents})
