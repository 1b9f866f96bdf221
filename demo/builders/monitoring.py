"""Demo monitoring and reminders, through the same services the nightly and morning runs use:
mentees' feedback (Alan's after his last session, glad; Moira's after her second, taken on
the phone, low), the monitoring run over the demo's pairs (it flags Agnes's open concern,
Moira's missed and overdue contacts, her worsening scores and low feedback, her mentor's
training running out, and Douglas's first contact not yet held) and this morning's reminder
planning (Moira is on today's call list: her next try is tomorrow)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import Programme, User
from mentoring.matching.models import Relationship
from sessions_log.monitoring import services as monitoring
from sessions_log.monitoring.models import Feedback, MonitoringSettings
from sessions_log.reminders import services as reminders
from sessions_log.reminders.models import MenteeReminderPreferences

# (mentee, point, rating, comment): taken by the coordinator on the phone
FEEDBACK = [
    ("Alan", Feedback.Point.LAST, 5, "Margaret's ideas for pacing the housework really helped."),
    ("Moira", Feedback.Point.SECOND, 2, "Finds it hard to fit the calls in at the moment."),
]
# Mentees who asked for a reminder the day before each contact
REMINDED = ["Agnes", "Moira", "Douglas"]


def build_monitoring(programme: Programme) -> None:
    """Safe to run again: feedback is stored once a point, flags once a rule, reminders once
    a day."""
    MonitoringSettings.objects.get_or_create(programme=programme)
    coordinator = User.objects.get(email="coordinator@example.org")
    now = timezone.now()
    pairs = {
        r.mentee.first_name: r
        for r in Relationship.objects.filter(
            programme=programme, started_on__isnull=False
        ).select_related("mentee")
    }
    for name in REMINDED:
        if name in pairs:
            MenteeReminderPreferences.objects.update_or_create(
                mentee=pairs[name].mentee, defaults={"contact_reminders": True}
            )
    for name, point, rating, comment in FEEDBACK:
        if name in pairs:
            monitoring.enter_feedback(
                relationship_id=pairs[name].pk, programme_id=programme.pk, point=point,
                rating=rating, comment=comment, by=coordinator, now=now - timedelta(days=2),
            )  # fmt: skip
    monitoring.run(now=now, programme_ids=[programme.pk])
    reminders.plan_contact_reminders(today=timezone.localdate(now), now=now)
