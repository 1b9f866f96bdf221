import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import MenteeFactory, ReferralFactory, RelationshipFactory
from tests.support.dates import in_boxes


@pytest.fixture
def pair(programme, mentor, physiotherapist):
    """The mentor persona with Agnes, referred by the physiotherapist persona, started 20
    days ago (sessions every 14 days)."""
    referral = ReferralFactory(
        programme=programme, referred_by=physiotherapist, status="matched",
        first_name="Agnes", last_name="Lennox",
    )  # fmt: skip
    mentee = MenteeFactory(
        programme=programme, first_name="Agnes", last_name="Lennox", waiting_since=None,
        from_referral=referral,
    )  # fmt: skip
    return RelationshipFactory(
        programme=programme, mentor=mentor.mentor, mentee=mentee, referral=referral,
        started_on=timezone.localdate() - timedelta(days=20), planned_interval_days=14,
        formats=["phone", "walking"],
    )  # fmt: skip


@pytest.fixture
def log_post():
    """A held contact as a mentor types it an hour after a phone call."""

    def build(**changes):
        when = timezone.localtime() - timedelta(hours=1)
        following = timezone.localdate() + timedelta(days=14)
        data = {
            "key": str(uuid.uuid4()),
            "occurred_on": when.date(),
            "occurred_time": when.strftime("%H:%M"),
            "outcome": "held",
            "format": "phone",
            "minutes": "50",
            "topics": ["pacing", "goals"],
            "pain": "6",
            "confidence": "4",
            "goal_progress": "Walked to the post office twice",
            "barriers": ["weather"],
            "solutions": "Walked round the shopping centre when it rained",
            "action_plan": "Walk to the shop and back three times this week",
            "private_notes": "Daughter visiting next week",
            "concern": "",
            "concern_details": "",
            "next_on": following,
            "next_time": "10:30",
        }
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return in_boxes(data, "occurred_on", "next_on")

    return build
