"""A real Celery worker process takes real tasks from real Redis and writes to PostgreSQL."""

import pytest
from django.urls import reverse

from core import tasks as core_tasks
from core.models import Heartbeat
from notifications.models import Delivery
from tests.integration.conftest import wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_consumes_a_task_from_redis_and_writes_to_postgresql(worker):
    assert not Heartbeat.objects.exists()
    core_tasks.record_heartbeat.delay()
    assert wait_until(Heartbeat.objects.filter(name="worker").exists), worker.read_log()


def test_a_password_reset_email_is_sent_by_the_worker_after_the_request_commits(
    client, mentor, worker
):
    response = client.post(reverse("account_reset_password"), {"email": "mentor@example.org"})
    assert response.status_code == 302

    assert wait_until(lambda: Delivery.objects.filter(status=Delivery.Status.SENT).exists()), (
        worker.read_log()
    )
    sent = "".join(worker.sent_messages())
    assert "To: mentor@example.org" in sent
    assert "/accounts/password/reset/key/" in sent
    assert Delivery.objects.count() == 1
