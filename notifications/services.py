"""Deciding to send a message: record a delivery in the caller's transaction, and hand it
to a worker once that transaction has committed.

If the broker (Redis) cannot be reached the delivery stays recorded and the sweep sends it
when the worker runs again: a page never fails because a message could not be queued.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime

from django.conf import settings
from django.db import transaction

from accounts.models import Programme, User
from notifications import tasks
from notifications.models import Delivery

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """A link for a message sent from a background job, where there is no request."""
    return settings.SITE_URL.rstrip("/") + path


def user_key(user: User) -> str:
    return f"user:{user.pk}"


def address_key(address: str) -> str:
    """A key for someone known only by an address, without writing the address in it."""
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]
    return f"address:{digest}"


def record(
    *,
    kind: str,
    recipient_key: str,
    subject_key: str,
    due_on: date,
    now: datetime,
    programme: Programme | None = None,
    recipient: User | None = None,
    address: str = "",
    send_again: bool = False,
) -> Delivery:
    """Record that this message is to be sent (once), and enqueue it after commit.

    The same (kind, recipient, subject, day) is recorded once: a second call returns the
    first row and sends nothing more, unless `send_again` asks for it deliberately (a
    coordinator resending an invitation, a person asking for a new reset link), which
    puts a finished delivery back in the queue.
    """
    with transaction.atomic():
        delivery, created = Delivery.objects.select_for_update().get_or_create(
            kind=kind,
            recipient_key=recipient_key,
            subject_key=subject_key,
            due_on=due_on,
            defaults={
                "programme": programme,
                "recipient": recipient,
                "address": address,
                "next_attempt_at": now,
                "created_at": now,
            },
        )
        if not created and send_again and delivery.status != Delivery.Status.PENDING:
            if delivery.status == Delivery.Status.SENDING:
                return delivery  # a worker is sending it right now
            delivery.status = Delivery.Status.PENDING
            delivery.next_attempt_at = now
            delivery.attempts = 0
            delivery.address = address or delivery.address
            delivery.save(
                update_fields=["status", "next_attempt_at", "attempts", "address", "updated_at"]
            )
            created = True
        if created:
            enqueue_after_commit(delivery.pk)
    return delivery


def send_again(*, delivery: Delivery, by: User, now: datetime) -> Delivery:
    """A coordinator asks for a failed or uncertain message to be sent again."""
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if not locked.can_send_again:
            return locked
        locked.status = Delivery.Status.PENDING
        locked.next_attempt_at = now
        locked.attempts = 0
        locked.save(update_fields=["status", "next_attempt_at", "attempts", "updated_at"])
        enqueue_after_commit(locked.pk)
    logger.info("delivery %s put back in the queue by user %s", locked.pk, by.pk)
    return locked


def enqueue_after_commit(delivery_id: int) -> None:
    transaction.on_commit(lambda: enqueue(delivery_id))


def enqueue(delivery_id: int) -> bool:
    """Hand a delivery to a worker now; False (and logged) when the broker is down."""
    try:
        tasks.send_delivery.apply_async((delivery_id,), retry=False)
    except Exception as error:  # broker unreachable: the sweep sends it later
        logger.warning(
            "delivery %s not queued (%s); the sweep will send it",
            delivery_id,
            type(error).__name__,
        )
        return False
    return True
