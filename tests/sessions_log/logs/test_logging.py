"""Logging a contact: a held contact, one that did not happen, a log sent twice, a
coordinator logging for a mentor, and bad input kept beside its field with nothing saved."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.matching.models import Relationship
from sessions_log.logs import services
from sessions_log.logs.forms import parse_time
from sessions_log.logs.models import Concern, SessionLog
from tests.factories import RelationshipFactory
from tests.support.concurrency import at_once

pytestmark = pytest.mark.django_db


def _new(pair):
    return reverse("logs:new", args=[pair.pk])


def test_a_mentor_logs_a_held_contact_and_sees_it(client, mentor, pair, log_post):
    client.force_login(mentor)
    data = log_post()
    response = client.post(_new(pair), data)
    log = SessionLog.objects.get()
    assert response.status_code == 302
    assert response.url == log.get_absolute_url()
    assert log.relationship == pair
    assert str(log.key) == data["key"]
    assert (log.outcome, log.format, log.minutes) == ("held", "phone", 50)
    assert log.topics == ["pacing", "goals"]
    assert (log.pain, log.confidence) == (6, 4)
    assert log.barriers == ["weather"]
    assert log.action_plan == "Walk to the shop and back three times this week"
    assert log.logged_by == mentor
    assert log.on_behalf is False
    assert timezone.localtime(log.next_contact_at).strftime("%H:%M") == "10:30"
    pair.refresh_from_db()
    assert pair.next_contact_at == log.next_contact_at  # the pair's next contact follows
    assert not Concern.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Thank you. The contact is logged." in page
    assert "6 out of 10" in page
    assert f'data-draft-sent="{log.key}"' in page  # the device forgets its kept copy


def test_questions_that_do_not_apply_are_not_stored(client, mentor, pair, log_post):
    """A contact that did not happen keeps no length, scores, topics or plan, even if the
    form (without its script) sent them."""
    client.force_login(mentor)
    client.post(_new(pair), log_post(outcome="no_answer"))
    log = SessionLog.objects.get()
    assert log.outcome == "no_answer"
    assert (log.minutes, log.pain, log.confidence) == (None, None, None)
    assert log.topics == []
    assert log.barriers == []
    assert log.action_plan == ""
    assert log.goal_progress == ""
    assert log.private_notes == "Daughter visiting next week"  # asked of every contact


def test_minutes_are_not_needed_for_a_contact_that_did_not_happen(client, mentor, pair, log_post):
    client.force_login(mentor)
    response = client.post(_new(pair), log_post(outcome="cancelled_by_mentee", minutes=""))
    assert response.status_code == 302


def test_a_log_sent_twice_is_stored_once(client, mentor, pair, log_post):
    client.force_login(mentor)
    data = log_post()
    first = client.post(_new(pair), data)
    again = client.post(_new(pair), data, follow=True)
    assert SessionLog.objects.count() == 1
    assert again.redirect_chain[-1][0] == first.url
    assert "This contact was already logged" in again.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_same_log_sent_at_the_same_moment_is_stored_once(mentor, pair, log_post):
    values = dict.fromkeys(services.LOG_FIELDS) | {
        "occurred_at": timezone.now() - timedelta(hours=1),
        "outcome": "held",
        "format": "phone",
        "minutes": 30,
        "concern": "red_flag",
        "concern_details": "Legs weak",
        "red_flag_signs": ["Legs weak"],
    }
    key = uuid.uuid4()

    def send():
        return services.log_contact(
            relationship=pair, values=values, key=key, by=mentor, now=timezone.now()
        )

    results = at_once(send, send, send)
    assert all(isinstance(result, tuple) for result in results), results
    assert sorted(created for _, created in results) == [False, False, True]
    assert SessionLog.objects.count() == 1
    assert Concern.objects.count() == 1  # and so one set of messages


def test_a_coordinator_logs_for_a_mentor_and_the_log_says_so(client, coordinator, pair, log_post):
    client.force_login(coordinator)
    form = client.get(_new(pair)).content.decode()
    assert "You are logging this for the mentor" in form
    client.post(_new(pair), log_post())
    log = SessionLog.objects.get()
    assert log.logged_by == coordinator
    assert log.on_behalf is True
    page = client.get(log.get_absolute_url()).content.decode()
    assert "(a coordinator, for the mentor)" in page


def test_the_form_starts_with_today_now_and_the_pairs_one_format(client, mentor, pair):
    pair.formats = ["phone"]
    pair.save(update_fields=["formats"])
    client.force_login(mentor)
    response = client.get(_new(pair))
    form = response.context["form"]
    assert form.initial["occurred_on"] == timezone.localdate()
    assert form.initial["format"] == "phone"
    assert form.initial["concern"] == ""
    assert isinstance(form.initial["key"], uuid.UUID)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"outcome": None}, "outcome", "Say whether the contact went ahead"),
        ({"format": None}, "format", "Say how you were in touch"),
        ({"minutes": ""}, "minutes", "Enter how long it was, in minutes, like 45"),
        ({"minutes": "forty"}, "minutes", "Enter a whole number, like 12"),
        ({"occurred_time": "half past"}, "occurred_time", "Enter the time like 14:30 or 2:30pm"),
        ({"pain": "11"}, "pain", "Choose one of the options shown"),
        ({"concern": "wellbeing"}, "concern_details", "Say what you noticed, in a few words"),
        (
            {"concern": "red_flag", "concern_details": "Legs weak"},
            "red_flag_signs",
            "Tick the signs they mentioned",
        ),
        ({"next_time": "10:00", "next_on": ""}, "next_on", "Enter the date of the next contact"),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_saved(
    client, mentor, pair, log_post, changes, field, message
):
    client.force_login(mentor)
    data = log_post(**changes)
    response = client.post(_new(pair), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert errors[field][0].startswith(message)
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Everything you typed has been kept." in page
    assert "Walk to the shop and back three times this week" in page  # typed, kept
    assert f'value="{data["key"]}"' in page  # the same key goes back with it
    assert not SessionLog.objects.exists()


def test_a_contact_in_the_future_or_before_the_start_is_refused(client, mentor, pair, log_post):
    client.force_login(mentor)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(_new(pair), log_post(occurred_on=tomorrow))
    assert response.context["form"].errors["occurred_on"] == ["The date cannot be in the future."]
    before = pair.started_on - timedelta(days=1)
    response = client.post(_new(pair), log_post(occurred_on=before))
    assert "before the mentoring started" in response.context["form"].errors["occurred_on"][0]
    later_today = timezone.localtime() + timedelta(hours=3)
    if later_today.date() == timezone.localdate():
        response = client.post(_new(pair), log_post(occurred_time=later_today.strftime("%H:%M")))
        assert response.context["form"].errors["occurred_time"] == [
            "The time cannot be later than now"
        ]
    assert not SessionLog.objects.exists()


def test_the_next_contact_must_come_after_this_one(client, mentor, pair, log_post):
    client.force_login(mentor)
    response = client.post(_new(pair), log_post(next_on=timezone.localdate() - timedelta(days=2)))
    assert response.context["form"].errors["next_on"] == ["The next contact must be after this one"]


@pytest.mark.parametrize("status", ["completed", "ended_early", "proposed", "not_started"])
def test_no_contact_is_logged_for_mentoring_that_is_not_running(
    client, mentor, coordinator, pair, log_post, status
):
    Relationship.objects.filter(pk=pair.pk).update(status=status, end_reason="health")
    for person in (mentor, coordinator):
        client.force_login(person)
        assert client.post(_new(pair), log_post()).status_code == 404
    assert not SessionLog.objects.exists()


def test_a_mentor_cannot_log_for_another_mentors_mentee(client, mentor, programme, log_post):
    other = RelationshipFactory(programme=programme)
    client.force_login(mentor)
    assert client.post(_new(other), log_post()).status_code == 404
    assert not SessionLog.objects.exists()


def test_the_service_refuses_someone_who_is_neither_the_mentor_nor_a_coordinator(
    pair, physiotherapist
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Only the mentor or a coordinator"):
        services.log_contact(
            relationship=pair,
            values={"occurred_at": timezone.now(), "outcome": "no_answer", "format": "phone"},
            key=uuid.uuid4(),
            by=physiotherapist,
            now=timezone.now(),
        )


def test_a_key_from_another_pairs_form_is_refused(client, mentor, pair, programme, log_post):
    client.force_login(mentor)
    data = log_post()
    client.post(_new(pair), data)
    second = RelationshipFactory(programme=programme, mentor=pair.mentor)
    response = client.post(_new(second), data)
    assert response.status_code == 400
    assert SessionLog.objects.count() == 1


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:30", (14, 30)),
        ("14.30", (14, 30)),
        ("1430", (14, 30)),
        ("2:30pm", (14, 30)),
        ("2.30 pm", (14, 30)),
        ("2pm", (14, 0)),
        ("12am", (0, 0)),
        ("12pm", (12, 0)),
        ("9", (9, 0)),
        (" 09:05 ", (9, 5)),
        ("10:30 a.m.", (10, 30)),
    ],
)
def test_times_are_read_the_way_people_write_them(typed, expected):
    parsed = parse_time(typed)
    assert (parsed.hour, parsed.minute) == expected


@pytest.mark.parametrize("typed", ["25:00", "13pm", "half two", "10:75", "0am", ""])
def test_times_that_are_not_times_are_refused(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Enter the time like 14:30"):
        parse_time(typed)
