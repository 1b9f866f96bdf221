"""Channels carry a rendered message to a person: email (with any attachment, such as a
calendar entry) and text message (notifications.text: GOV.UK Notify, or a development
backend). Letters and phone calls are not sent by a worker: the reminders app keeps the
coordinator's letters to print and call list."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from notifications import text
from notifications.kinds import Message


def subject_line(subject: str) -> str:
    """Every subject names the service, so people know who wrote before they open it."""
    name = settings.SERVICE_NAME
    return subject if subject.startswith(name) else f"{name}: {subject}"


class EmailChannel:
    def send(self, message: Message) -> None:
        email = EmailMultiAlternatives(
            subject_line(message.subject),
            message.body,
            None,
            message.to,
            headers=message.headers or None,
        )
        if message.html_body:
            email.attach_alternative(message.html_body, "text/html")
        for attachment in message.attachments:
            email.attach(attachment.filename, attachment.content, attachment.mimetype)
        email.send()


class TextChannel:
    def send(self, message: Message) -> None:
        backend = text.backend()
        for number in message.to:
            backend.send(to=number, body=message.body)


class Channel(Protocol):
    def send(self, message: Message) -> None: ...


CHANNELS: dict[str, Channel] = {"email": EmailChannel(), "text": TextChannel()}
