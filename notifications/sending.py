"""Sending a recorded delivery, at most once, whatever happens to the worker.

1. Claim: one conditional UPDATE from "waiting" to "being sent", committed before anything
   leaves. A second worker, a retried task or a redelivered message finds nothing to claim.
2. Render and send, with no transaction or row lock open (the SMTP call may be slow).
3. Record the outcome: sent; or, on a failure, back to "waiting" with a later attempt time
   (the sweep tries again) until the last attempt, then "could not be sent".
A worker that dies between 1 and 3 leaves the row "being sent"; the sweep marks it "not
known if it was sent" after DELIVERY_UNKNOWN_AFTER, and a coordinator decides whether to
send it again. It is never repeated on its own.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F

from notifications import kinds, quiet
from notifications.channels import CHANNELS
from notifications.models import Delivery

logger = logging.getLogger(__name__)

SENT, SKIPPED, FAILED, CANCELLED = "sent", "skipped", "failed", "cancelled"


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8... minutes after the first, second, third... failed attempt."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def send(delivery_id: int, *, now: datetime) -> str:
    claimed = (
        Delivery.objects.due(now=now)
        .filter(pk=delivery_id)
        .update(
            status=Delivery.Status.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    if not claimed:
        logger.info("delivery %s: nothing to send (already claimed or not due)", delivery_id)
        return SKIPPED
    delivery = Delivery.objects.get(pk=delivery_id)
    try:
        message = kinds.render(delivery)
        if message is None:
            _finish(delivery, status=Delivery.Status.CANCELLED, now=now)
            logger.info("delivery %s cancelled: no longer needed", delivery_id)
            return CANCELLED
        CHANNELS[delivery.channel].send(message)
    except Exception as error:  # any failure: record its kind, never its text
        _failed(delivery, error=error, now=now)
        return FAILED
    _finish(delivery, status=Delivery.Status.SENT, now=now)
    logger.info("delivery %s sent (%s)", delivery_id, delivery.kind)
    return SENT


def _finish(delivery: Delivery, *, status: str, now: datetime) -> None:
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=status,
        sent_at=now if status == Delivery.Status.SENT else None,
        address="",
        last_error="",
        updated_at=now,
    )


def _failed(delivery: Delivery, *, error: Exception, now: datetime) -> None:
    last = delivery.attempts >= settings.DELIVERY_MAX_ATTEMPTS
    next_attempt_at = now + backoff(delivery.attempts)
    if delivery.kind in kinds.quiet_kinds():
        next_attempt_at = quiet.next_allowed(next_attempt_at)
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.FAILED if last else Delivery.Status.PENDING,
        next_attempt_at=next_attempt_at,
        last_error=type(error).__name__[:100],
        updated_at=now,
    )
    logger.warning(
        "delivery %s attempt %s failed with %s%s",
        delivery.pk,
        delivery.attempts,
        type(error).__name__,
        "; giving up" if last else "; will try again",
    )


def sweep(*, now: datetime, batch: int = 200, budget_seconds: float = 60) -> dict[str, int]:
    """Every minute: send what is due (new ones the broker never carried, and retries), and
    mark as unknown what a dead worker left "being sent". Safe to run twice at once. It
    stops after `budget_seconds` (a slow mail server), well inside the task's time limit,
    and leaves the rest to the next sweep."""
    unknown = Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - settings.DELIVERY_UNKNOWN_AFTER
    ).update(status=Delivery.Status.UNKNOWN, updated_at=now)
    if unknown:
        logger.warning("%s deliveries left mid-send by a worker are now 'not known'", unknown)
    outcomes = {SENT: 0, SKIPPED: 0, FAILED: 0, CANCELLED: 0}
    due = list(
        Delivery.objects.due(now=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:batch]
    )
    deadline = time.monotonic() + budget_seconds
    for pk in due:
        if time.monotonic() > deadline:
            break
        outcomes[send(pk, now=now)] += 1
    return {"unknown": unknown, **outcomes}


def clear_old(*, now: datetime, keep_for: timedelta) -> int:
    """Forget finished deliveries after `keep_for`; problems stay until someone acts."""
    deleted, _ = Delivery.objects.filter(
        created_at__lt=now - keep_for,
        status__in=[Delivery.Status.SENT, Delivery.Status.CANCELLED],
    ).delete()
    return deleted
