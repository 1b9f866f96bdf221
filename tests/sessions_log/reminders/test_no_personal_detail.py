"""Every reminder body, by email and by text, says as little as it can: first names at most,
never a surname, a contact detail, a health condition or anything from a session log."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail

from mentoring.mentees.models import Mentee
from notifications import kinds, sending, text
from sessions_log.reminders import services
from sessions_log.reminders.models import MenteeReminderPreferences, MentorReminderPreferences
from tests.factories import (
    ConcernFactory,
    MentorFactory,
    RelationshipFactory,
    SessionLogFactory,
)
from tests.sessions_log.reminders.conftest import TODAY, at

pytestmark = pytest.mark.django_db


def forbidden(pair, log):
    mentee, mentor = pair.mentee, pair.mentor
    words = [
        mentee.last_name, mentor.last_name, mentee.email, mentor.email, mentee.phone,
        mentee.postcode, log.concern_details, log.action_plan, "red flag", "weak", "pain",
        "safeguarding", "concern",
    ]  # fmt: skip
    words += log.red_flag_signs
    return [w for w in words if w]


@pytest.mark.parametrize("channel", ["email", "text"])
def test_no_reminder_carries_clinical_or_personal_detail(
    pair, coordinator, morning, channel, django_capture_on_commit_callbacks
):
    Mentee.objects.filter(pk=pair.mentee.pk).update(reminder_channel=channel)
    pair.mentee.refresh_from_db()
    MenteeReminderPreferences.objects.create(mentee=pair.mentee, contact_reminders=True)
    MentorReminderPreferences.objects.create(mentor=pair.mentor, channel=channel)
    log = SessionLogFactory(relationship=pair, red_flag=True, occurred_at=at(TODAY, 8))
    ConcernFactory(log=log)
    MentorFactory(programme=pair.programme, status="applied")
    other = MentorFactory(programme=pair.programme, status="active", with_account=True)
    nudged = RelationshipFactory(
        programme=pair.programme, mentor=other, mentee__first_name="Cora",
        mentee__last_name="Nudgedsurname", mentee__reminder_channel="phone",
        started_on=TODAY - timedelta(days=30), next_contact_at=at(TODAY - timedelta(days=2), 10),
    )  # fmt: skip
    MentorReminderPreferences.objects.create(mentor=other, channel=channel)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_contact_reminders(today=TODAY, now=morning)
        services.plan_log_nudges(today=TODAY, now=morning)
        services.plan_coordinator_digests(today=TODAY, now=morning)
    sending.sweep(now=morning)

    bodies = [m.body + m.subject for m in mail.outbox] + [t["body"] for t in text.outbox]
    attachments = [
        (c.decode() if isinstance(c, bytes) else c)
        for m in mail.outbox
        for _, c, _ in m.attachments
    ]
    # mentor, mentee, the nudge, and (by email) the digest
    assert len(text.outbox) == (3 if channel == "text" else 0)
    assert len(bodies) == 4
    for body in bodies + attachments:
        body = body.replace(settings.SERVICE_NAME, "the service")  # "Back pain" is its name
        for word in [*forbidden(pair, log), nudged.mentee.last_name, "Cora"]:
            if word == "concern" and "concerns raised in session logs" in body:
                continue  # the digest counts concerns, and says nothing about any
            assert word.lower() not in body.lower(), (word, body)
    for attachment in attachments:
        assert "Alice" not in attachment
        assert "Betty" not in attachment


def test_every_reminder_kind_is_registered_and_waits_for_quiet_hours():
    for name in services.REMINDER_KINDS:
        assert kinds.KINDS[name].quiet_hours
