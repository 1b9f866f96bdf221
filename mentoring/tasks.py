"""Background jobs for referrals: thin wrappers that take ids and call a service."""

from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from mentoring import mentor_services, services


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def notify_new_referral(referral_id: int) -> None:
    """Each coordinator is emailed once per referral, however often this runs."""
    services.notify_new_referral(referral_id=referral_id, now=timezone.now())


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def notify_referral_outcome(referral_id: int, status: str) -> None:
    """The referrer is emailed once per outcome (matched or closed)."""
    services.notify_referral_outcome(referral_id=referral_id, status=status, now=timezone.now())


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def confirm_mentor_application(mentor_id: int) -> None:
    """The applicant is thanked once, however often this runs."""
    mentor_services.send_application_confirmation(mentor_id=mentor_id, now=timezone.now())


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_mentor_invitation(mentor_id: int, invitation_key: str) -> None:
    """Each invitation is sent once; nothing once the mentor has chosen a password."""
    mentor_services.send_invitation(
        mentor_id=mentor_id, invitation_key=invitation_key, now=timezone.now()
    )
