"""The daily reminder runs. Thin: they take the day and call the planning services, which
are safe to run twice or at once (unique keys, ON CONFLICT DO NOTHING, claims)."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from sessions_log.reminders import services


def _today(day: str | None) -> date:
    return date.fromisoformat(day) if day else timezone.localdate()


@shared_task
def plan_contact_reminders(day: str | None = None) -> dict[str, int]:
    """Each morning: reminders of tomorrow's contacts; letters and calls for coordinators."""
    return services.plan_contact_reminders(today=_today(day), now=timezone.now())


@shared_task
def plan_log_nudges(day: str | None = None) -> dict[str, int]:
    """Each morning: nudge mentors whose planned contact has gone unlogged."""
    return services.plan_log_nudges(today=_today(day), now=timezone.now())


@shared_task
def plan_coordinator_digests(day: str | None = None) -> dict[str, int]:
    """Each morning: one digest to each coordinator (not sent when there is nothing new)."""
    return services.plan_coordinator_digests(today=_today(day), now=timezone.now())
