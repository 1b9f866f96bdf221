"""A worker killed at the worst moment (the mail server has accepted the message, the
worker has not yet recorded it) never sends the message twice: the delivery was claimed
in a committed row first. The message is shown to coordinators as "not known if it was
sent", with "Send again", instead of being repeated or dropped silently."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notifications import sending, services
from notifications.models import Delivery
from tests.integration.conftest import wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

HANGING_WORKER = {
    "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
    "TEST_EMAIL_HANG_SECONDS": "60",
    "CELERY_VISIBILITY_TIMEOUT": "3",  # hand out a dead worker's task again quickly
}


def record_reset(user):
    now = timezone.now()
    return services.record(
        kind="password_reset",
        recipient=user,
        recipient_key=services.user_key(user),
        programme=user.programmes.first(),
        subject_key="password",
        due_on=timezone.localdate(now),
        now=now,
    )


def test_a_worker_killed_after_the_mail_server_accepted_sends_once_and_says_so(
    start_worker, client, coordinator, programme
):
    first = start_worker(**HANGING_WORKER)
    delivery = record_reset(coordinator)  # committed: the task is queued for the worker
    assert wait_until(lambda: len(first.sent_messages()) == 1), first.read_log()
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.SENDING

    first.kill()  # the whole worker, children too, before it records the outcome
    time.sleep(int(HANGING_WORKER["CELERY_VISIBILITY_TIMEOUT"]) + 1)  # the task is now overdue
    # A fresh worker on the same queue: Redis hands the unacknowledged task out again.
    second = start_worker(same_as=first, **{**HANGING_WORKER, "TEST_EMAIL_HANG_SECONDS": "0"})
    assert wait_until(
        lambda: f"delivery {delivery.pk}: nothing to send" in second.read_log(), seconds=120
    ), second.read_log()

    assert len(first.sent_messages()) == 1  # sent once, never again
    sending.sweep(now=timezone.now() + settings.DELIVERY_UNKNOWN_AFTER + timedelta(seconds=1))
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.UNKNOWN

    client.force_login(coordinator)
    page = client.get(reverse("notifications:problems")).content.decode()
    assert "Not known if it was sent" in page
    assert "Send again" in page
