"""With Redis stopped, people keep working: sign-in, password reset, the volunteer form,
sending a referral and moving a mentor to training all answer as usual, and every email
they decide is recorded in the database and sent once Redis (the broker) is back.

Uses a real redis-server of its own, stopped and started again; nothing is mocked."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu import pools

from config.celery import app as celery_app
from mentoring.recruitment.models import Mentor
from mentoring.referrals.models import Referral
from notifications import sending
from notifications.models import Delivery
from tests.factories import TEST_PASSWORD, MentorFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    def __init__(self, workdir: Path) -> None:
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        assert Path(self.binary).exists(), "install redis-server (apt-get install redis-server)"
        self.port = _free_port()
        self.workdir = workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        assert self.process is not None
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path: Path, settings) -> Iterator[OwnRedis]:
    """The cache, the broker and the health check all pointed at a Redis of our own."""
    server = OwnRedis(tmp_path)
    server.start()
    settings.REDIS_URL = server.url
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": server.url,
        }
    }
    old_broker = celery_app.conf.broker_url
    celery_app.conf.broker_url = server.url
    celery_app.pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None  # kombu's producer pools hold the closed pool
    pools.reset()
    yield server
    celery_app.conf.broker_url = old_broker
    celery_app.pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None  # kombu's producer pools hold the closed pool
    pools.reset()
    if server.process and server.process.poll() is None:
        server.stop()


def test_with_redis_down_people_keep_working_and_no_email_is_lost(
    own_redis,
    client,
    coordinator,
    physiotherapist,
    mentor,
    programme,
    referral_post,
    application,
):
    own_redis.stop()

    # The health check says so, and still answers.
    health = client.get(reverse("health"))
    assert health.status_code == 200
    assert health.json()["redis"] == "down"

    # Signing in (its rate limit lives in the cache) and asking for a new password.
    signed_in = client.post(
        reverse("account_login"), {"login": physiotherapist.email, "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 302
    client.logout()
    wrong = client.post(reverse("account_login"), {"login": mentor.email, "password": "nope"})
    assert wrong.status_code == 200
    assert (
        client.post(reverse("account_reset_password"), {"email": mentor.email}).status_code == 302
    )

    # A physiotherapist sends a referral.
    client.force_login(physiotherapist)
    sent = client.post(reverse("referrals:new"), referral_post())
    assert sent.status_code == 302
    assert Referral.objects.filter(status=Referral.Status.SUBMITTED).count() == 1

    # A volunteer applies (the form's rate limit lives in the cache too).
    client.logout()
    applied = client.post(reverse("recruitment:volunteer_apply"), application())
    assert applied.status_code == 302
    assert Mentor.objects.filter(email="moira@example.org").exists()

    # A coordinator moves an applicant to training, which creates their account.
    applicant = MentorFactory(programme=programme, status="screening")
    client.force_login(coordinator)
    moved = client.post(
        reverse("recruitment:mentor_status", args=[applicant.pk]),
        {"to_status": "in_training", "reason": "Interview went well"},
    )
    assert moved.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == Mentor.Status.IN_TRAINING
    assert applicant.user is not None

    # The coordinator's home, whose counts are cached, still opens and counts.
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert dict(home.context["referral_counts"])["Submitted"] == 1

    # Nothing went out, and nothing is lost: every message waits in the database.
    assert mail.outbox == []
    waiting = Delivery.objects.filter(status=Delivery.Status.PENDING)
    assert set(waiting.values_list("kind", flat=True)) == {
        "password_reset", "referral_new", "mentor_applied", "mentor_invitation",
    }  # fmt: skip

    # Redis comes back; the sweep (beat, every minute) sends each message once.
    own_redis.start()
    assert client.get(reverse("health")).json()["redis"] == "ok"
    sending.sweep(now=timezone.now())
    sending.sweep(now=timezone.now())
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [mentor.email, coordinator.email, "moira@example.org", applicant.email]
    )
