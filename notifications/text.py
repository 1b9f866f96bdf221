"""Text messages, through a backend chosen in settings (TEXT_BACKEND), like Django's email
backends: GOV.UK Notify for real, the console or a folder of files in development, memory
in tests. A text carries only the body of a message: no subject, no attachment."""

from __future__ import annotations

import json
import logging
import sys
import uuid
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# The texts the memory backend has sent, like django.core.mail.outbox.
outbox: list[dict[str, str]] = []


class TextBackend(Protocol):
    def send(self, *, to: str, body: str) -> None: ...


class ConsoleBackend:
    """Development: prints the text (never logs it)."""

    def send(self, *, to: str, body: str) -> None:
        sys.stdout.write(f"Text message to {to}:\n{body}\n\n")
        sys.stdout.flush()


class FileBackend:
    """One JSON file per text in TEXT_FILE_PATH (development, and a real worker in tests)."""

    def send(self, *, to: str, body: str) -> None:
        folder = Path(settings.TEXT_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{uuid.uuid4().hex}.json"
        path.write_text(json.dumps({"to": to, "body": body}))


class MemoryBackend:
    """Tests: keeps texts in `notifications.text.outbox`."""

    def send(self, *, to: str, body: str) -> None:
        outbox.append({"to": to, "body": body})


class NotifyBackend:
    """GOV.UK Notify. The template (NOTIFY_TEXT_TEMPLATE_ID) is a single ((body)) field, so
    the words stay in this code base; Notify's errors are raised and the delivery retried."""

    def send(self, *, to: str, body: str) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
        client.send_sms_notification(
            phone_number=to,
            template_id=settings.NOTIFY_TEXT_TEMPLATE_ID,
            personalisation={"body": body},
        )


def backend() -> TextBackend:
    backend_class: type[TextBackend] = import_string(settings.TEXT_BACKEND)
    return backend_class()
