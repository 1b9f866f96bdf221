"""One way to move a record through its lifecycle, with a history row for every step.

A model lists its statuses (`Status`) and which may follow which (`TRANSITIONS`); its
history model subclasses `core.models.StatusHistory`. `transition()` checks the step,
saves the new status and writes who, when, from, to and why, in the caller's transaction
(callers lock the row first with select_for_update). Used by referrals and mentors, and
next by relationships and flags.

Why not django-fsm-2 (with django-fsm-log): its transitions are decorated model methods
with side effects, which hides where data goes (STYLE.md asks for services), and its log
is a generic table keyed by content type, which cannot be scoped by `visible_to` or
joined cheaply. What we need is twenty lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from core.models import StatusHistory


class Lifecycle:
    """Mixin for a model with a `status` field, a `status_changed_at` field and steps."""

    TRANSITIONS: ClassVar[Mapping[str, Iterable[str]]]
    status: str

    def next_statuses(self) -> tuple[str, ...]:
        return tuple(self.TRANSITIONS.get(self.status, ()))

    def status_label(self, status: str) -> str:
        field = self._meta.get_field("status")  # type: ignore[attr-defined]
        return str(dict(field.choices).get(status, status))


def record_start(
    instance: models.Model,
    *,
    history: type[StatusHistory],
    by: Any,
    now: datetime,
    note: str = "",
) -> StatusHistory:
    """The first history row of a new record (from nothing to its starting status)."""
    return history.objects.create(  # type: ignore[attr-defined]
        **{history.subject_field: instance},
        from_status="",
        to_status=instance.status,  # type: ignore[attr-defined]
        by=by,
        at=now,
        note=note,
    )


def record_note(
    instance: models.Model,
    *,
    history: type[StatusHistory],
    by: Any,
    now: datetime,
    note: str,
) -> StatusHistory:
    """A history row for something that happened without a change of status (an agreement
    recorded, a plan changed): from and to are the current status, the note says what."""
    status = instance.status  # type: ignore[attr-defined]
    return history.objects.create(  # type: ignore[attr-defined]
        **{history.subject_field: instance},
        from_status=status,
        to_status=status,
        by=by,
        at=now,
        note=note,
    )


def transition(
    instance: Any,
    *,
    to_status: str,
    history: type[StatusHistory],
    by: Any,
    now: datetime,
    note: str = "",
    also_save: Iterable[str] = (),
) -> StatusHistory:
    """Move `instance` to `to_status` if its lifecycle allows it, and record the step.

    `also_save` names other fields the caller changed for this step (dates, reasons).
    Raises ValidationError, in words, when the step is not allowed.
    """
    from_status = instance.status
    if to_status not in instance.next_statuses():
        raise ValidationError(
            f"Something that is {instance.status_label(from_status).lower()} cannot be "
            f"moved to {instance.status_label(to_status).lower()}.",
            code="not_allowed",
        )
    instance.status = to_status
    instance.status_changed_at = now
    update_fields = ["status", "status_changed_at", *also_save]
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        update_fields.append("updated_at")
    instance.save(update_fields=update_fields)
    return history.objects.create(  # type: ignore[attr-defined]
        **{history.subject_field: instance},
        from_status=from_status,
        to_status=to_status,
        by=by,
        at=now,
        note=note,
    )
