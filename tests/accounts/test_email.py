import uuid
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils import timezone

from accounts import services, tasks
from accounts.models import EmailDelivery

pytestmark = pytest.mark.django_db


def test_an_email_task_run_twice_sends_once():
    key = str(uuid.uuid4())
    for _ in range(2):
        tasks.send_email.delay(key=key, subject="Hello", body="Body", to=["a@example.org"])
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.get(key=key).sent_at is not None


def test_a_failed_send_leaves_nothing_marked_so_a_retry_sends(monkeypatch):
    key = uuid.uuid4()

    def broken_send(self, fail_silently=False):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken_send)
    with pytest.raises(OSError, match="mail server down"):
        services.send_email(
            key=key, subject="s", body="b", to=["a@example.org"], now=timezone.now()
        )
    assert not EmailDelivery.objects.filter(key=key).exists()
    monkeypatch.undo()
    assert services.send_email(
        key=key, subject="s", body="b", to=["a@example.org"], now=timezone.now()
    )
    assert len(mail.outbox) == 1


def test_an_html_alternative_is_attached():
    services.send_email(
        key=uuid.uuid4(),
        subject="s",
        body="plain",
        html_body="<p>rich</p>",
        to=["a@example.org"],
        now=timezone.now(),
    )
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_clearing_expired_sessions_keeps_live_ones_and_can_run_twice():
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="", expire_date=now - timedelta(days=1))
    Session.objects.create(session_key="live", session_data="", expire_date=now + timedelta(days=1))
    old = EmailDelivery.objects.create(key=uuid.uuid4(), sent_at=now)
    EmailDelivery.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=40))
    recent = EmailDelivery.objects.create(key=uuid.uuid4(), sent_at=now)

    assert services.clear_expired_sessions(now=now, keep_deliveries_for=timedelta(days=30)) == (
        1,
        1,
    )
    assert services.clear_expired_sessions(now=now, keep_deliveries_for=timedelta(days=30)) == (
        0,
        0,
    )
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
    assert list(EmailDelivery.objects.all()) == [recent]
