"""No reminder is sent between 21:00 and 08:00 UK time: it waits for the morning. Urgent
alerts (a concern raised) are not held back."""

from datetime import timedelta

import pytest
from django.core import mail

from notifications import quiet, sending
from notifications.models import Delivery
from sessions_log.reminders import services
from tests.factories import DeliveryFactory
from tests.sessions_log.reminders.conftest import TODAY, at

NEXT_DAY = TODAY + timedelta(days=1)


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (at(TODAY, 20, 59), at(TODAY, 20, 59)),
        (at(TODAY, 21, 0), at(NEXT_DAY, 8)),
        (at(TODAY, 23, 59), at(NEXT_DAY, 8)),
        (at(TODAY, 0, 0), at(TODAY, 8)),
        (at(TODAY, 7, 59), at(TODAY, 8)),
        (at(TODAY, 8, 0), at(TODAY, 8, 0)),
    ],
    ids=["20:59", "21:00", "23:59", "midnight", "07:59", "08:00"],
)
def test_quiet_hours_edges(moment, allowed):
    assert quiet.next_allowed(moment) == allowed
    assert quiet.is_quiet(moment) == (moment != allowed)


def test_quiet_hours_follow_summer_time():
    summer = TODAY.replace(month=7)
    assert quiet.next_allowed(at(summer, 22)) == at(summer + timedelta(days=1), 8)
    assert at(summer + timedelta(days=1), 8).utcoffset() == timedelta(hours=1)


@pytest.mark.django_db
def test_a_reminder_planned_in_quiet_hours_waits_until_eight(pair):
    late = at(TODAY, 22)
    services.plan_contact_reminders(today=TODAY, now=late)
    delivery = Delivery.objects.get(kind=services.CONTACT_TO_MENTOR)
    assert delivery.next_attempt_at == at(NEXT_DAY, 8)
    sending.sweep(now=at(NEXT_DAY, 7, 59))
    assert not mail.outbox
    sending.sweep(now=at(NEXT_DAY, 8))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_reminder_due_is_not_sent_in_quiet_hours_but_an_alert_is(pair, coordinator):
    DeliveryFactory(
        kind=services.CONTACT_TO_MENTOR,
        recipient=pair.mentor.user,
        recipient_key=f"user:{pair.mentor.user.pk}",
        subject_key=services.subject_key(pair.pk, NEXT_DAY),
        due_on=TODAY,
        programme=pair.programme,
        next_attempt_at=at(TODAY, 20),
    )
    alert = DeliveryFactory(recipient=coordinator, next_attempt_at=at(TODAY, 20))
    outcome = sending.sweep(now=at(TODAY, 21, 30))
    assert outcome["sent"] == 1
    alert.refresh_from_db()
    assert alert.status == Delivery.Status.SENT
    assert Delivery.objects.get(kind=services.CONTACT_TO_MENTOR).status == "pending"


@pytest.mark.django_db
def test_a_failed_reminder_is_not_retried_in_quiet_hours(pair, settings, monkeypatch):
    services.plan_contact_reminders(today=TODAY, now=at(TODAY, 20, 59))

    def broken(*args, **kwargs):
        raise ConnectionError

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    sending.sweep(now=at(TODAY, 20, 59))
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.next_attempt_at == at(NEXT_DAY, 8)
