"""The coordinators' daily digest: a list of (what, how many) lines, each from a counter.

Another area adds its line without this module knowing it:

    from sessions_log.reminders import digest

    @digest.register
    def open_flags(user: User, now: datetime) -> list[tuple[str, int]]:
        return [("new monitoring flags", Flag.objects.visible_to(user).filter(...).count())]

Each counter takes a constant number of queries; the digest is not sent when every count
is nought.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from accounts.models import User

Counter = Callable[[User, datetime], list[tuple[str, int]]]

COUNTERS: list[Counter] = []


def register(counter: Counter) -> Counter:
    if counter not in COUNTERS:
        COUNTERS.append(counter)
    return counter


def counts(*, user: User, now: datetime) -> list[tuple[str, int]]:
    return [line for counter in COUNTERS for line in counter(user, now)]
