"""What other parts of sessions_log do the moment a concern is raised or closed, without this
app importing them (monitoring imports logs, never the other way): they register here in
their AppConfig.ready(), and the services call each in their own transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sessions_log.logs.models import Concern

ConcernHook = Callable[["Concern"], None]

CONCERN_CHANGED: list[ConcernHook] = []


def on_concern_changed(hook: ConcernHook) -> ConcernHook:
    if hook not in CONCERN_CHANGED:
        CONCERN_CHANGED.append(hook)
    return hook


def concern_changed(concern: Concern) -> None:
    for hook in CONCERN_CHANGED:
        hook(concern)
