"""The referral lifecycle, its history, and who is told."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from mentoring.referrals import messages, services
from mentoring.referrals.models import Referral
from notifications import tasks
from notifications.models import Delivery
from tests.factories import ReferralFactory, ReferralSettingsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(programme, physiotherapist):
    return ReferralFactory(programme=programme, referred_by=physiotherapist)


def test_a_coordinator_moves_a_referral_to_awaiting_match_and_each_step_is_recorded(
    client, coordinator, referral
):
    client.force_login(coordinator)
    for step in ("contacted", "consented", "awaiting_match"):
        response = client.post(
            reverse("referrals:advance", args=[referral.pk]),
            {"to_status": step, "note": f"note for {step}"},
        )
        assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.AWAITING_MATCH
    assert referral.handled_by == coordinator
    assert referral.contacted_at is not None
    history = list(referral.events.values_list("to_status", "by_id", "note"))
    assert history[-3:] == [
        ("contacted", coordinator.pk, "note for contacted"),
        ("consented", coordinator.pk, "note for consented"),
        ("awaiting_match", coordinator.pk, "note for awaiting_match"),
    ]
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Awaiting match" in page
    assert escape(coordinator.display_name) in page


def test_steps_cannot_be_skipped(client, coordinator, referral):
    client.force_login(coordinator)
    response = client.post(
        reverse("referrals:advance", args=[referral.pk]),
        {"to_status": "awaiting_match"},
        follow=True,
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    assert "cannot be moved" in response.content.decode()


def test_closing_needs_a_reason_from_the_list(client, coordinator, referral):
    client.force_login(coordinator)
    url = reverse("referrals:close", args=[referral.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["close_form"].errors
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED

    response = client.post(url, {"reason": "could_not_contact", "note": "Three calls"})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    assert referral.close_reason == "could_not_contact"
    assert referral.events.last().note == "Three calls"


def test_the_referrer_is_emailed_once_when_their_referral_is_closed(
    coordinator, physiotherapist, referral, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.close(referral=referral, reason="declined", by=coordinator, now=timezone.now())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [physiotherapist.email]
    assert referral.reference in mail.outbox[0].subject
    assert referral.first_name not in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):  # the same message decided again
        messages.referral_outcome(referral=referral, status="closed", now=timezone.now())
    for delivery in Delivery.objects.all():  # and every task run again
        tasks.send_delivery.delay(delivery.pk)
    assert len(mail.outbox) == 1


def test_the_referrer_is_emailed_when_their_referral_is_matched(
    coordinator, physiotherapist, referral, django_capture_on_commit_callbacks
):
    now = timezone.now()
    for step in ("contacted", "consented", "awaiting_match"):
        services.advance(referral=referral, to_status=step, by=coordinator, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        services.advance(referral=referral, to_status="matched", by=coordinator, now=now)
    assert [m.subject for m in mail.outbox] == [
        f"Back pain peer mentoring: Referral {referral.reference}: matched"
    ]


def test_a_physiotherapist_withdraws_their_referral_with_a_reason(
    client, physiotherapist, referral, django_capture_on_commit_callbacks
):
    client.force_login(physiotherapist)
    url = reverse("referrals:withdraw", args=[referral.pk])
    assert client.post(url, {"note": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"note": "Patient moved away"})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    assert referral.close_reason == Referral.CloseReason.WITHDRAWN
    assert referral.close_note == "Patient moved away"
    assert mail.outbox == []  # nobody emails themselves
    page = client.get(reverse("referrals:mine")).content.decode()
    assert "withdrawn by the referrer" in page


def test_an_ended_referral_cannot_be_closed_again(coordinator, referral):
    services.close(referral=referral, reason="declined", by=coordinator, now=timezone.now())
    with pytest.raises(ValidationError):
        services.close(referral=referral, reason="declined", by=coordinator, now=timezone.now())


def test_new_referral_emails_go_to_each_coordinator_once_however_often_the_task_runs(
    programme, coordinator, referral, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        messages.new_referral(referral=referral, now=timezone.now())
        messages.new_referral(referral=referral, now=timezone.now())
    delivery = Delivery.objects.get()
    tasks.send_delivery.delay(delivery.pk)
    tasks.send_delivery.delay(delivery.pk)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_the_database_refuses_a_submitted_referral_without_consent(programme):
    with pytest.raises(IntegrityError):
        ReferralFactory(programme=programme, consent_to_contact=False)


def test_the_database_refuses_a_closed_referral_without_a_reason(programme):
    with pytest.raises(IntegrityError):
        ReferralFactory(programme=programme, status="closed", close_reason="")


def test_a_referral_waiting_longer_than_the_limit_in_working_days_stands_out(
    programme, coordinator
):
    # Submitted on a Monday; the default limit is 5 working days: due the next Monday.
    monday = timezone.make_aware(timezone.datetime(2026, 11, 2, 10, 0))
    referral = ReferralFactory(programme=programme, submitted_at=monday)
    due_monday = monday + timedelta(days=7)
    assert not referral.is_waiting_too_long(due_monday)
    assert referral.is_waiting_too_long(due_monday + timedelta(days=1))
    assert not Referral.objects.waiting_too_long(now=due_monday).exists()
    assert list(Referral.objects.waiting_too_long(now=due_monday + timedelta(days=1))) == [referral]
    services.advance(referral=referral, to_status="contacted", by=coordinator, now=due_monday)
    assert not Referral.objects.waiting_too_long(now=due_monday + timedelta(days=30)).exists()


def test_each_programme_uses_its_own_waiting_limit(programme, other_programme):
    ReferralSettingsFactory(programme=other_programme, wait_working_days=1)
    sent = timezone.now() - timedelta(days=4)
    here = ReferralFactory(programme=programme, submitted_at=sent)
    there = ReferralFactory(programme=other_programme, submitted_at=sent)
    overdue = set(Referral.objects.waiting_too_long(now=timezone.now()))
    assert there in overdue
    assert here not in overdue


def test_the_waiting_check_asks_for_each_programmes_limit_once(
    programme, django_assert_num_queries
):
    ReferralFactory.create_batch(5, programme=programme)
    with django_assert_num_queries(1) as captured:
        list(Referral.objects.order_by("submitted_at").waiting_too_long(now=timezone.now())[:0])
    limits_query = captured.captured_queries[0]["sql"] if captured.captured_queries else ""
    assert "submitted_at" not in limits_query.split("FROM")[0]


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({}, "Choose the next step."),
        ({"to_status": ""}, "Choose the next step."),
        ({"to_status": "flying"}, "cannot be moved to that step"),
        ({"to_status": "closed"}, "cannot be moved to that step"),  # closing needs a reason
    ],
)
def test_a_status_change_to_a_missing_or_unknown_step_is_refused_with_a_message(
    client, coordinator, referral, posted, message
):
    client.force_login(coordinator)
    response = client.post(reverse("referrals:advance", args=[referral.pk]), posted)
    assert response.status_code == 400
    assert message in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    assert not referral.events.filter(to_status="closed").exists()


@pytest.mark.parametrize("to_status", ["", "flying", "closed"])
def test_the_advance_service_refuses_an_unknown_step_in_words(coordinator, referral, to_status):
    with pytest.raises(ValidationError, match="cannot be moved to"):
        services.advance(referral=referral, to_status=to_status, by=coordinator, now=timezone.now())


@pytest.mark.parametrize(
    ("step", "data", "form"),
    [
        ("advance", {"to_status": "contacted", "note": "x" * 1001}, "advance_form"),
        ("close", {"reason": "declined", "note": "x" * 1001}, "close_form"),
    ],
)
def test_a_note_longer_than_1000_characters_is_refused_beside_the_field(
    client, coordinator, referral, step, data, form
):
    client.force_login(coordinator)
    response = client.post(reverse(f"referrals:{step}", args=[referral.pk]), data)
    assert response.status_code == 400
    assert "Enter 1000 characters or fewer" in " ".join(response.context[form].errors["note"])
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED


def test_a_withdrawal_reason_longer_than_1000_characters_is_refused(
    client, physiotherapist, referral
):
    client.force_login(physiotherapist)
    response = client.post(reverse("referrals:withdraw", args=[referral.pk]), {"note": "x" * 1001})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
