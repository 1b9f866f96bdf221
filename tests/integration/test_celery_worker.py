"""A real Celery worker process takes real tasks from real Redis and writes to PostgreSQL."""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from config.celery import app as celery_app
from core import tasks as core_tasks
from core.models import Heartbeat
from notifications.models import Delivery

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _test_database_url() -> str:
    db = connection.settings_dict
    assert db["ENGINE"] == "django.db.backends.postgresql", "integration tests need PostgreSQL"
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until(condition: Callable[[], bool], *, seconds: float = 45) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[dict[str, object]]:
    """Start `celery worker` on a queue of its own; tasks from this test go to that queue."""
    broker = settings.CELERY_BROKER_URL
    assert broker.startswith("redis://"), "integration tests need the Redis broker"
    queue = f"test-{uuid.uuid4().hex[:10]}"
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": broker,
        "EMAIL_URL": f"filemail:///{outbox}",
        "DJANGO_READ_DOT_ENV": "false",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                queue,
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        old_queue = celery_app.conf.task_default_queue
        celery_app.conf.task_default_queue = queue
        try:
            yield {"queue": queue, "outbox": outbox, "log": log_path}
        finally:
            celery_app.conf.task_default_queue = old_queue
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            connection.close()
            with celery_app.connection_for_write() as conn:  # leave Redis tidy
                conn.default_channel.queue_delete(queue)


def test_a_real_worker_consumes_a_task_from_redis_and_writes_to_postgresql(worker):
    assert not Heartbeat.objects.exists()
    core_tasks.record_heartbeat.delay()
    assert wait_until(Heartbeat.objects.filter(name="worker").exists), worker["log"].read_text()


def test_a_password_reset_email_is_sent_by_the_worker_after_the_request_commits(
    client, mentor, worker
):
    response = client.post(reverse("account_reset_password"), {"email": "mentor@example.org"})
    assert response.status_code == 302

    assert wait_until(lambda: Delivery.objects.filter(status=Delivery.Status.SENT).exists()), (
        worker["log"].read_text()
    )
    sent = "".join(p.read_text() for p in worker["outbox"].iterdir())
    assert "To: mentor@example.org" in sent
    assert "/accounts/password/reset/key/" in sent
    assert Delivery.objects.count() == 1
