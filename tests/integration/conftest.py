"""Real worker processes on real Redis, writing to the PostgreSQL test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
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


@dataclass
class Worker:
    queue: str
    outbox: Path
    log: Path
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)

    def start(self) -> subprocess.Popen:
        log = self.log.open("a")
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", self.queue,
                "--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so it can be killed whole
        )  # fmt: skip
        self.processes.append(process)
        return process

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once: a power cut, not a shutdown."""
        process = self.processes[-1]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def read_log(self) -> str:
        return self.log.read_text()

    def sent_messages(self) -> list[str]:
        return [p.read_text() for p in sorted(self.outbox.iterdir())]


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    """Start `celery worker` on a queue of its own; tasks from this test go to that queue.
    Keyword arguments become environment variables of the worker."""
    broker = settings.CELERY_BROKER_URL
    assert broker.startswith("redis://"), "integration tests need the Redis broker"
    workers: list[Worker] = []
    old_queue = celery_app.conf.task_default_queue

    def start(*, same_as: Worker | None = None, **extra_env: str) -> Worker:
        """A new worker; `same_as` gives it that worker's queue and outbox (a restart)."""
        queue = same_as.queue if same_as else f"test-{uuid.uuid4().hex[:10]}"
        outbox = same_as.outbox if same_as else tmp_path / f"outbox-{len(workers)}"
        outbox.mkdir(exist_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": broker,
            "EMAIL_URL": f"filemail:///{outbox}",
            "TEST_EMAIL_OUTBOX": str(outbox),
            "DJANGO_READ_DOT_ENV": "false",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            # for tasks the worker queues itself (tests.support.own_queue_settings)
            "TEST_WORKER_QUEUE": queue,
            **extra_env,
        }
        worker = Worker(
            queue=queue, outbox=outbox, log=tmp_path / f"worker-{len(workers)}.log", env=env
        )
        worker.start()
        workers.append(worker)
        celery_app.conf.task_default_queue = queue
        return worker

    yield start
    celery_app.conf.task_default_queue = old_queue
    for worker in workers:
        for process in worker.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        with celery_app.connection_for_write() as conn:  # leave Redis tidy
            conn.default_channel.queue_delete(worker.queue)
    connection.close()


@pytest.fixture
def worker(start_worker: Callable[..., Worker]) -> Worker:
    return start_worker()
