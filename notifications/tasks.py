"""Background jobs for messages. Thin: they take ids and call `notifications.sending`."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from notifications import sending


@shared_task
def send_delivery(delivery_id: int) -> None:
    """Send one recorded delivery. Running it twice sends nothing more (the claim)."""
    sending.send(delivery_id, now=timezone.now())


@shared_task
def sweep_deliveries() -> None:
    """Every minute: send what is due, including what the broker never carried."""
    sending.sweep(now=timezone.now())


@shared_task
def clear_old_deliveries() -> None:
    """Daily: forget sent and cancelled deliveries after 30 days."""
    sending.clear_old(now=timezone.now(), keep_for=timedelta(days=30))
