"""The day before each planned contact: the mentor, and the mentee who asked, by the way each
chose; calls and letters for the coordinator. Safe to plan twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.mentees.models import Mentee
from notifications import sending, text
from notifications.models import Delivery
from sessions_log.reminders import services
from sessions_log.reminders.models import (
    ManualReminder,
    MenteeReminderPreferences,
    MentorReminderPreferences,
)
from tests.factories import RelationshipFactory
from tests.sessions_log.reminders.conftest import TODAY, at

pytestmark = pytest.mark.django_db


def plan(now, today=TODAY):
    return services.plan_contact_reminders(today=today, now=now)


def reminders(kind=services.CONTACT_TO_MENTOR):
    return Delivery.objects.filter(kind=kind)


@pytest.mark.parametrize(
    ("contact_in_days", "reminded"),
    [(0, False), (1, True), (2, False)],
    ids=["contact today", "contact tomorrow", "contact the day after tomorrow"],
)
def test_the_mentor_is_reminded_only_the_day_before_an_agreed_contact(
    pair, morning, contact_in_days, reminded
):
    pair.next_contact_at = at(TODAY + timedelta(days=contact_in_days), 10)
    pair.save()
    plan(morning)
    assert reminders().count() == (1 if reminded else 0)


def test_a_contact_late_in_the_evening_counts_on_its_own_uk_day(pair, morning):
    """23:30 UK time in summer is 22:30 UTC: still the same UK day."""
    summer = TODAY.replace(month=7)
    pair.next_contact_at = at(summer + timedelta(days=1), 23, 30)
    pair.save()
    plan(at(summer, 9), today=summer)
    assert reminders().get().subject_key == f"relationship:{pair.pk}:{summer + timedelta(days=1)}"


@pytest.mark.parametrize(
    ("started_days_before_tomorrow", "reminded"),
    [(13, False), (14, True), (15, False), (0, True), (14 * 6, False)],
    ids=["a day before a plan date", "a plan date", "a day after", "the first", "after the last"],
)
def test_without_an_agreed_contact_the_plan_dates_are_reminded(
    pair, morning, started_days_before_tomorrow, reminded
):
    pair.next_contact_at = None
    pair.planned_interval_days, pair.planned_sessions = 14, 6
    pair.started_on = TODAY + timedelta(days=1) - timedelta(days=started_days_before_tomorrow)
    pair.save()
    plan(morning)
    assert reminders().count() == (1 if reminded else 0)


def test_a_paused_or_ended_pair_is_not_reminded(pair, morning):
    pair.status, pair.pause_reason = "paused", "Away for a month"
    pair.save()
    plan(morning)
    assert not reminders().exists()


def test_a_mentor_who_switched_reminders_off_gets_none(pair, morning):
    MentorReminderPreferences.objects.create(mentor=pair.mentor, contact_reminders=False)
    plan(morning)
    assert not Delivery.objects.exists()


def test_the_mentor_gets_an_email_with_a_calendar_entry(
    pair, morning, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan(morning)
    assert reminders().get().status == Delivery.Status.SENT
    [email] = mail.outbox
    assert email.to == [pair.mentor.user.email]
    assert "Hello Alice" in email.body
    [(filename, content, mimetype)] = email.attachments
    assert (filename, mimetype) == ("contact.ics", "text/calendar")
    ics = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in ics
    assert "SUMMARY:Peer mentoring contact" in ics
    assert "DTSTART;TZID=Europe/London:20260311T100000" in ics


def test_a_mentor_who_chose_texts_gets_a_text(pair, morning, django_capture_on_commit_callbacks):
    MentorReminderPreferences.objects.create(mentor=pair.mentor, channel="text")
    with django_capture_on_commit_callbacks(execute=True):
        plan(morning)
    assert reminders().get().channel == "text"
    assert [t["to"] for t in text.outbox] == ["+447700900111"]
    assert not mail.outbox


def test_a_mentee_gets_no_reminder_unless_they_asked(pair, morning):
    plan(morning)
    assert not reminders(services.CONTACT_TO_MENTEE).exists()
    MenteeReminderPreferences.objects.create(mentee=pair.mentee, contact_reminders=True)
    plan(morning)
    assert reminders(services.CONTACT_TO_MENTEE).get().channel == "email"


def test_a_mentee_who_chose_texts_gets_a_text(pair, morning, django_capture_on_commit_callbacks):
    Mentee.objects.filter(pk=pair.mentee.pk).update(reminder_channel="text")
    MenteeReminderPreferences.objects.create(mentee=pair.mentee, contact_reminders=True)
    MentorReminderPreferences.objects.create(mentor=pair.mentor, contact_reminders=False)
    with django_capture_on_commit_callbacks(execute=True):
        plan(morning)
    [sent] = text.outbox
    assert sent["to"] == pair.mentee.phone
    assert "Hello Betty" in sent["body"]
    assert "Alice" in sent["body"]


def test_a_mentee_reached_by_phone_goes_on_todays_call_list(pair, morning):
    Mentee.objects.filter(pk=pair.mentee.pk).update(reminder_channel="phone")
    MenteeReminderPreferences.objects.create(mentee=pair.mentee, contact_reminders=True)
    plan(morning)
    call = ManualReminder.objects.get()
    assert (call.how, call.due_on, call.contact_on) == ("phone", TODAY, TODAY + timedelta(days=1))
    assert not reminders(services.CONTACT_TO_MENTEE).exists()


@pytest.mark.parametrize(("days_ahead", "letter"), [(3, False), (4, True), (5, False)])
def test_a_letter_joins_the_print_batch_four_days_ahead(pair, morning, days_ahead, letter):
    Mentee.objects.filter(pk=pair.mentee.pk).update(reminder_channel="letter")
    MenteeReminderPreferences.objects.create(mentee=pair.mentee, contact_reminders=True)
    pair.next_contact_at = at(TODAY + timedelta(days=days_ahead), 10)
    pair.save()
    plan(morning)
    assert ManualReminder.objects.filter(how="letter").count() == (1 if letter else 0)


def test_planning_twice_records_and_sends_each_reminder_once(
    pair, morning, django_capture_on_commit_callbacks
):
    Mentee.objects.filter(pk=pair.mentee.pk).update(reminder_channel="phone")
    MenteeReminderPreferences.objects.create(mentee=pair.mentee, contact_reminders=True)
    for later in (0, 5):
        with django_capture_on_commit_callbacks(execute=True):
            plan(morning + timedelta(minutes=later))
    sending.sweep(now=morning + timedelta(minutes=10))
    assert reminders().count() == 1
    assert ManualReminder.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_contact_moved_after_planning_is_not_reminded(
    pair, morning, django_capture_on_commit_callbacks
):
    plan(morning)  # recorded, not yet sent
    pair.next_contact_at = at(TODAY + timedelta(days=5), 10)
    pair.save()
    sending.sweep(now=morning)
    assert reminders().get().status == Delivery.Status.CANCELLED
    assert not mail.outbox


def test_planning_takes_the_same_queries_for_one_pair_or_many(
    programme, morning, django_assert_max_num_queries
):
    def many(n):
        for _ in range(n):
            relationship = RelationshipFactory(
                programme=programme, next_contact_at=at(TODAY + timedelta(days=1), 10)
            )
            Mentee.objects.filter(pk=relationship.mentee.pk).update(reminder_channel="phone")
            MenteeReminderPreferences.objects.create(
                mentee=relationship.mentee, contact_reminders=True
            )

    many(1)
    with django_assert_max_num_queries(8):
        plan(morning)
    many(30)
    with django_assert_max_num_queries(8):
        result = plan(morning)
    assert result == {"deliveries": 31, "by_hand": 31}
    assert ManualReminder.objects.count() == 31
    assert timezone.localdate(morning) == TODAY


def test_a_text_that_cannot_be_sent_shows_on_the_coordinators_pages(
    pair, coordinator, morning, settings, monkeypatch, client
):
    settings.DELIVERY_MAX_ATTEMPTS = 2
    MentorReminderPreferences.objects.create(mentor=pair.mentor, channel="text")

    def refused(self, *, to, body):
        raise ConnectionError

    monkeypatch.setattr(text.MemoryBackend, "send", refused)
    plan(morning)
    sending.sweep(now=morning)
    assert reminders().get().status == Delivery.Status.PENDING  # tried again later
    sending.sweep(now=morning + timedelta(minutes=1))
    assert reminders().get().status == Delivery.Status.FAILED
    client.force_login(coordinator)
    home = client.get(reverse("home")).content.decode()
    assert "1 message could not be sent" in home
    problems = client.get(reverse("notifications:problems")).content.decode()
    assert "(text message)" in problems
