"""The nightly monitoring run (schedule in CELERY_BEAT_SCHEDULE, editable in the admin)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.utils import timezone

from sessions_log.monitoring import services


@shared_task
def run_monitoring() -> dict[str, Any]:
    """Safe to run twice, or twice at once: see services.run."""
    return services.run(now=timezone.now())
