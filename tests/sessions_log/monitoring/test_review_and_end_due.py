from datetime import timedelta

import pytest

from sessions_log.monitoring.rules import end_due, review_due
from tests.sessions_log.monitoring.conftest import TODAY


# The default plan: sessions 14 days apart, review after the second: 14 days after the start.
@pytest.mark.parametrize(("started", "flagged"), [(13, False), (14, True), (15, True)])
def test_review_due_on_the_day_it_falls(pair, found, started, flagged):
    relationship = pair(started_days_ago=started, planned_interval_days=14, review_after_session=2)
    assert (relationship.pk in found(review_due)) is flagged


def test_review_says_when_it_was_due(pair, found):
    relationship = pair(started_days_ago=20, planned_interval_days=14, review_after_session=2)
    due = (TODAY - timedelta(days=6)).isoformat()
    assert found(review_due)[relationship.pk].details == {"due_on": due}


# Twelve weeks: 84 days.
@pytest.mark.parametrize(("started", "flagged"), [(83, False), (84, True), (85, True)])
def test_planned_end_due_on_the_day(pair, found, started, flagged):
    relationship = pair(started_days_ago=started, planned_length_weeks=12)
    assert (relationship.pk in found(end_due)) is flagged


def test_ended_pairs_are_not_due(pair, found):
    pair(started_days_ago=100, status="completed")
    assert found(end_due) == {}
