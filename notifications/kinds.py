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
class Message:
    to: list[str]
    subject: str
    body: str
    html_body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


Renderer = Callable[["Delivery"], Message | None]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    render: Renderer


KINDS: dict[str, Kind] = {}


def register(name: str, label: str) -> Callable[[Renderer], Renderer]:
    def decorator(render: Renderer) -> Renderer:
        if name in KINDS and KINDS[name].render is not render:
            raise ValueError(f"Two renderers for the message kind {name!r}")
        KINDS[name] = Kind(name=name, label=label, render=render)
        return render

    return decorator


def label_for(name: str) -> str:
    kind = KINDS.get(name)
    return kind.label if kind else name.replace("_", " ")


def render(delivery: Delivery) -> Message | None:
    return KINDS[delivery.kind].render(delivery)
