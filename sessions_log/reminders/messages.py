"""What each reminder says, written by the worker when it sends it, from the records as they
are then: a contact that has moved, been logged, or a pair that has stopped, is not
reminded (the delivery is cancelled). Reminders greet a person by their first name and
name the other person by first name at most; never a surname, an address, a health
condition or anything from a log. They wait for the end of quiet hours."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Programme, User
from mentoring.matching.models import Relationship
from mentoring.matching.services import next_contact
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import Mentor
from mentoring.referrals.models import Referral
from notifications import kinds, services
from notifications.models import Delivery
from sessions_log.logs.models import Concern, SessionLog
from sessions_log.reminders import calendar, digest
from sessions_log.reminders.models import MenteeReminderPreferences, MentorReminderPreferences
from sessions_log.reminders.services import (
    CONTACT_TO_MENTEE,
    CONTACT_TO_MENTOR,
    DIGEST,
    LOG_NUDGE,
    parse_subject_key,
)


def _relationship(delivery: Delivery) -> tuple[Relationship, date] | None:
    pk, day = parse_subject_key(delivery.subject_key)
    relationship = (
        Relationship.objects.select_related(
            "mentor__user",
            "mentor__reminder_preferences",
            "mentee__reminder_preferences",
            "programme",
        )
        .filter(pk=pk, status=Relationship.Status.ACTIVE)
        .first()
    )
    return (relationship, day) if relationship is not None else None


def _mentor_preferences(mentor: Mentor) -> MentorReminderPreferences:
    try:
        return mentor.reminder_preferences  # type: ignore[attr-defined]  # the reverse one-to-one
    except MentorReminderPreferences.DoesNotExist:
        return MentorReminderPreferences(mentor=mentor)


def _mentor_address(mentor: Mentor, channel: str) -> str | None:
    if mentor.user is not None and not mentor.user.is_active:
        return None
    if channel == Delivery.Channel.TEXT:
        return mentor.phone or None
    return (mentor.user.email if mentor.user else mentor.email) or None


def _mentee_address(mentee: Mentee, channel: str) -> str | None:
    if channel == Delivery.Channel.TEXT:
        return mentee.phone or None
    return mentee.email or None


def _contact_still_planned(relationship: Relationship, day: date) -> bool:
    return next_contact(relationship, today=day) == day


def _message(
    delivery: Delivery,
    *,
    address: str | None,
    subject: str,
    template: str,
    context: dict,
    relationship: Relationship | None = None,
    day: date | None = None,
) -> kinds.Message | None:
    if not address:
        return None
    body = render_to_string(template, {"service": settings.SERVICE_NAME, **context}).strip()
    attachments = []
    if delivery.channel == Delivery.Channel.EMAIL and relationship is not None and day:
        attachments = [calendar.contact_attachment(relationship, day)]
    return kinds.Message(to=[address], subject=subject, body=body, attachments=attachments)


@kinds.register(
    CONTACT_TO_MENTOR, "A reminder of tomorrow's contact, to the mentor", quiet_hours=True
)
def render_contact_to_mentor(delivery: Delivery) -> kinds.Message | None:
    found = _relationship(delivery)
    if found is None:
        return None
    relationship, day = found
    mentor = relationship.mentor
    if not _mentor_preferences(mentor).contact_reminders:
        return None
    if not _contact_still_planned(relationship, day):
        return None
    return _message(
        delivery,
        address=_mentor_address(mentor, delivery.channel),
        subject="A reminder of your contact tomorrow",
        template="reminders/email/contact_mentor.txt",
        context={
            "first_name": mentor.first_name,
            "day": day,
            "link": services.absolute_url(relationship.get_absolute_url()),
            "settings_link": services.absolute_url(reverse("reminders:mine")),
        },
        relationship=relationship,
        day=day,
    )


@kinds.register(
    CONTACT_TO_MENTEE, "A reminder of tomorrow's contact, to the mentee", quiet_hours=True
)
def render_contact_to_mentee(delivery: Delivery) -> kinds.Message | None:
    found = _relationship(delivery)
    if found is None:
        return None
    relationship, day = found
    mentee = relationship.mentee
    if not _mentee_wants_reminders(mentee) or not _contact_still_planned(relationship, day):
        return None
    if mentee.reminder_channel != delivery.channel:
        return None  # they have since chosen another way (a letter or a call)
    return _message(
        delivery,
        address=_mentee_address(mentee, delivery.channel),
        subject="A reminder of your peer mentoring contact tomorrow",
        template="reminders/email/contact_mentee.txt",
        context={
            "first_name": mentee.first_name,
            "mentor_first_name": relationship.mentor.first_name,
            "day": day,
            "programme": relationship.programme,
        },
        relationship=relationship,
        day=day,
    )


def _mentee_wants_reminders(mentee: Mentee) -> bool:
    try:
        preferences = mentee.reminder_preferences  # type: ignore[attr-defined]  # reverse one-to-one
        return bool(preferences.contact_reminders)
    except MenteeReminderPreferences.DoesNotExist:
        return False


@kinds.register(LOG_NUDGE, "A reminder to log a contact, to the mentor", quiet_hours=True)
def render_log_nudge(delivery: Delivery) -> kinds.Message | None:
    found = _relationship(delivery)
    if found is None:
        return None
    relationship, day = found
    mentor = relationship.mentor
    if not _mentor_preferences(mentor).log_nudges:
        return None
    logged = SessionLog.objects.filter(
        relationship=relationship, occurred_at__date__gte=day - timedelta(days=1)
    ).exists()
    if logged:
        return None
    return _message(
        delivery,
        address=_mentor_address(mentor, delivery.channel),
        subject="Please log your contact",
        template="reminders/email/log_nudge.txt",
        context={
            "first_name": mentor.first_name,
            "day": day,
            "link": services.absolute_url(reverse("logs:new", args=[relationship.pk])),
            "settings_link": services.absolute_url(reverse("reminders:mine")),
        },
    )


@kinds.register(DIGEST, "The daily digest, to a coordinator", quiet_hours=True)
def render_digest(delivery: Delivery) -> kinds.Message | None:
    user = delivery.recipient
    if user is None or not user.is_active or not user.is_coordinator:
        return None
    lines = digest.counts(user=user, now=timezone.now())
    if not any(count for _, count in lines):
        return None  # nothing to say today
    return _message(
        delivery,
        address=user.email,
        subject="Your daily summary",
        template="reminders/email/digest.txt",
        context={
            "first_name": user.first_name,
            "lines": lines,
            "link": services.absolute_url(reverse("home")),
            "settings_link": services.absolute_url(reverse("reminders:summary_email")),
        },
    )


# --- The digest's own counts (more are added with digest.register) ---------------------------


@digest.register
def _digest_counts(user: User, now: datetime) -> list[tuple[str, int]]:
    programmes = Programme.objects.visible_to(user)
    new_concerns = Concern.objects.filter(
        programme__in=programmes, raised_at__gte=now - timedelta(days=1)
    ).open()
    referrals = Referral.objects.filter(programme__in=programmes).open()
    applicants = Mentor.objects.filter(programme__in=programmes, status=Mentor.Status.APPLIED)
    return [
        ("new concerns raised in session logs, still open", new_concerns.count()),
        ("referrals waiting for you", referrals.count()),
        ("volunteers who have applied, waiting for you", applicants.count()),
    ]
