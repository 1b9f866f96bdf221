"""Changes to accounts and memberships, and outgoing email."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from accounts.models import EmailDelivery, Membership, Programme, User

logger = logging.getLogger(__name__)

EMAIL_NAMESPACE = uuid.UUID("6f1c8a57-3f7e-4d55-9a0c-1f0f3c8b2d11")


def absolute_url(path: str) -> str:
    """A link for an email sent from a background job, where there is no request."""
    return settings.SITE_URL.rstrip("/") + path


def email_key(*parts: object) -> uuid.UUID:
    """The same notification for the same person always has the same key: sent once."""
    return uuid.uuid5(EMAIL_NAMESPACE, ":".join(str(p) for p in parts))


@transaction.atomic
def add_to_programme(*, user: User, programme: Programme) -> Membership:
    """Add `user` to `programme`. Mentors and mentees may belong to one programme only."""
    membership = Membership(user=user, programme=programme)
    membership.clean()
    membership, _ = Membership.objects.get_or_create(user=user, programme=programme)
    return membership


@transaction.atomic
def create_account(
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    programmes: Iterable[Programme],
    password: str | None = None,
) -> User:
    """Create a person's account and their programme memberships, all or nothing.

    Without a password the account cannot sign in until the person sets one through a
    password reset (or, later, an invitation) link.
    """
    programmes = list(programmes)
    if not programmes:
        raise ValidationError("Everyone except administrators belongs to a programme.")
    if role in User.SINGLE_PROGRAMME_ROLES and len(programmes) > 1:
        raise ValidationError("A mentor or mentee belongs to one programme only.")
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name, role=role
    )
    for programme in programmes:
        add_to_programme(user=user, programme=programme)
    return user


def send_email(
    *,
    key: uuid.UUID,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html_body: str | None = None,
    now: datetime,
) -> bool:
    """Send one email at most once per `key`, however often the task runs.

    The delivery row is locked while sending, so two workers that got the same task
    cannot both send; if sending fails the row is rolled back and a retry may send.
    Returns False when this key was already sent.
    """
    with transaction.atomic():
        delivery, _ = EmailDelivery.objects.select_for_update().get_or_create(key=key)
        if delivery.sent_at is not None:
            logger.info("email %s already sent; skipping", key)
            return False
        message = EmailMultiAlternatives(subject, body, from_email, to)
        if html_body:
            message.attach_alternative(html_body, "text/html")
        message.send()
        delivery.sent_at = now
        delivery.save(update_fields=["sent_at"])
    logger.info("email %s sent", key)
    return True


def clear_expired_sessions(*, now: datetime, keep_deliveries_for: timedelta) -> tuple[int, int]:
    """Remove expired sign-in sessions and old email delivery records. Safe to repeat."""
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    deliveries, _ = EmailDelivery.objects.filter(created_at__lt=now - keep_deliveries_for).delete()
    return sessions, deliveries
