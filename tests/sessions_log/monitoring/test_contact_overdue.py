from datetime import timedelta

import pytest

from sessions_log.logs.models import Outcome
from sessions_log.monitoring.rules import contact_overdue
from tests.factories import SessionLogFactory
from tests.sessions_log.monitoring.conftest import TODAY, days_ago, log


@pytest.mark.parametrize(("last_held", "flagged"), [(27, False), (28, True), (29, True)])
def test_flagged_from_the_28th_day_without_a_contact(pair, found, last_held, flagged):
    relationship = pair(started_days_ago=60)
    log(relationship, last_held)
    assert (relationship.pk in found(contact_overdue)) is flagged


def test_late_in_the_evening_of_the_27th_day_is_not_yet(pair, found):
    relationship = pair(started_days_ago=60)
    SessionLogFactory(relationship=relationship, occurred_at=days_ago(27, hour=23))
    assert relationship.pk not in found(contact_overdue)


def test_missed_contacts_do_not_count_as_contact(pair, found):
    relationship = pair(started_days_ago=60)
    log(relationship, 40)
    log(relationship, 2, Outcome.CANCELLED_BY_MENTEE)
    match = found(contact_overdue)[relationship.pk]
    assert match.details == {"last_held_on": (TODAY - timedelta(days=40)).isoformat()}


def test_a_pair_that_never_had_a_contact_is_left_to_no_first_contact(pair, found):
    pair(started_days_ago=60)
    assert found(contact_overdue) == {}
