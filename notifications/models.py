"""A delivery: one message to one person about one thing on one day.

The unique key (kind, recipient, subject, day) makes "send it once" a database fact: a
retried task, a double click or a duplicate beat tick finds the row that is already there.
A delivery holds ids and keys, never a message body; the worker renders the message from
the records when it sends it, so no body, address or sign-in link ever sits in the broker.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Programme, User
from core.access import VisibleQuerySet


class DeliveryQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """Coordinators see the messages of their programmes; nobody else sees any."""
        if not user.is_coordinator:
            return self.none()
        return self.filter(programme__in=Programme.objects.visible_to(user))

    def needing_attention(self) -> Self:
        """Given up after the last retry, or sent by a worker that died mid-send."""
        return self.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.UNKNOWN])

    def due(self, *, now: datetime) -> Self:
        """Waiting and due; in quiet hours, not the kinds that wait for the morning."""
        from notifications import kinds, quiet

        due = self.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        if quiet.is_quiet(now):
            due = due.exclude(kind__in=kinds.quiet_kinds())
        return due


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"
        UNKNOWN = "unknown", "Not known if it was sent"
        CANCELLED = "cancelled", "No longer needed"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"

    kind = models.CharField(max_length=50)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="deliveries", null=True, blank=True
    )
    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="deliveries", null=True, blank=True
    )
    # Who, as a key: "user:12", "mentor:5", or "address:<hash>" for someone with no record.
    recipient_key = models.CharField(max_length=80)
    # Only for a person we know by nothing but an address (an email address, or a phone
    # number for a text); emptied once sent. Checked where it is recorded, not here.
    address = models.CharField(max_length=254, blank=True)
    # What it is about: "referral:12", "referral:12:matched", "mentor:5".
    subject_key = models.CharField(max_length=80)
    due_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The kind of error only (an exception class name): never a message that may hold data.
    last_error = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient_key", "subject_key", "due_on"],
                name="delivery_once_per_kind_recipient_subject_day",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="delivery_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_pending_due",
            ),
            models.Index(fields=["programme", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_key} ({self.get_status_display()})"

    @property
    def kind_label(self) -> str:
        from notifications.kinds import label_for

        return label_for(self.kind)

    @property
    def can_send_again(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.UNKNOWN)

    def describe(self) -> dict[str, Any]:
        """Ids only, for logs."""
        return {"delivery": self.pk, "kind": self.kind, "status": self.status}


def stuck_after() -> Any:
    """A delivery still "being sent" after this was sent by a worker that died: by then
    the task's hard time limit has long passed."""
    return settings.DELIVERY_UNKNOWN_AFTER
