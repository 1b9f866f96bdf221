"""A message is recorded once, claimed before it is sent, sent at most once, retried with
backoff, and shown to coordinators when it failed or may not have arrived."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from notifications import kinds, sending, services, tasks
from notifications.models import Delivery
from tests.factories import DeliveryFactory

pytestmark = pytest.mark.django_db


def record_reset(user, now=None, **extra):
    now = now or timezone.now()
    return services.record(
        kind="password_reset",
        recipient=user,
        recipient_key=services.user_key(user),
        subject_key="password",
        due_on=timezone.localdate(now),
        now=now,
        **extra,
    )


def test_the_same_message_for_the_same_person_and_day_is_recorded_once(mentor):
    first = record_reset(mentor)
    second = record_reset(mentor)
    assert first.pk == second.pk
    assert Delivery.objects.count() == 1


def test_a_delivery_task_run_twice_sends_once(mentor):
    delivery = record_reset(mentor)
    tasks.send_delivery.delay(delivery.pk)
    tasks.send_delivery.delay(delivery.pk)
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.sent_at is not None
    assert delivery.attempts == 1


def test_the_message_is_written_by_the_worker_and_the_row_holds_no_body_or_link(mentor):
    delivery = record_reset(mentor)
    stored = " ".join(
        str(value) for value in Delivery.objects.filter(pk=delivery.pk).values()[0].values()
    )
    assert "/accounts/password/reset/key/" not in stored
    sending.send(delivery.pk, now=timezone.now())
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_a_failed_send_waits_and_is_tried_again_by_the_sweep(mentor, monkeypatch):
    delivery = record_reset(mentor)
    now = timezone.now()

    def broken(self, message):
        raise SMTPServerDisconnected("connection to 10.0.0.1 lost for agnes@example.org")

    monkeypatch.setattr("notifications.channels.EmailChannel.send", broken)
    assert sending.send(delivery.pk, now=now) == sending.FAILED
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.last_error == "SMTPServerDisconnected"  # the kind of error, not its text
    assert delivery.next_attempt_at == now + timedelta(minutes=1)
    assert sending.sweep(now=now)["sent"] == 0  # not due yet
    monkeypatch.undo()
    assert sending.sweep(now=now + timedelta(minutes=1))["sent"] == 1
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_the_failure_is_shown_to_coordinators(
    client, coordinator, programme, monkeypatch, settings
):
    settings.DELIVERY_MAX_ATTEMPTS = 2
    delivery = record_reset(coordinator, programme=programme)
    monkeypatch.setattr(
        "notifications.channels.EmailChannel.send",
        lambda self, message: (_ for _ in ()).throw(OSError("down")),
    )
    now = timezone.now()
    sending.send(delivery.pk, now=now)
    sending.send(delivery.pk, now=now + timedelta(minutes=1))
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    client.force_login(coordinator)
    home = client.get(reverse("home")).content.decode()
    assert "1 message could not be sent or may not have arrived" in home
    page = client.get(reverse("notifications:problems")).content.decode()
    assert "Link to choose a new password" in page
    assert "Could not be sent" in page


def test_a_delivery_left_mid_send_by_a_dead_worker_becomes_unknown_and_is_never_resent(mentor):
    delivery = record_reset(mentor)
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, claimed_at=now - timedelta(minutes=1), attempts=1
    )
    assert sending.sweep(now=now)["unknown"] == 0  # it may still be sending
    later = now + settings.DELIVERY_UNKNOWN_AFTER
    assert sending.sweep(now=later)["unknown"] == 1
    assert sending.sweep(now=later)["unknown"] == 0
    tasks.send_delivery.delay(delivery.pk)  # a redelivered task
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.UNKNOWN
    assert mail.outbox == []


def test_a_coordinator_sends_an_uncertain_message_again_once(
    client, coordinator, programme, mentor, django_capture_on_commit_callbacks
):
    delivery = DeliveryFactory(recipient=mentor, programme=programme, status="unknown")
    client.force_login(coordinator)
    page = client.get(reverse("notifications:problems")).content.decode()
    assert "Not known if it was sent" in page
    url = reverse("notifications:send_again", args=[delivery.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
        client.post(url)  # a double click
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


def test_a_message_no_longer_needed_is_cancelled_not_sent(mentor):
    mentor.is_active = False
    mentor.save()
    delivery = record_reset(mentor)
    assert sending.send(delivery.pk, now=timezone.now()) == sending.CANCELLED
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_no_email_is_sent_while_a_transaction_is_open(monkeypatch):
    from tests.factories import UserFactory

    user = UserFactory()
    seen = []
    original = kinds.KINDS["password_reset"]

    def spy(self, message):
        seen.append(connection.in_atomic_block)

    monkeypatch.setattr("notifications.channels.EmailChannel.send", spy)
    delivery = record_reset(user)  # queued once its transaction commits, then sent
    sending.sweep(now=timezone.now())
    assert seen == [False]
    assert kinds.KINDS["password_reset"] is original
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


def test_the_broker_being_down_loses_nothing(
    mentor, monkeypatch, django_capture_on_commit_callbacks
):
    def no_broker(*args, **kwargs):
        raise ConnectionRefusedError("Error 111 connecting to redis")

    monkeypatch.setattr(tasks.send_delivery, "apply_async", no_broker)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = record_reset(mentor)
    assert mail.outbox == []
    monkeypatch.undo()
    sending.sweep(now=timezone.now())
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(mail.outbox) == 1


def test_clearing_keeps_recent_deliveries_and_every_problem(mentor, coordinator):
    now = timezone.now()
    old = DeliveryFactory(recipient=mentor, status="sent", sent_at=now)
    Delivery.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=40))
    stuck = DeliveryFactory(recipient=coordinator, status="failed")
    Delivery.objects.filter(pk=stuck.pk).update(created_at=now - timedelta(days=40))
    recent = DeliveryFactory(recipient=mentor, subject_key="other", status="sent", sent_at=now)
    assert sending.clear_old(now=now, keep_for=timedelta(days=30)) == 1
    assert sending.clear_old(now=now, keep_for=timedelta(days=30)) == 0
    assert set(Delivery.objects.all()) == {stuck, recent}


def test_clearing_expired_sessions_keeps_live_ones_and_can_run_twice():
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="", expire_date=now - timedelta(days=1))
    Session.objects.create(session_key="live", session_data="", expire_date=now + timedelta(days=1))
    assert account_services.clear_expired_sessions(now=now) == 1
    assert account_services.clear_expired_sessions(now=now) == 0
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]


def test_coordinators_see_only_their_programmes_deliveries(
    coordinator, outsider, programme, other_programme, mentor
):
    mine = DeliveryFactory(recipient=mentor, programme=programme, status="failed")
    DeliveryFactory(recipient=outsider, programme=other_programme, status="failed")
    assert list(Delivery.objects.visible_to(coordinator)) == [mine]
    assert list(Delivery.objects.visible_to(mentor)) == []


def test_a_slow_mail_server_stops_the_sweep_in_time_and_the_rest_wait(coordinator, mentor):
    first, second = record_reset(coordinator), record_reset(mentor)
    outcome = sending.sweep(now=timezone.now(), budget_seconds=-1)
    assert outcome["sent"] == 0
    assert {first.status, second.status} == {Delivery.Status.PENDING}
    assert sending.sweep(now=timezone.now())["sent"] == 2


@pytest.mark.parametrize("rows", [1, 30])
def test_the_problem_list_needs_the_same_queries_however_many(
    client, coordinator, programme, rows, django_assert_max_num_queries
):
    for number in range(rows):
        DeliveryFactory(
            recipient=coordinator, programme=programme, subject_key=f"s{number}", status="failed"
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("notifications:problems"))
    assert len(response.context["page"].object_list) == min(rows, 25)
