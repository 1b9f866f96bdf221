"""Two planning runs at the same moment (a duplicate beat tick, two beat processes) record
each reminder, letter and call once, and send each message once."""

import pytest
from django.core import mail

from mentoring.mentees.models import Mentee
from notifications import sending
from notifications.models import Delivery
from sessions_log.reminders import services
from sessions_log.reminders.models import ManualReminder, MenteeReminderPreferences
from tests.sessions_log.reminders.conftest import TODAY
from tests.support.concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_planning_runs_at_once_record_and_send_each_reminder_once(pair, morning):
    Mentee.objects.filter(pk=pair.mentee.pk).update(reminder_channel="phone")
    MenteeReminderPreferences.objects.create(mentee=pair.mentee, contact_reminders=True)

    def plan():
        return services.plan_contact_reminders(today=TODAY, now=morning)

    results = at_once(plan, plan, plan)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Delivery.objects.filter(kind=services.CONTACT_TO_MENTOR).count() == 1
    assert ManualReminder.objects.count() == 1
    at_once(lambda: sending.sweep(now=morning), lambda: sending.sweep(now=morning))
    assert Delivery.objects.get().status == Delivery.Status.SENT
    assert len([m for m in mail.outbox if m.to == [pair.mentor.user.email]]) == 1
