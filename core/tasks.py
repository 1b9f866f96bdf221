from celery import shared_task
from django.utils import timezone

from core import heartbeat


@shared_task
def record_heartbeat() -> None:
    """Scheduled by beat every minute; the dashboards say when it stops."""
    heartbeat.record_heartbeat(now=timezone.now())
