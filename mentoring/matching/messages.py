"""The introductions a new pair gets once their mentoring starts: the mentor is told about
the mentee (what a mentor needs, never a clinical identifier), and the mentee who chose
email about their mentor. Recorded in the caller's transaction, written by the worker.
(A mentee without email gets the printed letter, `matching:letter`.)"""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mentoring.matching.models import Relationship
from mentoring.mentees.models import Mentee
from notifications import kinds, services
from notifications.models import Delivery

INTRODUCE_MENTEE = "relationship_introduce_mentee"  # to the mentor
INTRODUCE_MENTOR = "relationship_introduce_mentor"  # to the mentee


def introductions(*, relationship: Relationship, now: datetime) -> None:
    """Introduce the pair to each other, once each."""
    subject_key = f"relationship:{relationship.pk}"
    mentor, mentee = relationship.mentor, relationship.mentee
    services.record(
        kind=INTRODUCE_MENTEE,
        programme=relationship.programme,
        recipient=mentor.user,
        recipient_key=services.user_key(mentor.user) if mentor.user else f"mentor:{mentor.pk}",
        subject_key=subject_key,
        due_on=timezone.localdate(now),
        now=now,
    )
    if wants_email(mentee):
        services.record(
            kind=INTRODUCE_MENTOR,
            programme=relationship.programme,
            recipient=mentee.user,
            recipient_key=services.user_key(mentee.user) if mentee.user else f"mentee:{mentee.pk}",
            subject_key=subject_key,
            due_on=timezone.localdate(now),
            now=now,
        )


def wants_email(mentee: Mentee) -> bool:
    return bool(mentee.email) and mentee.reminder_channel == Mentee.Channel.EMAIL


def _current_relationship(delivery: Delivery) -> Relationship | None:
    """The relationship, while it is still running (an introduction to a pair that has
    already ended is not sent)."""
    return (
        Relationship.objects.select_related("mentee", "mentor__user", "programme")
        .filter(pk=int(delivery.subject_key.split(":")[1]), status__in=Relationship.CURRENT)
        .first()
    )


@kinds.register(INTRODUCE_MENTEE, "Your new mentee, to a mentor")
def render_introduce_mentee(delivery: Delivery) -> kinds.Message | None:
    relationship = _current_relationship(delivery)
    if relationship is None:
        return None
    mentor = relationship.mentor
    if mentor.user is not None:
        if not mentor.user.is_active:
            return None
        address = mentor.user.email
    else:
        address = mentor.email
    body = render_to_string(
        "matching/email/introduce_mentee.txt",
        {
            "relationship": relationship,
            "mentor": mentor,
            "mentee": relationship.mentee,
            "programme": relationship.programme,
            "link": services.absolute_url(reverse("matching:my_mentees")) if mentor.user else "",
        },
    )
    return kinds.Message(
        to=[address],
        subject=f"Your new mentee: {relationship.mentee.first_name}",
        body=body,
    )


@kinds.register(INTRODUCE_MENTOR, "Your peer mentor, to a mentee who chose email")
def render_introduce_mentor(delivery: Delivery) -> kinds.Message | None:
    relationship = _current_relationship(delivery)
    if relationship is None or not wants_email(relationship.mentee):
        return None
    body = render_to_string(
        "matching/email/introduce_mentor.txt",
        {
            "relationship": relationship,
            "mentor": relationship.mentor,
            "mentee": relationship.mentee,
            "programme": relationship.programme,
        },
    )
    return kinds.Message(
        to=[relationship.mentee.email],
        subject=f"Your peer mentor: {relationship.mentor.first_name}",
        body=body,
    )
