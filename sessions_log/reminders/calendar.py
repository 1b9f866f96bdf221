"""The calendar entry (.ics, RFC 5545) attached to an emailed reminder: the contact's day,
or its time when the pair agreed one. It says "Peer mentoring contact" and nothing else
personal: no names, no place, nothing from a log."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from mentoring.matching.models import Relationship
from notifications.kinds import Attachment


def contact_event(relationship: Relationship, day: date, *, now: datetime | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SERVICE_NAME}//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = urlparse(settings.SITE_URL).hostname or "mentoring.invalid"
    event.add("uid", f"contact-{relationship.pk}-{day.isoformat()}@{host}")
    event.add("dtstamp", now or timezone.now())
    event.add("summary", "Peer mentoring contact")
    agreed = relationship.next_contact_at
    if agreed is not None and timezone.localdate(agreed) == day:
        start = timezone.localtime(agreed)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=1))
    else:
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    calendar.add_component(event)
    return calendar.to_ical()


def contact_attachment(relationship: Relationship, day: date) -> Attachment:
    return Attachment(
        filename="contact.ics",
        content=contact_event(relationship, day),
        mimetype="text/calendar",
    )
