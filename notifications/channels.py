"""Channels carry a rendered message to a person. Email now; text message (GOV.UK Notify),
letter and the coordinator's call list arrive with reminders."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

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
        email.send()


CHANNELS = {"email": EmailChannel()}
