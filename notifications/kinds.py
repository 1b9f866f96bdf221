"""The registry of message kinds: each app says how to write each of its messages.

    @kinds.register("referral_new", "New referral, to the programme's coordinators")
    def new_referral(delivery: Delivery) -> Message | None:
        ...

A renderer runs in the worker, reads the records it needs, and returns the message, or
None when it is no longer needed (the delivery is then cancelled, not sent). Apps register
their renderers in `<app>/messages.py`, imported by their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notifications.models import Delivery


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Message:
    """`to` holds email addresses for email, E.164 phone numbers for text messages (which
    send only the body)."""

    to: list[str]
    subject: str
    body: str
    html_body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)


Renderer = Callable[["Delivery"], Message | None]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    render: Renderer
    # Not sent between QUIET_HOURS_START and QUIET_HOURS_END (reminders; not urgent alerts).
    quiet_hours: bool = False


KINDS: dict[str, Kind] = {}


def register(name: str, label: str, *, quiet_hours: bool = False) -> Callable[[Renderer], Renderer]:
    def decorator(render: Renderer) -> Renderer:
        if name in KINDS and KINDS[name].render is not render:
            raise ValueError(f"Two renderers for the message kind {name!r}")
        KINDS[name] = Kind(name=name, label=label, render=render, quiet_hours=quiet_hours)
        return render

    return decorator


def label_for(name: str) -> str:
    kind = KINDS.get(name)
    return kind.label if kind else name.replace("_", " ")


def quiet_kinds() -> list[str]:
    """The kinds that wait for the morning when they fall due in quiet hours."""
    return sorted(name for name, kind in KINDS.items() if kind.quiet_hours)


def render(delivery: Delivery) -> Message | None:
    return KINDS[delivery.kind].render(delivery)
