"""Background jobs for accounts. Thin: they take plain values and call a service."""

import uuid
from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from accounts import services


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_email(
    key: str,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html_body: str | None = None,
) -> None:
    services.send_email(
        key=uuid.UUID(key),
        subject=subject,
        body=body,
        to=to,
        from_email=from_email,
        html_body=html_body,
        now=timezone.now(),
    )


@shared_task
def clear_expired_sessions() -> None:
    services.clear_expired_sessions(now=timezone.now(), keep_deliveries_for=timedelta(days=30))
