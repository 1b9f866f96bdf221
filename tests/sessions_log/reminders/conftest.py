"""A pair whose next contact is tomorrow, and a fixed morning to plan reminders on."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.factories import MentorFactory, RelationshipFactory

TODAY = date(2026, 3, 10)  # a Tuesday in winter time (GMT)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of UK time on `day`."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def morning() -> datetime:
    return at(TODAY, 9)


@pytest.fixture
def pair(programme):
    """An active pair (mentor with an account) whose agreed next contact is tomorrow at 10."""
    mentor = MentorFactory(
        programme=programme, status="active", with_account=True, first_name="Alice",
        last_name="Mentorsurname", phone="+447700900111",
    )  # fmt: skip
    return RelationshipFactory(
        programme=programme,
        mentor=mentor,
        mentee__first_name="Betty",
        mentee__last_name="Menteesurname",
        started_on=TODAY - timedelta(days=20),
        next_contact_at=at(TODAY + timedelta(days=1), 10),
    )
