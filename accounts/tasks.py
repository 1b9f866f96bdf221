"""Background jobs for accounts. Thin: they call a service."""

from celery import shared_task
from django.utils import timezone

from accounts import services


@shared_task
def clear_expired_sessions() -> None:
    """Daily. Deletes nothing more the second time."""
    services.clear_expired_sessions(now=timezone.now())
