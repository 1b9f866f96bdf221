"""The feedback request: to a mentee who chose email, after their second and last planned
session. It carries the link and the programme's name, never anything about their health
or their sessions."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse

from notifications import kinds
from notifications import services as notifications
from notifications.models import Delivery
from sessions_log.monitoring import services
from sessions_log.monitoring.models import Feedback


@kinds.register(services.FEEDBACK_REQUEST, "How is your mentoring going? To a mentee")
def render_feedback_request(delivery: Delivery) -> kinds.Message | None:
    feedback = (
        Feedback.objects.select_related("relationship__mentee", "programme")
        .filter(pk=int(delivery.subject_key.split(":")[1]), answered_at__isnull=True)
        .first()
    )
    if feedback is None:
        return None  # answered already (on the phone): nothing to ask
    mentee = feedback.relationship.mentee
    if not mentee.email:
        return None
    link = notifications.absolute_url(
        reverse("monitoring:feedback", kwargs={"token": services.feedback_token(feedback)})
    )
    body = render_to_string(
        "monitoring/email/feedback_request.txt",
        {"mentee": mentee, "feedback": feedback, "link": link, "programme": feedback.programme},
    )
    return kinds.Message(to=[mentee.email], subject="How is your mentoring going?", body=body)
