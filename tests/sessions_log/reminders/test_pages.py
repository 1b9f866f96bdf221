"""The coordinator's call list and letters to print; a mentor's and a mentee's reminder
settings."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sessions_log.reminders.models import (
    ManualReminder,
    MenteeReminderPreferences,
    MentorReminderPreferences,
)
from tests.factories import ManualReminderFactory, ReferralFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def calls(programme, n, **kwargs):
    """n calls (or letters), each for a pair with the referral that brought it."""
    return [
        ManualReminderFactory(
            relationship=RelationshipFactory(
                programme=programme, referral=ReferralFactory(programme=programme)
            ),
            **kwargs,
        )
        for _ in range(n)
    ]


def test_the_call_list_shows_todays_calls_with_phone_numbers(client, coordinator, programme):
    [call] = calls(programme, 1)
    ManualReminderFactory(  # tomorrow's call is not on today's list
        relationship=call.relationship, due_on=timezone.localdate() + timedelta(days=1),
        contact_on=timezone.localdate() + timedelta(days=2),
    )  # fmt: skip
    client.force_login(coordinator)
    page = client.get(reverse("reminders:calls")).content.decode()
    assert escape(call.mentee.full_name) in page
    assert "07700 900456" in page or "+447700900456" in page
    assert page.count("I have called") == 1


def test_the_call_list_takes_the_same_queries_for_few_or_many(
    client, coordinator, programme, django_assert_max_num_queries
):
    client.force_login(coordinator)
    calls(programme, 1)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reminders:calls"))
    calls(programme, 25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("reminders:calls")).status_code == 200


def test_ticking_a_call_off_keeps_it_on_todays_list_as_called(client, coordinator, programme):
    [call] = calls(programme, 1)
    client.force_login(coordinator)
    response = client.post(reverse("reminders:call_made", args=[call.pk]))
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.done_at is not None
    assert call.done_by == coordinator
    page = client.get(reverse("reminders:calls")).content.decode()
    assert "Called" in page
    assert "I have called" not in page


def test_a_reminder_letter_is_addressed_from_the_pairs_referral(client, coordinator, programme):
    referral = ReferralFactory(
        programme=programme, address="3 Mill Lane\nGlenmore", postcode="EH4 1AB"
    )
    ManualReminderFactory(
        relationship=RelationshipFactory(programme=programme, referral=referral), how="letter"
    )
    client.force_login(coordinator)
    page = client.get(reverse("reminders:letters")).content.decode()
    assert "<br>3 Mill Lane<br>Glenmore<br>EH4 1AB</p>" in page


def test_the_letters_page_takes_the_same_queries_for_few_or_many(
    client, coordinator, programme, django_assert_max_num_queries
):
    client.force_login(coordinator)
    calls(programme, 1, how="letter")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reminders:letters"))
    calls(programme, 25, how="letter")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("reminders:letters")).content.decode()
    assert page.count('<article class="app-letter') == 25  # a batch at a time
    assert "26 letters are waiting. Here are the first 25" in page


def test_marking_letters_printed_takes_them_out_of_the_batch_once(client, coordinator, programme):
    letters = calls(programme, 2, how="letter")
    letters[0].mentee.needs_large_print = True
    letters[0].mentee.save()
    client.force_login(coordinator)
    page = client.get(reverse("reminders:letters")).content.decode()
    assert "app-letter--large" in page
    assert letters[0].relationship.mentor.first_name in page
    data = {"letters": [str(letter.pk) for letter in letters]}
    assert client.post(reverse("reminders:letters"), data).status_code == 302
    assert ManualReminder.objects.filter(done_at__isnull=False).count() == 2
    # the same form sent again (a double click): the letters are already printed
    page = client.post(reverse("reminders:letters"), data).content.decode()
    assert "already been marked as printed" in page


def test_letters_of_another_programme_cannot_be_marked(client, outsider, programme):
    [letter] = calls(programme, 1, how="letter")
    client.force_login(outsider)
    response = client.post(reverse("reminders:letters"), {"letters": [str(letter.pk)]})
    assert response.status_code == 200
    assert "already been marked as printed" in response.content.decode()
    letter.refresh_from_db()
    assert letter.done_at is None


def test_bad_letter_ids_are_shown_as_a_problem(client, coordinator):
    client.force_login(coordinator)
    page = client.post(reverse("reminders:letters"), {"letters": ["x"]}).content.decode()
    assert "Error:" in page
    assert "already been marked as printed" in page


def test_a_mentor_switches_reminders_to_text_and_nudges_off(client, mentor):
    client.force_login(mentor)
    assert "Your reminders" in client.get(reverse("reminders:mine")).content.decode()
    response = client.post(
        reverse("reminders:mine"), {"channel": "text", "contact_reminders": "on"}
    )
    assert response.status_code == 302
    preferences = MentorReminderPreferences.objects.get(mentor=mentor.mentor)
    assert (preferences.channel, preferences.contact_reminders, preferences.log_nudges) == (
        "text",
        True,
        False,
    )


def test_a_bad_choice_is_shown_beside_the_field_and_the_rest_kept(client, mentor):
    client.force_login(mentor)
    page = client.post(
        reverse("reminders:mine"), {"channel": "pigeon", "log_nudges": "on"}
    ).content.decode()
    assert "Error:" in page
    assert "govuk-error-message" in page  # beside the field
    assert re.search(r'name="log_nudges"[^>]*checked|checked[^>]*name="log_nudges"', page)
    assert not MentorReminderPreferences.objects.exists()


def test_a_coordinator_records_that_a_mentee_wants_reminders(client, coordinator, programme):
    relationship = RelationshipFactory(programme=programme)
    client.force_login(coordinator)
    url = reverse("reminders:mentee", args=[relationship.mentee.pk])
    assert "Reminders for" in client.get(url).content.decode()
    data = {"contact_reminders": "on", "feedback_requests": "on"}
    assert client.post(url, data).status_code == 302
    assert MenteeReminderPreferences.objects.get(mentee=relationship.mentee).contact_reminders
    # and that they no longer do, nor want to be asked how it is going: unticked boxes send
    # nothing, and that is a "no"
    assert client.post(url, {}).status_code == 302
    preferences = MenteeReminderPreferences.objects.get(mentee=relationship.mentee)
    assert (preferences.contact_reminders, preferences.feedback_requests) == (False, False)


def test_calls_and_letters_for_pairs_that_stopped_or_contacts_past_are_left_off(
    client, coordinator, programme
):
    [call] = calls(programme, 1)
    [letter] = calls(programme, 1, how="letter")
    past = calls(programme, 1, how="letter", due_on=timezone.localdate() - timedelta(days=5))
    for reminder in (call, letter):
        relationship = reminder.relationship
        relationship.status, relationship.pause_reason = "paused", "In hospital"
        relationship.save()
    client.force_login(coordinator)
    assert "I have called" not in client.get(reverse("reminders:calls")).content.decode()
    page = client.get(reverse("reminders:letters")).content.decode()
    assert "<article" not in page
    assert escape(past[0].mentee.full_name) not in page
