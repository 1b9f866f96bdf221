"""The message mentees' pages send: an invitation to choose a password. Recorded in the
caller's transaction, written by the worker (which makes the one-time link, so no key sits
in the broker). It says only the mentee's first name and how to reach the coordinator."""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from mentoring.mentees.models import Mentee
from notifications import kinds, services
from notifications.allauth import password_reset_link
from notifications.models import Delivery

INVITATION = "mentee_invitation"


def invitation(*, mentee: Mentee, user: User, now: datetime) -> None:
    """A coordinator asked for it, so a second click the same day sends a fresh link."""
    services.record(
        kind=INVITATION,
        programme=mentee.programme,
        recipient=user,
        recipient_key=services.user_key(user),
        subject_key=f"mentee:{mentee.pk}",
        due_on=timezone.localdate(now),
        now=now,
        send_again=True,
    )


@kinds.register(INVITATION, "Invitation to choose a password, to a mentee")
def render_invitation(delivery: Delivery) -> kinds.Message | None:
    mentee = (
        Mentee.objects.select_related("user", "programme")
        .filter(pk=int(delivery.subject_key.split(":")[1]))
        .first()
    )
    if mentee is None or mentee.user is None or not mentee.user.is_active:
        return None
    if mentee.user.has_usable_password():
        return None  # already signed up: nothing to invite to
    body = render_to_string(
        "mentees/email/mentee_invitation.txt",
        {"mentee": mentee, "link": password_reset_link(mentee.user)},
    )
    return kinds.Message(
        to=[mentee.user.email], subject="Peer mentoring: choose a password", body=body
    )
