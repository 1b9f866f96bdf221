"""Reminders with real processes: a real worker on real Redis plans and sends them; a worker
killed mid-send never sends a text twice; with Redis stopped a mentor still logs a contact
and the pages answer, and once Redis is back the next run sends what is due."""

from __future__ import annotations

import json
import time as clock
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications import sending
from notifications.models import Delivery
from sessions_log.reminders import services, tasks
from sessions_log.reminders.models import MentorReminderPreferences
from tests.factories import RelationshipFactory
from tests.integration.conftest import wait_until
from tests.integration.test_redis_outage import own_redis  # noqa: F401  (the fixture)
from tests.sessions_log.logs.conftest import log_post  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

NO_QUIET_HOURS = {"QUIET_HOURS_START": "00:00", "QUIET_HOURS_END": "00:00"}


def tomorrow_at(hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def texting_pair(mentor, programme):
    """The mentor persona, reminded by text, with a contact agreed for tomorrow."""
    MentorReminderPreferences.objects.create(mentor=mentor.mentor, channel="text")
    return RelationshipFactory(
        programme=programme, mentor=mentor.mentor, next_contact_at=tomorrow_at(10)
    )


def texts_in(folder: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in folder.glob("*.json")] if folder.exists() else []


def test_a_real_worker_plans_and_sends_the_reminders(start_worker, texting_pair, tmp_path):
    texts = tmp_path / "texts"
    worker = start_worker(
        DJANGO_SETTINGS_MODULE="tests.support.own_queue_settings",
        TEXT_BACKEND="notifications.text.FileBackend",
        TEXT_FILE_PATH=str(texts),
        **NO_QUIET_HOURS,
    )
    tasks.plan_contact_reminders.delay(timezone.localdate().isoformat())
    assert wait_until(lambda: len(texts_in(texts)) == 1), worker.read_log()
    assert wait_until(lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() == 1), (
        worker.read_log()
    )
    [sent] = texts_in(texts)
    assert sent["to"] == texting_pair.mentor.phone
    # the beat ticks again: nothing more
    tasks.plan_contact_reminders.delay(timezone.localdate().isoformat())
    clock.sleep(3)
    assert len(texts_in(texts)) == 1
    assert Delivery.objects.count() == 1


def test_a_worker_killed_mid_text_sends_it_once(start_worker, texting_pair, tmp_path):
    texts = tmp_path / "texts"
    hanging = {
        "TEXT_BACKEND": "tests.support.text_backends.AcceptThenHangBackend",
        "TEXT_FILE_PATH": str(texts),
        "TEST_TEXT_HANG_SECONDS": "60",
        "CELERY_VISIBILITY_TIMEOUT": "3",
        **NO_QUIET_HOURS,
    }
    first = start_worker(**hanging)
    services.plan_contact_reminders(today=timezone.localdate(), now=timezone.now())
    delivery = Delivery.objects.get()
    assert wait_until(lambda: len(texts_in(texts)) == 1), first.read_log()
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.SENDING

    first.kill()
    clock.sleep(int(hanging["CELERY_VISIBILITY_TIMEOUT"]) + 1)
    second = start_worker(same_as=first, **{**hanging, "TEST_TEXT_HANG_SECONDS": "0"})
    assert wait_until(
        lambda: f"delivery {delivery.pk}: nothing to send" in second.read_log(), seconds=120
    ), second.read_log()
    # planning again, or the sweep, sends nothing more either
    services.plan_contact_reminders(today=timezone.localdate(), now=timezone.now())
    sending.sweep(now=timezone.now())
    assert len(texts_in(texts)) == 1


def test_with_redis_down_a_mentor_logs_and_the_next_run_sends_what_is_due(
    own_redis,  # noqa: F811
    client,
    coordinator,
    mentor,
    programme,
    log_post,  # noqa: F811
    settings,
):
    settings.QUIET_HOURS_START = settings.QUIET_HOURS_END = time(0)
    relationship = RelationshipFactory(
        programme=programme, mentor=mentor.mentor, started_on=timezone.localdate() - timedelta(20)
    )
    own_redis.stop()

    client.force_login(mentor)
    tomorrow = timezone.localdate() + timedelta(days=1)
    logged = client.post(reverse("logs:new", args=[relationship.pk]), log_post(next_on=tomorrow))
    assert logged.status_code == 302
    relationship.refresh_from_db()
    assert timezone.localdate(relationship.next_contact_at) == tomorrow
    assert client.get(reverse("reminders:mine")).status_code == 200
    assert client.get(reverse("home")).status_code == 200

    # The morning run while the broker is down: recorded, nothing lost, no error.
    services.plan_contact_reminders(today=timezone.localdate(), now=timezone.now())
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 1

    client.force_login(coordinator)
    for name in ("home", "reminders:calls", "reminders:letters", "notifications:problems"):
        assert client.get(reverse(name)).status_code == 200, name

    # Redis is back: the next run and the sweep send the reminder, once.
    own_redis.start()
    services.plan_contact_reminders(today=timezone.localdate(), now=timezone.now())
    sending.sweep(now=timezone.now())
    sending.sweep(now=timezone.now())
    reminders = [m for m in mail.outbox if m.to == [mentor.email]]
    assert len(reminders) == 1
    assert "contact planned with your mentee tomorrow" in reminders[0].body
    assert Delivery.objects.get().status == Delivery.Status.SENT
