"""Correcting a log: its mentor for the programme's days (7 by default), a coordinator at any
time; every change keeps who, when and what; a concern once raised stays as it was."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_log.logs.forms import SessionLogForm
from sessions_log.logs.models import Concern, LogSettings, SessionLog
from tests.factories import ConcernFactory, SessionLogFactory
from tests.support.dates import in_boxes

pytestmark = pytest.mark.django_db


def post_of(log, **changes):
    """The correction form as it opens for the log, with some answers changed."""
    initial = SessionLogForm.initial_from(log)
    data = {
        name: ("" if value is None else value)
        for name, value in initial.items()
        if name not in ("occurred_at", "next_contact_at", "red_flag_signs")
    }
    data["occurred_time"] = initial["occurred_time"].strftime("%H:%M")
    data["key"] = str(log.key)
    data["next_on"] = initial["next_on"] or ""
    data["next_time"] = initial["next_time"].strftime("%H:%M") if initial["next_time"] else ""
    data["red_flag_signs"] = list(log.red_flag_signs)
    data.update(changes)
    return in_boxes(data, "occurred_on", "next_on")


def correct(client, log, **changes):
    return client.post(reverse("logs:correct", args=[log.pk]), post_of(log, **changes))


def test_a_mentor_corrects_their_log_and_the_change_is_kept(client, mentor, pair):
    log = SessionLogFactory(relationship=pair, pain=5, action_plan="Walk daily")
    client.force_login(mentor)
    response = correct(client, log, pain="7", action_plan="Walk every other day")
    assert response.status_code == 302
    log.refresh_from_db()
    assert (log.pain, log.action_plan) == (7, "Walk every other day")
    [change] = log.changes.all()
    assert change.by == mentor
    assert {(c["label"], c["before"], c["after"]) for c in change.changes} == {
        ("Pain today", "5", "7"),
        ("Action plan agreed", "Walk daily", "Walk every other day"),
    }
    page = client.get(log.get_absolute_url()).content.decode()
    assert "Corrections" in page
    assert "Walk every other day" in page


def test_nothing_changed_records_nothing(client, mentor, pair):
    log = SessionLogFactory(relationship=pair)
    client.force_login(mentor)
    response = correct(client, log)
    assert response.status_code == 302
    assert not log.changes.exists()


def test_after_the_programmes_days_only_a_coordinator_may_correct(
    client, mentor, coordinator, pair
):
    log = SessionLogFactory(
        relationship=pair, created_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    client.force_login(mentor)
    response = client.get(reverse("logs:correct", args=[log.pk]), follow=True)
    assert "Ask your coordinator" in response.content.decode()
    correct(client, log, pain="9")
    log.refresh_from_db()
    assert log.pain == 5
    client.force_login(coordinator)
    correct(client, log, pain="9")
    log.refresh_from_db()
    assert log.pain == 9
    assert log.changes.get().by == coordinator


def test_the_days_are_a_programme_setting(client, mentor, pair):
    LogSettings.objects.create(programme=pair.programme, mentor_can_correct_days=14)
    log = SessionLogFactory(relationship=pair, created_at=timezone.now() - timedelta(days=10))
    client.force_login(mentor)
    correct(client, log, pain="8")
    log.refresh_from_db()
    assert log.pain == 8


def test_a_raised_concern_cannot_be_taken_back_by_a_correction(client, mentor, pair):
    concern = ConcernFactory(log=SessionLogFactory(relationship=pair, red_flag=True))
    client.force_login(mentor)
    response = correct(client, concern.log, concern="", concern_details="", pain="3")
    assert response.status_code == 302
    log = SessionLog.objects.get()
    assert (log.concern, log.pain) == ("red_flag", 3)
    assert log.red_flag_signs == concern.log.red_flag_signs
    assert Concern.objects.get().is_open


def test_a_concern_added_by_a_correction_is_raised(
    client, mentor, coordinator, pair, django_capture_on_commit_callbacks
):
    from django.core import mail

    log = SessionLogFactory(relationship=pair)
    client.force_login(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        correct(client, log, concern="wellbeing", concern_details="Sounded low afterwards")
    concern = Concern.objects.get()
    assert concern.log == log
    assert concern.kind == "wellbeing"
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_a_wrong_key_is_refused(client, mentor, pair):
    log = SessionLogFactory(relationship=pair)
    client.force_login(mentor)
    response = client.post(
        reverse("logs:correct", args=[log.pk]),
        post_of(log, key="00000000-0000-0000-0000-000000000000", pain="9"),
    )
    assert response.status_code == 400
    log.refresh_from_db()
    assert log.pain == 5


def test_a_mentor_sees_nothing_of_their_logs_once_the_mentoring_ends(client, mentor, pair):
    log = SessionLogFactory(relationship=pair)
    pair.status, pair.ended_on = "completed", timezone.localdate()
    pair.save(update_fields=["status", "ended_on"])
    client.force_login(mentor)
    assert client.get(log.get_absolute_url()).status_code == 404
    assert client.get(reverse("logs:correct", args=[log.pk])).status_code == 404
    assert not SessionLog.objects.visible_to(mentor).exists()
