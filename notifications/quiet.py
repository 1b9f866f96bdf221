"""Quiet hours: reminders are not sent late in the evening or early in the morning.

From QUIET_HOURS_START to QUIET_HOURS_END (21:00 to 08:00 by default), in the service's
time zone (Europe/London, summer time included). A reminder that falls due in quiet hours
waits until they end; urgent alerts (a concern raised) are not held back.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone


def _local(now: datetime) -> datetime:
    return timezone.localtime(now)


def is_quiet(now: datetime) -> bool:
    start, end = settings.QUIET_HOURS_START, settings.QUIET_HOURS_END
    moment = _local(now).time()
    if start <= end:  # e.g. 13:00 to 14:00 on the same day
        return start <= moment < end
    return moment >= start or moment < end


def next_allowed(now: datetime) -> datetime:
    """`now` if it is outside quiet hours, else the moment they end (local time)."""
    if not is_quiet(now):
        return now
    local = _local(now)
    end: time = settings.QUIET_HOURS_END
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, end), local.tzinfo)
