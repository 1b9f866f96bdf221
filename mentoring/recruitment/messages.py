"""The messages recruitment sends: thanks to an applicant, and an invitation to choose a
password. Recorded in the caller's transaction, written by the worker (which makes the
one-time link, so no key sits in the broker)."""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from mentoring.recruitment.models import Mentor
from notifications import kinds, services
from notifications.allauth import password_reset_link
from notifications.models import Delivery

APPLICATION_RECEIVED = "mentor_applied"
INVITATION = "mentor_invitation"


def application_received(*, mentor: Mentor, now: datetime) -> None:
    services.record(
        kind=APPLICATION_RECEIVED,
        programme=mentor.programme,
        recipient_key=f"mentor:{mentor.pk}",
        subject_key=f"mentor:{mentor.pk}",
        due_on=timezone.localdate(now),
        now=now,
    )


def invitation(*, mentor: Mentor, user: User, now: datetime, send_again: bool) -> None:
    services.record(
        kind=INVITATION,
        programme=mentor.programme,
        recipient=user,
        recipient_key=services.user_key(user),
        subject_key=f"mentor:{mentor.pk}",
        due_on=timezone.localdate(now),
        now=now,
        send_again=send_again,
    )


def _mentor_of(delivery: Delivery) -> Mentor | None:
    return (
        Mentor.objects.select_related("user", "programme")
        .filter(pk=int(delivery.subject_key.split(":")[1]))
        .first()
    )


@kinds.register(APPLICATION_RECEIVED, "Thanks for applying, to a volunteer")
def render_application_received(delivery: Delivery) -> kinds.Message | None:
    mentor = _mentor_of(delivery)
    if mentor is None:
        return None
    return kinds.Message(
        to=[mentor.email],
        subject="Thank you for offering to be a peer mentor",
        body=render_to_string("recruitment/email/mentor_applied.txt", {"mentor": mentor}),
    )


@kinds.register(INVITATION, "Invitation to choose a password, to a mentor")
def render_invitation(delivery: Delivery) -> kinds.Message | None:
    mentor = _mentor_of(delivery)
    if mentor is None or mentor.user is None or not mentor.may_sign_in:
        return None
    if mentor.user.has_usable_password():
        return None  # already signed up: nothing to invite to
    body = render_to_string(
        "recruitment/email/mentor_invitation.txt",
        {"mentor": mentor, "link": password_reset_link(mentor.user)},
    )
    return kinds.Message(
        to=[mentor.user.email], subject="Your peer mentor account: choose a password", body=body
    )
