from celery import shared_task
from django.utils import timezone

from dashboard import services


@shared_task
def record_heartbeat() -> None:
    """Scheduled by beat every minute; the dashboards say when it stops."""
    services.record_heartbeat(now=timezone.now())
