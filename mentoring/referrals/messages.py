"""The messages referrals send: who is told what, recorded in the caller's transaction
and written by the worker. They carry a reference and a link, never a name or clinical
detail."""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from mentoring.referrals.models import Referral
from notifications import kinds, services
from notifications.models import Delivery

NEW_REFERRAL = "referral_new"
REFERRAL_OUTCOME = "referral_outcome"


def new_referral(*, referral: Referral, now: datetime) -> None:
    """Tell each coordinator of the programme that a referral is waiting."""
    coordinators = User.objects.filter(
        role=User.Role.COORDINATOR, is_active=True, memberships__programme=referral.programme_id
    ).distinct()
    for coordinator in coordinators:
        services.record(
            kind=NEW_REFERRAL,
            programme=referral.programme,
            recipient=coordinator,
            recipient_key=services.user_key(coordinator),
            subject_key=f"referral:{referral.pk}",
            due_on=timezone.localdate(now),
            now=now,
        )


def referral_outcome(*, referral: Referral, status: str, now: datetime) -> None:
    """Tell the referring physiotherapist that their referral was matched or closed."""
    referrer = referral.referred_by
    if not referrer.is_active or not referrer.is_physiotherapist:
        return
    services.record(
        kind=REFERRAL_OUTCOME,
        programme=referral.programme,
        recipient=referrer,
        recipient_key=services.user_key(referrer),
        subject_key=f"referral:{referral.pk}:{status}",
        due_on=timezone.localdate(now),
        now=now,
    )


def _referral_of(delivery: Delivery) -> Referral | None:
    referral_id = int(delivery.subject_key.split(":")[1])
    return Referral.objects.filter(pk=referral_id).first()


@kinds.register(NEW_REFERRAL, "New referral, to a coordinator")
def render_new_referral(delivery: Delivery) -> kinds.Message | None:
    referral, coordinator = _referral_of(delivery), delivery.recipient
    if referral is None or coordinator is None or not coordinator.is_active:
        return None
    body = render_to_string(
        "referrals/email/new_referral.txt",
        {
            "referral": referral,
            "recipient": coordinator,
            "link": services.absolute_url(referral.get_absolute_url()),
        },
    )
    return kinds.Message(
        to=[coordinator.email], subject=f"New referral waiting: {referral.reference}", body=body
    )


@kinds.register(REFERRAL_OUTCOME, "What became of a referral, to the physiotherapist")
def render_referral_outcome(delivery: Delivery) -> kinds.Message | None:
    referral, referrer = _referral_of(delivery), delivery.recipient
    if referral is None or referrer is None or not referrer.is_active:
        return None
    status = Referral.Status(delivery.subject_key.split(":")[2])
    body = render_to_string(
        "referrals/email/referral_outcome.txt",
        {
            "referral": referral,
            "status": status,
            "recipient": referrer,
            "link": services.absolute_url(referral.get_absolute_url()),
        },
    )
    return kinds.Message(
        to=[referrer.email],
        subject=f"Referral {referral.reference}: {status.label.lower()}",
        body=body,
    )
