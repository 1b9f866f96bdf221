from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from sessions_log.logs.models import Outcome
from sessions_log.monitoring.rules.base import Context
from tests.factories import RelationshipFactory, SessionLogFactory

NOW = timezone.make_aware(datetime.combine(timezone.localdate(), time(21)))  # the nightly run
TODAY = NOW.date()


def days_ago(days: int, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(TODAY - timedelta(days=days), time(hour)))


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def found(programme):
    """The relationships a rule finds tonight in the programme: {id: Match}."""

    def find(rule, now=NOW):
        return rule.RULE.find(Context(now=now, programme_ids=[programme.pk]))

    return find


@pytest.fixture
def pair(programme):
    def build(started_days_ago=30, **kwargs):
        return RelationshipFactory(
            programme=programme, started_on=TODAY - timedelta(days=started_days_ago), **kwargs
        )

    return build


def log(relationship, days, outcome=Outcome.HELD, hour=11, **scores):
    if outcome != Outcome.HELD:
        scores.update(minutes=None, pain=None, confidence=None, topics=[], action_plan="")
    return SessionLogFactory(
        relationship=relationship, occurred_at=days_ago(days, hour), outcome=outcome, **scores
    )
