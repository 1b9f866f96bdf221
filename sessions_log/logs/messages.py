"""The messages a concern sends: every coordinator of the programme (marked urgent for
safeguarding and clinical red flags), and the referring physiotherapist for a red flag.
Recorded in the caller's transaction, sent by the worker once it commits. They say what
kind of concern it is and give a link, never a name, the signs or anything the mentor
wrote."""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from notifications import kinds, services
from notifications.models import Delivery
from sessions_log.logs.models import Concern, ConcernKind

CONCERN_TO_COORDINATOR = "concern_raised"
RED_FLAG_TO_PHYSIOTHERAPIST = "concern_red_flag_physiotherapist"


def concern_raised(*, concern: Concern, now: datetime) -> None:
    """Tell each coordinator of the programme, and for a clinical red flag the
    physiotherapist who referred the mentee, once each."""
    subject_key = f"concern:{concern.pk}"
    coordinators = User.objects.filter(
        role=User.Role.COORDINATOR, is_active=True, memberships__programme=concern.programme_id
    ).distinct()
    for coordinator in coordinators:
        services.record(
            kind=CONCERN_TO_COORDINATOR,
            programme=concern.programme,
            recipient=coordinator,
            recipient_key=services.user_key(coordinator),
            subject_key=subject_key,
            due_on=timezone.localdate(now),
            now=now,
        )
    physiotherapist = referring_physiotherapist(concern)
    if concern.kind == ConcernKind.RED_FLAG and physiotherapist is not None:
        services.record(
            kind=RED_FLAG_TO_PHYSIOTHERAPIST,
            programme=concern.programme,
            recipient=physiotherapist,
            recipient_key=services.user_key(physiotherapist),
            subject_key=subject_key,
            due_on=timezone.localdate(now),
            now=now,
        )


def referring_physiotherapist(concern: Concern) -> User | None:
    referral = concern.relationship.referral
    if referral is None:
        return None
    referrer = referral.referred_by
    if not referrer.is_active or not referrer.is_physiotherapist:
        return None
    return referrer


def _concern_of(delivery: Delivery) -> Concern | None:
    return (
        Concern.objects.select_related("programme")
        .filter(pk=int(delivery.subject_key.split(":")[1]))
        .first()
    )


def _message(delivery: Delivery, template: str, subject: str) -> kinds.Message | None:
    concern, recipient = _concern_of(delivery), delivery.recipient
    if concern is None or recipient is None or not recipient.is_active:
        return None
    body = render_to_string(
        template,
        {
            "concern": concern,
            "recipient": recipient,
            "link": services.absolute_url(concern.get_absolute_url()),
        },
    )
    return kinds.Message(to=[recipient.email], subject=subject, body=body)


@kinds.register(CONCERN_TO_COORDINATOR, "A concern raised in a session log, to a coordinator")
def render_concern(delivery: Delivery) -> kinds.Message | None:
    concern = _concern_of(delivery)
    if concern is None:
        return None
    subject = (
        "Urgent: a mentor has raised a concern"
        if concern.urgent
        else ("A mentor has raised a concern")
    )
    return _message(delivery, "logs/email/concern_raised.txt", subject)


@kinds.register(
    RED_FLAG_TO_PHYSIOTHERAPIST, "A clinical red flag about their patient, to the physiotherapist"
)
def render_red_flag(delivery: Delivery) -> kinds.Message | None:
    return _message(
        delivery,
        "logs/email/red_flag_physiotherapist.txt",
        "Urgent: a clinical concern about a patient you referred",
    )
