"""A nudge to log a contact 2 days after it was planned and not logged; the coordinators'
daily digest."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from notifications import sending
from notifications.models import Delivery
from sessions_log.reminders import digest, services
from sessions_log.reminders.models import (
    CoordinatorReminderPreferences,
    MentorReminderPreferences,
)
from tests.factories import ConcernFactory, MentorFactory, SessionLogFactory
from tests.sessions_log.reminders.conftest import TODAY, at

pytestmark = pytest.mark.django_db


def nudge(now):
    return services.plan_log_nudges(today=TODAY, now=now)


@pytest.mark.parametrize(
    ("days_ago", "nudged"),
    [(1, False), (2, True), (3, False)],
    ids=["the day after", "two days after", "three days after"],
)
def test_a_mentor_is_nudged_two_days_after_an_unlogged_contact(pair, morning, days_ago, nudged):
    pair.next_contact_at = at(TODAY - timedelta(days=days_ago), 10)
    pair.save()
    nudge(morning)
    assert Delivery.objects.filter(kind=services.LOG_NUDGE).count() == (1 if nudged else 0)


def test_a_logged_contact_is_not_nudged(pair, morning):
    day = TODAY - timedelta(days=2)
    pair.next_contact_at = at(day, 10)
    pair.save()
    SessionLogFactory(relationship=pair, occurred_at=at(day, 10))
    nudge(morning)
    assert not Delivery.objects.exists()


def test_a_contact_logged_after_the_nudge_was_planned_cancels_it(pair, morning):
    day = TODAY - timedelta(days=2)
    pair.next_contact_at = at(day, 10)
    pair.save()
    nudge(morning)
    SessionLogFactory(relationship=pair, occurred_at=at(day, 11))
    sending.sweep(now=morning)
    assert Delivery.objects.get().status == Delivery.Status.CANCELLED


def test_a_mentor_who_switched_nudges_off_is_not_nudged(pair, morning):
    pair.next_contact_at = at(TODAY - timedelta(days=2), 10)
    pair.save()
    MentorReminderPreferences.objects.create(mentor=pair.mentor, log_nudges=False)
    nudge(morning)
    assert not Delivery.objects.exists()


def test_nudging_twice_sends_once(pair, morning, django_capture_on_commit_callbacks):
    pair.next_contact_at = at(TODAY - timedelta(days=2), 10)
    pair.save()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            nudge(morning)
    assert len(mail.outbox) == 1
    assert "has not been logged" in mail.outbox[0].body


def test_the_digest_counts_what_waits_for_the_coordinator(
    coordinator, outsider, pair, morning, django_capture_on_commit_callbacks
):
    ConcernFactory(log=SessionLogFactory(relationship=pair, red_flag=True))
    MentorFactory(programme=pair.programme, status="applied")
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_coordinator_digests(today=TODAY, now=morning)
        services.plan_coordinator_digests(today=TODAY, now=morning)
    sent = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert len(sent) == 1
    assert "- 1 new concerns raised in session logs, still open" in sent[0].body
    assert "- 1 volunteers who have applied, waiting for you" in sent[0].body
    # the other programme's coordinator has nothing to hear about: no digest
    assert Delivery.objects.get(recipient=outsider).status == Delivery.Status.CANCELLED


def test_the_digest_says_how_to_stop_it_and_a_coordinator_who_did_gets_none(
    client, coordinator, pair, morning, django_capture_on_commit_callbacks
):
    ConcernFactory(log=SessionLogFactory(relationship=pair, red_flag=True))
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_coordinator_digests(today=TODAY, now=morning)
    (sent,) = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert "To stop this email, or start it again: http" in sent.body
    assert sent.body.rstrip().endswith("Back pain peer mentoring")
    client.force_login(coordinator)
    page = client.get(reverse("reminders:summary_email")).content.decode()
    assert "Your morning summary email" in page
    assert 'name="daily_digest"' in page
    assert "checked" in page
    assert client.post(reverse("reminders:summary_email"), {}).status_code == 302
    assert CoordinatorReminderPreferences.objects.get(user=coordinator).daily_digest is False
    services.plan_coordinator_digests(today=TODAY + timedelta(days=1), now=morning)
    assert not Delivery.objects.filter(recipient=coordinator, due_on=TODAY + timedelta(days=1))
    client.post(reverse("reminders:summary_email"), {"daily_digest": "on"})
    services.plan_coordinator_digests(today=TODAY + timedelta(days=2), now=morning)
    assert Delivery.objects.filter(recipient=coordinator, due_on=TODAY + timedelta(days=2))


def test_another_area_can_add_a_line_to_the_digest(coordinator, morning):
    def flags(user, now):
        return [("new monitoring flags", 3)]

    digest.register(flags)
    try:
        assert ("new monitoring flags", 3) in digest.counts(user=coordinator, now=morning)
    finally:
        digest.COUNTERS.remove(flags)
